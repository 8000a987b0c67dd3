package io.seckill.compat.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an Apache Kafka command-line tool the way its shell script does: {@code java -cp ... MainClass args}
 * in a child JVM (the tools call {@code System.exit}), with this test JVM's classpath, which holds
 * kafka-tools. The child logs to stderr (logback-test.xml), so stdout is exactly the tool's output.
 */
final class KafkaTool {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    static final String TOPIC_COMMAND = "org.apache.kafka.tools.TopicCommand";
    static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    static final String CONSUMER_GROUP_COMMAND = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    static final String PRODUCER_PERFORMANCE = "org.apache.kafka.tools.ProducerPerformance";
    static final String CONSUMER_PERFORMANCE = "org.apache.kafka.tools.ConsumerPerformance";
    static final String END_TO_END_LATENCY = "org.apache.kafka.tools.EndToEndLatency";

    /** What a finished tool left behind. */
    record Result(int exitCode, String stdout, String stderr) {

        List<String> stdoutLines() {
            return stdout.lines().filter(line -> !line.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private KafkaTool() {
    }

    static Result run(String mainClass, String... args) {
        return runWithInput("", mainClass, args);
    }

    /** Runs the tool with {@code stdin} as its standard input and waits at most {@link #TIMEOUT} for it to exit. */
    static Result runWithInput(String stdin, String mainClass, String... args) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kafka-tool-");
            Path in = Files.writeString(dir.resolve("stdin"), stdin);
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Short-lived tools: a small heap and the C1 compiler start fastest on a small machine.
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    // The tools format numbers with the default locale; the tests parse them.
                    "-Duser.language=en", "-Duser.country=US",
                    "-cp", System.getProperty("java.class.path"),
                    mainClass));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(mainClass + " did not exit within " + TIMEOUT + "\n"
                        + new Result(-1, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + mainClass, e);
        } finally {
            deleteDirectory(dir);
        }
    }

    private static void deleteDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
