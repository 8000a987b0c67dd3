package io.seckill.inventory.testing;

import java.util.UUID;

/** Unique activity ids, so that tests sharing one Redis never see each other's keys. */
public final class TestActivities {

    private TestActivities() {
    }

    /** A fresh activity id naming the test that uses it, e.g. {@code soldOut-1f3a…}. */
    public static String newId(String purpose) {
        return purpose + "-" + UUID.randomUUID();
    }
}
