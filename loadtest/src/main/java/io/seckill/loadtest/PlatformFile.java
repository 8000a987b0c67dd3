package io.seckill.loadtest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the launcher wrote about the running platform ({@code data/platform.json}: gatewayUrl, adminKey,
 * brokerAdminUrl, and paymentTimeout if it set one). Every field is null when the file or the field is missing.
 */
public record PlatformFile(String gatewayUrl, String adminKey, String brokerAdminUrl, String paymentTimeout) {

    public static final PlatformFile NONE = new PlatformFile(null, null, null, null);

    public static PlatformFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
            return new PlatformFile(text(root, "gatewayUrl"), text(root, "adminKey"), text(root, "brokerAdminUrl"),
                    text(root, "paymentTimeout"));
        } catch (IOException | RuntimeException e) {
            throw new LoadTestException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }

    /** The first of the candidates that is set: a flag, then the environment, then this file, then a default. */
    public static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
