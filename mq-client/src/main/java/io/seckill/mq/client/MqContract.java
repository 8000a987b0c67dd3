package io.seckill.mq.client;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place that names every internal topic, consumer group, header and default of the half-message and
 * delayed-delivery protocol. The client ({@code mq-client}) and the coordinator (inside mq-broker, or standalone
 * against Apache Kafka) both speak it; nothing else spells these strings.
 *
 * <p>Everything travels over plain Kafka-protocol topics:
 * <ul>
 *   <li>{@link Topics#HALF}: half messages (record key = the message's key, value = its value, headers = its
 *       headers plus {@code mq-*}) and, in the same partition, the decisions and check markers for them. One
 *       partition is one ordered history, so the coordinator rebuilds every undecided transaction by replaying it.</li>
 *   <li>{@link Topics#check(String)}: check-back requests for one producer group; its live instances share them
 *       as one consumer group and answer with a decision record on {@link Topics#HALF}.</li>
 *   <li>{@link Topics#DELAY}: delayed messages, carrying their due time; the coordinator moves them through
 *       {@link DelayTier tier topics} (each a FIFO of one fixed delay) and delivers them when due.</li>
 *   <li>{@link Topics#DEAD}: half messages that stayed undecided after every check, and undeliverable messages.</li>
 * </ul>
 * Headers whose name starts with {@link Headers#PREFIX} are reserved: the coordinator strips them on delivery,
 * except {@link Headers#MESSAGE_ID}.
 */
public final class MqContract {

    private MqContract() {
    }

    /** Topic names. */
    public static final class Topics {
        public static final String HALF = "__mq_half";
        public static final String DELAY = "__mq_delay";
        public static final String DEAD = "__mq_dead";
        public static final String CHECK_PREFIX = "__mq_check_";
        public static final String DELAY_TIER_PREFIX = "__mq_delay_";

        private Topics() {
        }

        /** The topic on which the coordinator asks {@code producerGroup} about its undecided half messages. */
        public static String check(String producerGroup) {
            return CHECK_PREFIX + ProducerGroups.requireValid(producerGroup);
        }

        /** True for the protocol's own topics, which applications never consume directly. */
        public static boolean isInternal(String topic) {
            return topic.startsWith("__mq_");
        }
    }

    /** Consumer group names. */
    public static final class Groups {
        /** The coordinator's group on {@link Topics#HALF}; its committed offsets are its checkpoints. */
        public static final String HALF_COORDINATOR = "__mq_coordinator_half";
        /** The coordinator's group on {@link Topics#DELAY} and the tier topics. */
        public static final String DELAY_COORDINATOR = "__mq_coordinator_delay";
        public static final String CHECKER_PREFIX = "__mq_checker_";

        private Groups() {
        }

        /** The consumer group in which the live instances of {@code producerGroup} share check-back requests. */
        public static String checker(String producerGroup) {
            return CHECKER_PREFIX + ProducerGroups.requireValid(producerGroup);
        }
    }

    /** Header names; values are UTF-8 text (numbers in decimal). */
    public static final class Headers {
        public static final String PREFIX = "mq-";
        /** Stable id of a message: the same on every delivered copy. Set by the sender, kept by the coordinator. */
        public static final String MESSAGE_ID = "mq-message-id";
        /** On {@link Topics#HALF}: what the record is, one of {@link RecordType}. */
        public static final String TYPE = "mq-type";
        /** Where the message goes once committed or due. */
        public static final String TARGET_TOPIC = "mq-target-topic";
        public static final String PRODUCER_GROUP = "mq-producer-group";
        /** The sender's business transaction id (defaults to the message id); given to the check-back handler. */
        public static final String TRANSACTION_ID = "mq-transaction-id";
        public static final String TRANSACTION_TIMEOUT_MS = "mq-transaction-timeout-ms";
        public static final String CHECK_MAX = "mq-check-max";
        public static final String CHECK_INTERVAL_MS = "mq-check-interval-ms";
        /** On check markers and check requests: how many checks have been made, this one included. */
        public static final String CHECK_COUNT = "mq-check-count";
        /** On check requests: the partition of {@link Topics#HALF} that holds the half message (answer there). */
        public static final String HALF_PARTITION = "mq-half-partition";
        /** On a half message: deliver this many milliseconds after the commit (a transactional delayed message). */
        public static final String DELAY_MS = "mq-delay-ms";
        /** On {@link Topics#DELAY} and the tier topics: epoch milliseconds at which the message is due. */
        public static final String DELIVER_AT = "mq-deliver-at";
        /** On {@link Topics#DEAD}: why the message is there. */
        public static final String DEAD_REASON = "mq-dead-reason";

        private Headers() {
        }

        public static boolean isReserved(String name) {
            return name.startsWith(PREFIX);
        }
    }

    /** The kinds of record on {@link Topics#HALF}. */
    public enum RecordType {
        /** A half message: invisible to consumers until committed. */
        HALF,
        /** The local transaction committed: deliver the half message. */
        COMMIT,
        /** The local transaction rolled back: discard the half message. */
        ROLLBACK,
        /** Written by the coordinator when it sends a check-back request. */
        CHECK,
        /** Written by the coordinator after moving a half message to {@link Topics#DEAD}. */
        DEAD
    }

    /** Defaults of the protocol (each can be configured, and the transaction ones set per message). */
    public static final class Defaults {
        public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(6);
        public static final int CHECK_MAX = 15;
        public static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);
        public static final Duration MAX_DELAY = Duration.ofDays(7);
        public static final int HALF_PARTITIONS = 6;
        public static final int DELAY_PARTITIONS = 3;
        public static final int CHECK_PARTITIONS = 3;

        private Defaults() {
        }
    }

    /** Producer group names: they become part of topic and group names, so Kafka's topic-name rules apply. */
    public static final class ProducerGroups {
        private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

        private ProducerGroups() {
        }

        public static String requireValid(String producerGroup) {
            if (producerGroup == null || !VALID.matcher(producerGroup).matches()) {
                throw new IllegalArgumentException("producer group must be 1-200 characters of [a-zA-Z0-9._-], got '"
                        + producerGroup + "'");
            }
            return producerGroup;
        }
    }

    /** All tier topics, shortest delay first. */
    public static List<DelayTier> delayTiers() {
        return DelayTier.ALL;
    }
}
