package io.seckill.mq.client;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** Reads and writes the protocol's headers: UTF-8 text, numbers in decimal. The last header of a name wins. */
public final class HeaderValues {

    private HeaderValues() {
    }

    public static String string(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The header as a long, or {@code fallback} when absent. A malformed number is the sender's error. */
    public static long longValue(Headers headers, String name, long fallback) {
        String text = string(headers, name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + name + " is not a number: '" + text + "'", e);
        }
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces every header called {@code name} with one holding {@code value}. */
    public static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, bytes(value));
    }

    public static void set(Headers headers, String name, long value) {
        headers.remove(name);
        headers.add(name, bytes(value));
    }
}
