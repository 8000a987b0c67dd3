package io.seckill.mq.broker.group;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The coordinator of every consumer group (classic protocol) on this broker: the groups' state
 * machines ({@link ClassicGroup}), their committed offsets, and the durable {@link GroupStore}
 * both are written to. A timer expires sessions and ends rebalances that ran out of time.
 *
 * <p>Invariants: every group with committed offsets exists (possibly Empty); an OffsetCommit is
 * acknowledged only once its records are durable; the memory state is changed in the same order as
 * the store is appended to. A vacant group without offsets is removed (Dead).
 *
 * <p>Thread-safety: all state is guarded by one lock (a single-node broker has few groups and short
 * critical sections). Responses are completed after the lock is released, so no network callback
 * ever runs under it.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final long TICK_MS = 100;

    /** A member named in a LeaveGroup: by member id, or (v3+) by static instance id. */
    public record LeavingMember(String memberId, String groupInstanceId) {
    }

    /** Outcome of an OffsetDelete: a group-level error, else one error per partition. */
    public record OffsetDeletion(Errors groupError, Map<TopicPartition, Errors> partitions) {
    }

    private final GroupConfig config;
    private final Time time;
    private final GroupStore store;
    private final Predicate<TopicPartition> partitionExists;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
    private final List<Runnable> completions = new ArrayList<>();
    private ScheduledExecutorService timer;

    GroupCoordinator(GroupConfig config, Time time, GroupStore store, Predicate<TopicPartition> partitionExists) {
        this.config = config;
        this.time = time;
        this.store = store;
        this.partitionExists = partitionExists;
    }

    /** Restores groups and offsets from the log (compacting it if worthwhile) and starts the session timer. */
    public static GroupCoordinator start(GroupConfig config, Time time, GroupLog groupLog,
                                         Predicate<TopicPartition> partitionExists) throws IOException {
        GroupCoordinator coordinator = new GroupCoordinator(config, time, groupLog, partitionExists);
        coordinator.restore(groupLog.load());
        coordinator.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "group-coordinator-timer");
            thread.setDaemon(true);
            return thread;
        });
        coordinator.timer.scheduleWithFixedDelay(coordinator::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return coordinator;
    }

    void restore(GroupLogState state) {
        locked(() -> {
            long nowMs = time.milliseconds();
            state.groups().forEach((groupId, value) -> groups.put(groupId,
                    ClassicGroup.restore(groupId, value, config, store, completions, nowMs)));
            state.offsets().forEach((groupId, committed) -> {
                offsets.put(groupId, new HashMap<>(committed));
                groups.computeIfAbsent(groupId, this::newGroup);
            });
            return null;
        });
    }

    private ClassicGroup newGroup(String groupId) {
        return new ClassicGroup(groupId, config, store, completions);
    }

    public CompletableFuture<JoinResult> join(JoinRequest request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(JoinResult.error(Errors.INVALID_GROUP_ID, request.memberId()));
        }
        return locked(() -> {
            ClassicGroup group = groups.get(request.groupId());
            if (group == null && !request.memberId().isEmpty()) {
                return CompletableFuture.completedFuture(
                        JoinResult.error(Errors.UNKNOWN_MEMBER_ID, request.memberId()));
            }
            if (group == null) {
                group = newGroup(request.groupId());
                groups.put(request.groupId(), group);
            }
            return group.join(request, time.milliseconds());
        });
    }

    public CompletableFuture<SyncResult> sync(String groupId, String memberId, String instanceId, int generation,
                                              String protocolType, String protocolName,
                                              Map<String, byte[]> assignments) {
        return locked(() -> {
            ClassicGroup group = groups.get(groupId);
            return group == null ? CompletableFuture.completedFuture(SyncResult.error(Errors.UNKNOWN_MEMBER_ID))
                    : group.sync(memberId, instanceId, generation, protocolType, protocolName, assignments,
                    time.milliseconds());
        });
    }

    public Errors heartbeat(String groupId, String memberId, String instanceId, int generation) {
        return locked(() -> {
            ClassicGroup group = groups.get(groupId);
            return group == null ? Errors.UNKNOWN_MEMBER_ID
                    : group.heartbeat(memberId, instanceId, generation, time.milliseconds());
        });
    }

    /** One error per leaving member, in request order. */
    public List<Errors> leave(String groupId, List<LeavingMember> leaving) {
        return locked(() -> {
            ClassicGroup group = groups.get(groupId);
            List<Errors> errors = new ArrayList<>(leaving.size());
            for (LeavingMember member : leaving) {
                errors.add(group == null ? Errors.UNKNOWN_MEMBER_ID
                        : group.leave(member.memberId(), member.groupInstanceId(), time.milliseconds()));
            }
            return errors;
        });
    }

    public List<GroupDescription> listGroups() {
        return locked(() -> groups.values().stream().map(ClassicGroup::describe).toList());
    }

    public Optional<GroupDescription> describe(String groupId) {
        return locked(() -> Optional.ofNullable(groups.get(groupId)).map(ClassicGroup::describe));
    }

    /** Deletes Empty groups with their offsets: NONE, GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP per group. */
    public Map<String, Errors> deleteGroups(List<String> groupIds) {
        return locked(() -> {
            Map<String, Errors> results = new LinkedHashMap<>();
            for (String groupId : groupIds) {
                ClassicGroup group = groups.get(groupId);
                if (group == null) {
                    results.put(groupId, Errors.GROUP_ID_NOT_FOUND);
                } else if (group.state() != GroupState.EMPTY) {
                    results.put(groupId, Errors.NON_EMPTY_GROUP);
                } else {
                    removeGroup(group);
                    results.put(groupId, Errors.NONE);
                }
            }
            return results;
        });
    }

    private void removeGroup(ClassicGroup group) {
        groups.remove(group.groupId());
        group.markDead();
        Map<TopicPartition, CommittedOffset> removed = offsets.remove(group.groupId());
        if (removed != null) {
            store.writeOffsets(group.groupId(), tombstones(removed.keySet()));
        }
        store.writeGroup(group.groupId(), null);
    }

    /**
     * Commits offsets for a member of the current generation, or for a simple consumer / admin
     * (generation -1, no member id) while the group is Empty or unknown. Completes once durable; the
     * commit time is the coordinator's clock.
     */
    public CompletableFuture<Map<TopicPartition, Errors>> commitOffsets(String groupId, String memberId,
                                                                        String instanceId, int generation,
                                                                        Map<TopicPartition, CommittedOffset> commits) {
        return locked(() -> {
            ClassicGroup group = groups.get(groupId);
            Errors groupError = groupId.isEmpty() ? Errors.INVALID_GROUP_ID
                    : group != null ? group.validateCommit(memberId, instanceId, generation)
                    : generation < 0 ? Errors.NONE : Errors.ILLEGAL_GENERATION;
            long nowMs = time.milliseconds();
            Map<TopicPartition, Errors> results = new LinkedHashMap<>();
            Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
            commits.forEach((tp, commit) -> {
                Errors error = commitError(groupError, tp, commit);
                results.put(tp, error);
                if (error == Errors.NONE) {
                    accepted.put(tp, new CommittedOffset(commit.offset(), commit.leaderEpoch(), commit.metadata(),
                            nowMs));
                }
            });
            if (accepted.isEmpty()) {
                return CompletableFuture.completedFuture(results);
            }
            groups.computeIfAbsent(groupId, this::newGroup);
            offsets.computeIfAbsent(groupId, g -> new HashMap<>()).putAll(accepted);
            return store.writeOffsets(groupId, accepted).handle((ignored, failure) -> {
                if (failure != null) {
                    log.error("could not make the offset commit of group {} durable", groupId, failure);
                    accepted.keySet().forEach(tp -> results.put(tp, Errors.COORDINATOR_NOT_AVAILABLE));
                }
                return results;
            });
        });
    }

    private Errors commitError(Errors groupError, TopicPartition tp, CommittedOffset commit) {
        if (groupError != Errors.NONE) {
            return groupError;
        }
        if (!partitionExists.test(tp)) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (commit.metadata() != null && commit.metadata().length() > config.maxMetadataBytes()) {
            return Errors.OFFSET_METADATA_TOO_LARGE;
        }
        return Errors.NONE;
    }

    /** The group's committed offsets (empty for an unknown group). */
    public Map<TopicPartition, CommittedOffset> committed(String groupId) {
        return locked(() -> Map.copyOf(offsets.getOrDefault(groupId, Map.of())));
    }

    /** Every group's committed offsets, for lag metrics. */
    public Map<String, Map<TopicPartition, CommittedOffset>> allCommitted() {
        return locked(() -> {
            Map<String, Map<TopicPartition, CommittedOffset>> copy = new HashMap<>();
            offsets.forEach((groupId, committed) -> copy.put(groupId, Map.copyOf(committed)));
            return copy;
        });
    }

    /** OffsetDelete: refused (GROUP_SUBSCRIBED_TO_TOPIC) for topics the group's members subscribe to. */
    public OffsetDeletion deleteOffsets(String groupId, Set<TopicPartition> partitions) {
        return locked(() -> {
            ClassicGroup group = groups.get(groupId);
            if (group == null) {
                return new OffsetDeletion(Errors.GROUP_ID_NOT_FOUND, Map.of());
            }
            boolean consumerGroup = ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType());
            if (group.hasMembers() && !consumerGroup) {
                return new OffsetDeletion(Errors.NON_EMPTY_GROUP, Map.of());
            }
            Set<String> subscribed = subscribedTopics(group);
            Map<TopicPartition, Errors> results = new LinkedHashMap<>();
            Set<TopicPartition> deleted = new HashSet<>();
            Map<TopicPartition, CommittedOffset> committed = offsets.getOrDefault(groupId, new HashMap<>());
            for (TopicPartition tp : partitions) {
                boolean refused = subscribed.contains(tp.topic());
                results.put(tp, refused ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE);
                if (!refused && committed.remove(tp) != null) {
                    deleted.add(tp);
                }
            }
            if (committed.isEmpty()) {
                offsets.remove(groupId);
            }
            store.writeOffsets(groupId, tombstones(deleted));
            return new OffsetDeletion(Errors.NONE, results);
        });
    }

    private static Set<String> subscribedTopics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        for (byte[] subscription : group.subscriptions()) {
            try {
                ConsumerPartitionAssignor.Subscription parsed =
                        ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(subscription));
                topics.addAll(parsed.topics());
            } catch (RuntimeException e) {
                log.debug("group {} has a member subscription that is not a consumer's", group.groupId(), e);
            }
        }
        return topics;
    }

    /** Drops every group's offsets of a deleted topic. */
    public void onTopicDeleted(String topic) {
        locked(() -> {
            offsets.forEach((groupId, committed) -> {
                Set<TopicPartition> dropped = new HashSet<>();
                committed.keySet().removeIf(tp -> tp.topic().equals(topic) && dropped.add(tp));
                store.writeOffsets(groupId, tombstones(dropped));
            });
            offsets.values().removeIf(Map::isEmpty);
            return null;
        });
    }

    private static Map<TopicPartition, CommittedOffset> tombstones(Set<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> tombstones = new HashMap<>();
        partitions.forEach(tp -> tombstones.put(tp, null));
        return tombstones;
    }

    /** Expires sessions and overdue rebalances; removes vacant groups without offsets. */
    void tick() {
        locked(() -> {
            long nowMs = time.milliseconds();
            for (ClassicGroup group : List.copyOf(groups.values())) {
                group.expire(nowMs);
                if (group.isVacant() && !offsets.containsKey(group.groupId())) {
                    removeGroup(group);
                }
            }
            return null;
        });
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("group coordinator timer failed", e);
        }
    }

    private <T> T locked(Supplier<T> action) {
        List<Runnable> ready;
        lock.lock();
        try {
            return action.get();
        } finally {
            ready = List.copyOf(completions);
            completions.clear();
            lock.unlock();
            ready.forEach(Runnable::run);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
