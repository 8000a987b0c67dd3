package io.seckill.mq.broker.group;

import org.apache.kafka.common.protocol.Errors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one {@link ClassicGroup} like the coordinator does (responses completed after each call)
 * on a hand-moved clock. Not thread-safe.
 */
final class GroupDriver {

    static final int SESSION_TIMEOUT_MS = 10_000;
    static final int REBALANCE_TIMEOUT_MS = 30_000;

    final InMemoryGroupStore store = new InMemoryGroupStore();
    final ClassicGroup group;
    private final List<Runnable> completions = new ArrayList<>();
    private long nowMs = 1_000;

    GroupDriver(GroupConfig config) {
        group = new ClassicGroup("g", config, store, completions);
    }

    GroupDriver() {
        this(GroupConfig.withInitialRebalanceDelayMs(0));
    }

    static List<Protocol> protocols(String... names) {
        return Arrays.stream(names).map(n -> new Protocol(n, n.getBytes(StandardCharsets.UTF_8))).toList();
    }

    CompletableFuture<JoinResult> join(JoinRequest request) {
        CompletableFuture<JoinResult> result = group.join(request, nowMs);
        flush();
        return result;
    }

    CompletableFuture<JoinResult> join(String memberId, String instanceId, List<Protocol> protocols,
                                       boolean requireKnownMemberId) {
        return join(new JoinRequest("g", memberId, instanceId, "client", "/127.0.0.1", SESSION_TIMEOUT_MS,
                REBALANCE_TIMEOUT_MS, "consumer", protocols, requireKnownMemberId));
    }

    CompletableFuture<JoinResult> join(String memberId) {
        return join(memberId, null, protocols("range"), false);
    }

    CompletableFuture<SyncResult> sync(String memberId, int generation, Map<String, byte[]> assignments) {
        CompletableFuture<SyncResult> result = group.sync(memberId, null, generation, "consumer", null, assignments,
                nowMs);
        flush();
        return result;
    }

    Errors heartbeat(String memberId, int generation) {
        Errors error = group.heartbeat(memberId, null, generation, nowMs);
        flush();
        return error;
    }

    Errors leave(String memberId) {
        Errors error = group.leave(memberId, null, nowMs);
        flush();
        return error;
    }

    /** Moves the clock and runs the coordinator's timer once. */
    void advanceMs(long ms) {
        nowMs += ms;
        group.expire(nowMs);
        flush();
    }

    private void flush() {
        List<Runnable> ready = List.copyOf(completions);
        completions.clear();
        ready.forEach(Runnable::run);
    }
}
