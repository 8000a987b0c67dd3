package io.seckill.mq.broker.testing;

import io.seckill.mq.broker.MqBrokerMain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mq-broker as a real child process (the fat jar when it has been built, else the test's classpath), so crash tests can kill it with
 * SIGKILL and shutdown tests can send SIGTERM. Output goes to {@code broker-N.log} in the data dir's
 * parent.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Path FAT_JAR = Path.of("target", "mq-broker.jar").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dataDir;
    private final String flush;
    private final int port;
    private final int adminPort;
    private Process process;
    private Path logFile;
    private int starts;

    public BrokerProcess(Path dataDir, String flush) {
        this.dataDir = dataDir;
        this.flush = flush;
        this.port = TestFiles.freePort();
        this.adminPort = TestFiles.freePort();
    }

    public BrokerProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        if (Files.exists(FAT_JAR)) {
            // after `package` (always so under `mvn verify`): exactly the command line users run
            command.add("-jar");
            command.add(FAT_JAR.toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(MqBrokerMain.class.getName());
        }
        command.addAll(List.of("--port", String.valueOf(port), "--admin-port", String.valueOf(adminPort),
                "--host", "127.0.0.1", "--advertised-host", "127.0.0.1",
                "--data-dir", dataDir.toString(), "--flush", flush));
        logFile = dataDir.resolveSibling("broker-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        awaitHealthy(Duration.ofSeconds(60));
        return this;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + ":\n" + output());
            }
            if (health().statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("broker not healthy within " + timeout + ":\n" + output());
    }

    /** The /health response; status -1 when the broker does not answer. */
    public HttpResponse<String> health() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FailedResponse(e);
        }
    }

    public String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the broker. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful shutdown; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("broker did not stop within 60 s after SIGTERM");
        }
        return process.exitValue();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String output() throws IOException {
        return logFile == null || !Files.exists(logFile) ? "" : Files.readString(logFile);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    /** Stands in for an HTTP response when the broker cannot be reached. */
    private record FailedResponse(Exception cause) implements HttpResponse<String> {
        public int statusCode() { return -1; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
        public String body() { return cause.toString(); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
