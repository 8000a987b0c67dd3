package io.seckill.mq.broker.protocol;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.requests.FetchMetadata;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Incremental fetch sessions (KIP-227). A consumer's full fetch opens a session that remembers its
 * partitions and their fetch offsets; later fetches name only the partitions whose position changed
 * (and the ones to forget), and their responses carry only the partitions with news: records, a
 * moved high watermark or log start offset, or an error. An idle consumer's fetch is then a few bytes
 * each way instead of one entry per partition.
 *
 * <p>At most {@code maxSessions} sessions are kept; opening one more evicts the least recently used.
 * A client whose session was evicted gets FETCH_SESSION_ID_NOT_FOUND and opens a new one, as with
 * Apache Kafka.
 *
 * <p>Thread-safety: the cache is guarded by its monitor, each session by its own monitor. A client
 * has at most one fetch in flight per broker, so a session is used by one request at a time; the
 * locks only keep a late purgatory completion from racing with the next request.
 */
final class FetchSessions {

    /** Apache Kafka's max.incremental.fetch.session.cache.slots default. */
    static final int DEFAULT_MAX_SESSIONS = 1000;

    /** One partition of a session: what the client asked for and what it was last told. */
    static final class CachedPartition {
        final String requestTopic;
        final Uuid topicId;
        final int partition;
        long fetchOffset;
        int maxBytes;
        long sentHighWatermark = -1;
        long sentLogStartOffset = -1;

        CachedPartition(String requestTopic, Uuid topicId, int partition, long fetchOffset, int maxBytes) {
            this.requestTopic = requestTopic;
            this.topicId = topicId;
            this.partition = partition;
            this.fetchOffset = fetchOffset;
            this.maxBytes = maxBytes;
        }

        /** Whether the client must hear about this partition: it was never told, or something changed. */
        boolean hasNews(PartitionData data) {
            return data.records() != null && data.records().sizeInBytes() > 0
                    || data.errorCode() != 0
                    || data.highWatermark() != sentHighWatermark
                    || data.logStartOffset() != sentLogStartOffset;
        }

        void sent(PartitionData data) {
            sentHighWatermark = data.highWatermark();
            sentLogStartOffset = data.logStartOffset();
        }
    }

    /** The key of a session partition: topic id from Fetch v13 on, topic name before. */
    record Key(String topic, Uuid topicId, int partition) {
        static Key of(String topic, Uuid topicId, int partition) {
            return Uuid.ZERO_UUID.equals(topicId) || topicId == null ? new Key(topic, Uuid.ZERO_UUID, partition)
                    : new Key("", topicId, partition);
        }
    }

    /** One session: its id, the epoch the next incremental request must carry, and its partitions in fetch order. */
    static final class Session {
        final int id;
        private int expectedEpoch = 1;
        private final LinkedHashMap<Key, CachedPartition> partitions = new LinkedHashMap<>();

        Session(int id) {
            this.id = id;
        }

        synchronized int expectedEpoch() {
            return expectedEpoch;
        }

        /** Accepts a request with the expected epoch; false (and no change) for any other. */
        synchronized boolean accept(int epoch) {
            if (epoch != expectedEpoch) {
                return false;
            }
            expectedEpoch = FetchMetadata.nextEpoch(epoch);
            return true;
        }

        synchronized void put(CachedPartition partition) {
            Key key = Key.of(partition.requestTopic, partition.topicId, partition.partition);
            CachedPartition existing = partitions.get(key);
            if (existing == null) {
                partitions.put(key, partition);
            } else {
                existing.fetchOffset = partition.fetchOffset;
                existing.maxBytes = partition.maxBytes;
            }
        }

        synchronized void forget(Key key) {
            partitions.remove(key);
        }

        /** The partitions in fetch order (a copy). */
        synchronized List<CachedPartition> partitions() {
            return new ArrayList<>(partitions.values());
        }

        /**
         * Records what a sent response told the client, and moves the partitions that returned
         * records to the end of the fetch order, so that a response byte limit cannot starve the
         * partitions behind them.
         */
        synchronized void sent(List<CachedPartition> told, List<PartitionData> data) {
            List<CachedPartition> withRecords = new ArrayList<>();
            for (int i = 0; i < told.size(); i++) {
                CachedPartition partition = told.get(i);
                PartitionData response = data.get(i);
                partition.sent(response);
                if (response.records() != null && response.records().sizeInBytes() > 0) {
                    withRecords.add(partition);
                }
            }
            for (CachedPartition partition : withRecords) {
                Key key = Key.of(partition.requestTopic, partition.topicId, partition.partition);
                if (partitions.remove(key) != null) {
                    partitions.put(key, partition);
                }
            }
        }

        synchronized int size() {
            return partitions.size();
        }
    }

    private final int maxSessions;
    /** Access-ordered: the first entry is the least recently used session. */
    private final LinkedHashMap<Integer, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

    FetchSessions(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** A new session with these partitions, evicting the least recently used one when full; null when maxSessions is 0. */
    synchronized Session open(List<CachedPartition> partitions) {
        if (maxSessions <= 0) {
            return null;
        }
        if (sessions.size() >= maxSessions) {
            Iterator<Map.Entry<Integer, Session>> eldest = sessions.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        Session session = new Session(id);
        partitions.forEach(session::put);
        sessions.put(id, session);
        return session;
    }

    /** The session with this id (marking it used), or null. */
    synchronized Session get(int id) {
        return sessions.get(id);
    }

    synchronized void close(int id) {
        sessions.remove(id);
    }

    synchronized int count() {
        return sessions.size();
    }

    @Override
    public String toString() {
        return "FetchSessions(" + count() + "/" + maxSessions + ")";
    }

    static boolean sameTopic(CachedPartition a, CachedPartition b) {
        return Objects.equals(a.requestTopic, b.requestTopic) && Objects.equals(a.topicId, b.topicId);
    }
}
