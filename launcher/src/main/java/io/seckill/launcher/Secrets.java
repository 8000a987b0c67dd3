package io.seckill.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The platform's three secrets. Each is random per data directory, generated on the first {@code up} and kept in
 * {@code <data>/secrets.properties} (owner-only), so that tokens and the admin key stay valid across restarts; an
 * environment variable ({@code SECKILL_AUTH_ADMIN_KEY}, {@code SECKILL_AUTH_JWT_SECRET}, {@code
 * SECKILL_INTERNAL_SECRET}) wins for the run it is set in and is never written down.
 *
 * @param internalSecret what the gateway sends as {@code X-Internal-Auth} and the services require
 * @param adminKey       earns an ADMIN token from {@code POST /api/auth/token}
 * @param jwtSecret      the gateway's HS256 key (at least 32 bytes)
 */
record Secrets(String internalSecret, String adminKey, String jwtSecret) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reads the data directory's secrets, generating missing ones; then applies the environment's. */
    static Secrets load(Path dataDir, Map<String, String> env) {
        Path file = dataDir.resolve("secrets.properties");
        Properties stored = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    stored.load(reader);
                }
            }
            boolean changed = false;
            for (String key : new String[]{"internal-secret", "admin-key", "jwt-secret"}) {
                if (stored.getProperty(key, "").isBlank()) {
                    stored.setProperty(key, random());
                    changed = true;
                }
            }
            if (changed) {
                write(file, stored);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
        return new Secrets(
                env.getOrDefault("SECKILL_INTERNAL_SECRET", stored.getProperty("internal-secret")),
                env.getOrDefault("SECKILL_AUTH_ADMIN_KEY", stored.getProperty("admin-key")),
                env.getOrDefault("SECKILL_AUTH_JWT_SECRET", stored.getProperty("jwt-secret")));
    }

    private static void write(Path file, Properties secrets) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps the directory's default permissions.
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            secrets.store(writer, "seckill launcher: random per data directory (delete to regenerate)");
        }
    }

    /** 32 random bytes, URL-safe Base64 (43 characters): enough for HS256, safe in a shell and a URL. */
    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
