package io.seckill.deploy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's real configuration: its {@code src/main/resources/application.yml} flattened to dotted property names,
 * and how Spring Boot binds environment variables to them. The deployment files are checked against this, so a
 * renamed property or a moved port fails the build.
 */
record ServiceConfig(String module, Map<String, Object> properties) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):");

    static ServiceConfig load(String module) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", Repo.yaml(module + "/src/main/resources/application.yml"), flat);
        return new ServiceConfig(module, flat);
    }

    int port() {
        return Integer.parseInt(value("server.port"));
    }

    String value(String property) {
        Object value = properties.get(property);
        if (value == null) {
            throw new AssertionError(module + "'s application.yml has no " + property);
        }
        return value.toString();
    }

    boolean has(String property) {
        return properties.containsKey(property);
    }

    /** The MySQL schema of {@code spring.datasource.url} (the path of the JDBC URL). */
    String schema() {
        return jdbcSchema(value("spring.datasource.url"));
    }

    static String jdbcSchema(String jdbcUrl) {
        return URI.create(jdbcUrl.substring("jdbc:".length())).getPath().substring(1);
    }

    /** The actuator endpoints exposed over HTTP. */
    List<String> exposedEndpoints() {
        return List.of(value("management.endpoints.web.exposure.include").split("\\s*,\\s*"));
    }

    /**
     * Whether Spring Boot binds this environment variable to a property of this file: the canonical form (dots to
     * underscores, dashes removed, upper case), the legacy form Boot also accepts (dashes to underscores), or a
     * {@code ${NAME:default}} placeholder the file reads.
     */
    boolean bindsEnv(String envName) {
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (envName.equals(canonicalEnv(property.getKey())) || envName.equals(legacyEnv(property.getKey()))) {
                return true;
            }
            Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(property.getValue()));
            while (placeholder.find()) {
                if (placeholder.group(1).equals(envName)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Properties whose defaults only suit the embedded stack on one machine, which every deployment must override:
     * loopback addresses, the datasource credentials (root without a password), and secrets read from placeholders.
     */
    Set<String> propertiesToOverride() {
        Set<String> required = new TreeSet<>();
        properties.forEach((key, value) -> {
            String text = String.valueOf(value);
            if (text.contains("127.0.0.1") || text.contains("localhost")) {
                required.add(key);
            }
            Matcher placeholder = PLACEHOLDER.matcher(text);
            if (placeholder.find() && placeholder.group(1).matches(".*(SECRET|KEY).*")) {
                required.add(key);
            }
        });
        if (has("spring.datasource.url")) {
            required.add("spring.datasource.username");
            required.add("spring.datasource.password");
        }
        return required;
    }

    static String canonicalEnv(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static String legacyEnv(String property) {
        return property.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static void flatten(String prefix, Map<?, ?> node, Map<String, Object> into) {
        node.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key.toString() : prefix + "." + key;
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(name, child, into);
            } else if (value instanceof List<?> list) {
                into.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                into.put(name, value);
            }
        });
    }
}
