package io.seckill.common.id;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time-ordered string ids: 26 characters of Crockford base32 (ULID layout), a 48-bit millisecond timestamp followed
 * by 80 random bits.
 *
 * <p>Ids sort lexicographically in creation order across processes to the millisecond; within one process they are
 * strictly increasing, since an id made in the same (or an earlier, if the clock steps back) millisecond as the
 * previous one takes the previous random part plus one. Thread-safe.
 */
public final class Ids {

    /** Length of every id. */
    public static final int LENGTH = 26;

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long RANDOM_HIGH_MASK = (1L << 16) - 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ReentrantLock LOCK = new ReentrantLock();

    // Guarded by LOCK: the last id's timestamp and its 80 random bits (16 high, 64 low).
    private static long lastMillis = -1;
    private static long randomHigh;
    private static long randomLow;

    private Ids() {
    }

    /** A new id, greater than every id this process made before. */
    public static String next() {
        long millis;
        long high;
        long low;
        LOCK.lock();
        try {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                randomHigh = RANDOM.nextInt() & RANDOM_HIGH_MASK;
                randomLow = RANDOM.nextLong();
            } else {
                randomLow++;
                if (randomLow == 0) {
                    randomHigh = (randomHigh + 1) & RANDOM_HIGH_MASK;
                    if (randomHigh == 0) {
                        lastMillis++; // 2^80 ids in one millisecond: borrow the next millisecond
                    }
                }
            }
            millis = lastMillis;
            high = randomHigh;
            low = randomLow;
        } finally {
            LOCK.unlock();
        }
        return encode(millis, high, low);
    }

    /**
     * When the id was made: the millisecond timestamp in its first 10 characters, or empty if {@code id} is not an
     * id of this format (other length or characters outside the alphabet).
     */
    public static Optional<Instant> timestampOf(String id) {
        if (id == null || id.length() != LENGTH) {
            return Optional.empty();
        }
        long millis = 0;
        for (int i = 0; i < LENGTH; i++) {
            int digit = digitOf(id.charAt(i));
            if (digit < 0) {
                return Optional.empty();
            }
            if (i < 10) {
                millis = (millis << 5) | digit;
            }
        }
        return Optional.of(Instant.ofEpochMilli(millis));
    }

    private static int digitOf(char c) {
        for (int digit = 0; digit < ALPHABET.length; digit++) {
            if (ALPHABET[digit] == c) {
                return digit;
            }
        }
        return -1;
    }

    /** 10 characters of timestamp (50 bits, top 2 zero) then 16 characters of the 80 random bits. */
    private static String encode(long millis, long high, long low) {
        char[] out = new char[LENGTH];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 bits = high(16) : low(64), written 5 bits at a time from the least significant end.
        for (int i = LENGTH - 1; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
