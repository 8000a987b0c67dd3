package io.seckill.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The repository the deployment files live in (the build passes its root as {@code seckill.deploy.root}) and the
 * YAML reading every check shares. Stateless, thread-safe.
 */
final class Repo {

    /** The deployable Spring Boot modules, each with its own application.yml, Dockerfile target and manifests. */
    static final List<String> SPRING_MODULES = List.of("inventory-service", "order-service", "payment-service", "gateway");

    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("seckill.deploy.root", "..")).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    /** The one document of a YAML file, as maps and lists (merge keys {@code <<} resolved). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) yaml().load(read(relative));
    }

    /** Every non-empty document of a YAML stream (a rendered overlay). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private static Yaml yaml() {
        // A fresh instance per call: SnakeYAML's Yaml is not thread-safe.
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
