package io.seckill.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.redisson.api.RedissonClient;

/**
 * JUnit Jupiter access to the JVM's one embedded Redis: injects {@link RedissonClient} and {@link EmbeddedRedis}
 * parameters (constructor, lifecycle and test methods).
 *
 * <p>The server starts on the first resolution and lives until the JVM exits (see {@link EmbeddedRedis} for why
 * not a store-scoped resource). jqwik properties, which do not run Jupiter extensions, use
 * {@link EmbeddedRedis#shared()} directly.
 */
public final class RedisExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RedissonClient.class || type == EmbeddedRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedRedis redis = EmbeddedRedis.shared();
        return parameter.getParameter().getType() == RedissonClient.class ? redis.client() : redis;
    }
}
