package io.seckill.mq.client;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids: 32 hex digits, time-ordered (48 bits of epoch milliseconds, then 80 random bits, like a UUIDv7
 * without the version bits), so ids sort roughly by creation and index well as a primary key.
 */
public final class MessageIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MessageIds() {
    }

    /** A new id; thread-safe and cheap (no SecureRandom). */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | (random.nextLong() & 0xFFFFL);
        long low = random.nextLong();
        char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xF];
            out[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xF];
        }
        return new String(out);
    }

    /**
     * The id of a consumed record: its {@link MqContract.Headers#MESSAGE_ID} header when the coordinator or
     * mq-client sent it, otherwise {@code topic-partition@offset}, which is stable for redeliveries of that record.
     */
    public static String of(ConsumerRecord<?, ?> record) {
        String id = HeaderValues.string(record.headers(), MqContract.Headers.MESSAGE_ID);
        return id != null ? id : record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
