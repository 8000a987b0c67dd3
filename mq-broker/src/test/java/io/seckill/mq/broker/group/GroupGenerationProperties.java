package io.seckill.mq.broker.group;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.protocol.Errors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group coordinator's contract under any interleaving of joins, rejoins, syncs, heartbeats,
 * leaves and clock jumps (session and rebalance expiries) by up to five clients: generations only
 * increase; every member that completes a join of generation g is in the leader's member list of
 * g and vice versa; and a SyncGroup answer of generation g delivers the leader's assignment for
 * exactly that member.
 */
class GroupGenerationProperties {

    sealed interface Step permits Join, Sync, Heartbeat, Leave, Wait {
    }

    record Join(int client) implements Step {
    }

    record Sync(int client) implements Step {
    }

    record Heartbeat(int client) implements Step {
    }

    record Leave(int client) implements Step {
    }

    record Wait(int ms) implements Step {
    }

    /** What one simulated consumer knows: its member id and the last generation it joined. */
    private static final class Client {
        String memberId = "";
        JoinResult joined;
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Integer> client = Arbitraries.integers().between(0, 4);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(4, client.map(Join::new)),
                Tuple.of(4, client.map(Sync::new)),
                Tuple.of(2, client.map(Heartbeat::new)),
                Tuple.of(1, client.map(Leave::new)),
                Tuple.of(2, Arbitraries.integers().between(100, 35_000).map(Wait::new)));
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void generationsOnlyIncreaseAndAssignmentsReachExactlyTheirGeneration(@ForAll("histories") List<Step> history) {
        GroupDriver driver = new GroupDriver();
        Client[] clients = {new Client(), new Client(), new Client(), new Client(), new Client()};
        Map<Integer, Set<String>> leaderViews = new HashMap<>();
        Map<Integer, Set<String>> joinedMembers = new HashMap<>();
        List<PendingJoin> joins = new ArrayList<>();
        List<SyncCheck> syncs = new ArrayList<>();
        int lastGeneration = 0;
        for (Step step : history) {
            apply(step, driver, clients, joins, syncs);
            assertThat(driver.group.generationId()).isGreaterThanOrEqualTo(lastGeneration);
            lastGeneration = driver.group.generationId();
            collectJoins(joins, clients, leaderViews, joinedMembers);
        }
        Statistics.label("generations completed").collect(Math.min(lastGeneration, 5));
        for (Map.Entry<Integer, Set<String>> view : leaderViews.entrySet()) {
            assertThat(joinedMembers.get(view.getKey())).isSubsetOf(view.getValue());
        }
        for (SyncCheck sync : syncs) {
            sync.verify(leaderViews);
        }
    }

    /** A SyncGroup sent by {@code memberId} in {@code generation}: a successful answer must be that member's share. */
    private record SyncCheck(String memberId, int generation, CompletableFuture<SyncResult> result) {
        void verify(Map<Integer, Set<String>> leaderViews) {
            if (result.isDone() && result.join().error() == Errors.NONE) {
                assertThat(leaderViews.get(generation)).contains(memberId);
                assertThat(new String(result.join().assignment(), StandardCharsets.UTF_8)).isEqualTo(memberId);
            }
        }
    }

    /** A JoinGroup a client sent and has not had an answer to yet. */
    private record PendingJoin(int client, CompletableFuture<JoinResult> result) {
    }

    private static void apply(Step step, GroupDriver driver, Client[] clients, List<PendingJoin> joins,
                              List<SyncCheck> syncs) {
        switch (step) {
            case Join join -> joins.add(new PendingJoin(join.client(), driver.join(clients[join.client()].memberId)));
            case Sync sync -> {
                Client client = clients[sync.client()];
                if (client.joined != null) {
                    int generation = client.joined.generationId();
                    Map<String, byte[]> assignment = client.joined.members().stream().collect(Collectors.toMap(
                            JoinResult.MemberMetadata::memberId, m -> m.memberId().getBytes(StandardCharsets.UTF_8)));
                    syncs.add(new SyncCheck(client.memberId, generation, driver.sync(client.memberId, generation,
                            assignment)));
                }
            }
            case Heartbeat heartbeat -> {
                Client client = clients[heartbeat.client()];
                driver.heartbeat(client.memberId, client.joined == null ? -1 : client.joined.generationId());
            }
            case Leave leave -> {
                driver.leave(clients[leave.client()].memberId);
                clients[leave.client()].memberId = "";
                clients[leave.client()].joined = null;
            }
            case Wait wait -> driver.advanceMs(wait.ms());
        }
    }

    private static void collectJoins(List<PendingJoin> joins, Client[] clients,
                                     Map<Integer, Set<String>> leaderViews, Map<Integer, Set<String>> joinedMembers) {
        for (PendingJoin pending : List.copyOf(joins)) {
            if (!pending.result().isDone()) {
                continue;
            }
            joins.remove(pending);
            JoinResult result = pending.result().join();
            if (result.error() != Errors.NONE) {
                continue;
            }
            joinedMembers.computeIfAbsent(result.generationId(), g -> new HashSet<>()).add(result.memberId());
            if (result.memberId().equals(result.leaderId())) {
                Set<String> view = result.members().stream().map(JoinResult.MemberMetadata::memberId)
                        .collect(Collectors.toSet());
                Set<String> previous = leaderViews.putIfAbsent(result.generationId(), view);
                assertThat(previous == null || previous.equals(view)).as("one membership per generation").isTrue();
            }
            Client client = clients[pending.client()];
            if (client.memberId.isEmpty() || client.memberId.equals(result.memberId())) {
                client.memberId = result.memberId();
                client.joined = result;
            }
        }
    }
}
