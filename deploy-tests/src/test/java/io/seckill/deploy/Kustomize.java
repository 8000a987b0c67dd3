package io.seckill.deploy;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize overlay of {@code k8s/overlays} with {@code kubectl kustomize} (offline, no cluster needed).
 * Without kubectl on the PATH the calling test is skipped with a message saying how to get it; every other failure
 * fails the test. Results are cached per overlay (the files do not change during a build). Thread-safe.
 */
final class Kustomize {

    static final List<String> OVERLAYS = List.of("local", "kafka");

    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects of {@code k8s/overlays/<overlay>}, in kustomize's output order. */
    static List<Map<String, Object>> render(String overlay) {
        Assumptions.assumeTrue(kubectlAvailable(), "kubectl is not on the PATH: the Kustomize checks are skipped. "
                + "Install kubectl (any 1.2x client; `kubectl kustomize` needs no cluster) and run again.");
        return RENDERED.computeIfAbsent(overlay, Kustomize::run);
    }

    static List<Map<String, Object>> run(String overlay) {
        Path dir = Repo.path("k8s/overlays/" + overlay);
        try {
            Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectOutput(out.toFile())
                    .redirectErrorStream(false)
                    .start();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + errors);
            }
            String rendered = Files.readString(out);
            Files.delete(out);
            return Repo.yamlDocuments(rendered);
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static boolean kubectlAvailable() {
        return Tools.onPath("kubectl");
    }
}
