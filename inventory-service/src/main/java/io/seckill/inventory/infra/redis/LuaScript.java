package io.seckill.inventory.infra.redis;

import org.redisson.api.RScript;
import org.redisson.client.RedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from the classpath, sent as EVALSHA and loaded into the server's script cache when that is missing.
 *
 * <p>The fallback is done here rather than left to Redisson's {@code useScriptCache} flag so that the hot path
 * sends only a digest whatever the client configuration, and still works after anything that empties the cache
 * (restart, failover to a replica, {@code SCRIPT FLUSH}). Immutable and thread-safe.
 */
final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    /** Reads {@code resource} (e.g. {@code redis/reserve.lua}) from this class's class loader. */
    static LuaScript fromClasspath(String resource) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Lua script not on the classpath: " + resource);
            }
            return new LuaScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script " + resource, e);
        }
    }

    /**
     * Runs the script by digest; on NOSCRIPT loads it and runs it once more. NOSCRIPT means the script did not
     * run at all, so the second attempt cannot apply its effects twice.
     *
     * @throws io.seckill.common.error.ServiceException {@code BUSY} when Redis is unavailable (the script may or may
     *                                                  not have run: the caller must not assume either)
     */
    <R> R run(RScript script, RScript.Mode mode, RScript.ReturnType returnType, List<Object> keys, Object... args) {
        try {
            try {
                return script.evalSha(mode, sha1, returnType, keys, args);
            } catch (RedisNoScriptException e) {
                script.scriptLoad(source);
                return script.evalSha(mode, sha1, returnType, keys, args);
            }
        } catch (RuntimeException e) {
            if (RedisUnavailable.is(e)) {
                throw RedisUnavailable.busy(e);
            }
            throw e;
        }
    }

    /** The resource name, for messages. */
    String name() {
        return name;
    }

    /** The SHA-1 digest Redis names the script by. */
    String sha1() {
        return sha1;
    }

    private static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }
}
