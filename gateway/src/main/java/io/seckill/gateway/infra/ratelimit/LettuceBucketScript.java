package io.seckill.gateway.infra.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code redis/token_buckets.lua} sent through Lettuce's asynchronous API on the connection factory's shared native
 * connection: EVALSHA, and EVAL when Redis has forgotten the script (after a restart). A seckill pays this call,
 * so it skips the layers of Spring Data's reactive script executor (a connection wrapper, serializers and a chain of
 * operators per call); Lettuce still reconnects the connection by itself.
 *
 * <p>The connection is looked up on first use, not at start, so a gateway starts while Redis is down (and limits
 * locally until it is up), on a worker thread: connecting blocks, for up to {@code spring.data.redis.connect-timeout}.
 * Every later call ends within Lettuce's command timeout, which the gateway sets to half the limiter's
 * {@code redis-timeout} ({@code GatewayApplication}). Thread-safe.
 */
final class LettuceBucketScript implements BucketCallBatcher.ScriptCall {

    private static final byte[] SCRIPT = load("redis/token_buckets.lua");
    private static final String SHA1 = sha1(SCRIPT);

    private final LettuceConnectionFactory connections;
    private volatile RedisClusterAsyncCommands<byte[], byte[]> commands;

    LettuceBucketScript(LettuceConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public Mono<List<Long>> apply(List<String> keys, List<String> args) {
        RedisClusterAsyncCommands<byte[], byte[]> known = commands;
        if (known == null) {
            // First use, or Redis was unreachable until now: connecting blocks, so not on an event loop.
            return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic())
                    .flatMap(redis -> evaluate(redis, keys, args));
        }
        return evaluate(known, keys, args);
    }

    private static Mono<List<Long>> evaluate(RedisClusterAsyncCommands<byte[], byte[]> redis, List<String> keys,
                                             List<String> args) {
        byte[][] keyBytes = bytes(keys);
        byte[][] argBytes = bytes(args);
        return Mono.fromCompletionStage(redis.<List<Object>>evalsha(SHA1, ScriptOutputType.MULTI, keyBytes, argBytes))
                .onErrorResume(RedisNoScriptException.class, missing -> Mono.fromCompletionStage(
                        redis.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keyBytes, argBytes)))
                .map(LettuceBucketScript::numbers);
    }

    @SuppressWarnings("unchecked")
    private RedisClusterAsyncCommands<byte[], byte[]> connect() {
        // The factory shares one native connection among its wrappers, and Lettuce reconnects it after a Redis
        // restart, so once obtained it is kept for good.
        RedisClusterAsyncCommands<byte[], byte[]> connected =
                (RedisClusterAsyncCommands<byte[], byte[]>) connections.getConnection().getNativeConnection();
        commands = connected;
        return connected;
    }

    private static byte[][] bytes(List<String> values) {
        byte[][] bytes = new byte[values.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    private static List<Long> numbers(List<Object> reply) {
        List<Long> numbers = new ArrayList<>(reply.size());
        for (Object element : reply) {
            numbers.add(((Number) element).longValue());
        }
        return numbers;
    }

    private static byte[] load(String resource) {
        try (var in = new ClassPathResource(resource).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String sha1(byte[] script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
