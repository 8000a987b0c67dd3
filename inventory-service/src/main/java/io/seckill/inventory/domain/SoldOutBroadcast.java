package io.seckill.inventory.domain;

/**
 * Tells the other inventory-service instances that an activity sold out, so that they refuse its crowd from memory
 * too. Best effort: a lost announcement costs each instance one Redis call, never a wrong answer.
 */
public interface SoldOutBroadcast {

    /** Announces, without waiting, that the hot stock of the activity was found empty. */
    void announce(String activityId);
}
