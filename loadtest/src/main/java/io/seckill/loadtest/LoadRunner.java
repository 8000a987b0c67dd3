package io.seckill.loadtest;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Fires a {@link LoadProfile} of seckills at the gateway, open loop: one virtual thread per request, started at (or,
 * for a burst, parked until) its intended send time; the client's connection bound does the queueing, and every
 * latency counts from the intended time, so queueing shows. A sustained run stops starting new requests while
 * {@code maxOutstanding} are unfinished, bounding memory if the platform stalls (the latencies still tell).
 */
public final class LoadRunner {

    private static final String SECKILL = "/api/seckill/";

    private final GatewayClient client;
    private final RunRecorder recorder;
    private final int maxOutstanding;
    private final Queue<Reservation> reservations = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> uncertain = new ConcurrentLinkedQueue<>();

    public LoadRunner(GatewayClient client, RunRecorder recorder, int maxOutstanding) {
        this.client = client;
        this.recorder = recorder;
        this.maxOutstanding = maxOutstanding;
    }

    /** A user of the run: its id and its token. */
    public record User(String id, String token) {
    }

    /** A 202: the order id and the index of the user that holds it. */
    public record Reservation(String orderId, int user) {
    }

    /**
     * The users whose request got a 5xx or no answer at all. Such a request may still have reserved a unit: the
     * gateway answers 503 when the seckill exceeds its time limit, while inventory-service may go on and reserve.
     */
    public List<Integer> uncertainUsers() {
        return List.copyOf(uncertain);
    }

    /** Runs the profile with {@code startNanos} (a {@link System#nanoTime()} reading) as its time zero. */
    public List<Reservation> run(LoadProfile profile, List<User> users, String activityId, long startNanos)
            throws InterruptedException {
        int requests = profile.requests();
        CountDownLatch finished = new CountDownLatch(requests);
        if (profile instanceof LoadProfile.Burst) {
            burst(profile, users, activityId, startNanos, finished);
        } else {
            paced(profile, users, activityId, startNanos, finished);
        }
        finished.await();
        return List.copyOf(reservations);
    }

    private void burst(LoadProfile profile, List<User> users, String activityId, long startNanos,
                       CountDownLatch finished) {
        // Every request waits, already started, for the one signal: the crowd arrives at once, not as fast as a
        // loop can start threads.
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < profile.requests(); i++) {
            int user = profile.userOf(i);
            long intended = startNanos + profile.offsetNanos(i);
            Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    fire(user, users.get(user), activityId, intended);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            });
        }
        sleepUntil(startNanos);
        go.countDown();
    }

    private void paced(LoadProfile profile, List<User> users, String activityId, long startNanos,
                       CountDownLatch finished) throws InterruptedException {
        Semaphore outstanding = new Semaphore(maxOutstanding);
        for (int i = 0; i < profile.requests(); i++) {
            long intended = startNanos + profile.offsetNanos(i);
            sleepUntil(intended);
            outstanding.acquire();
            int user = profile.userOf(i);
            Thread.ofVirtual().start(() -> {
                try {
                    fire(user, users.get(user), activityId, intended);
                } finally {
                    outstanding.release();
                    finished.countDown();
                }
            });
        }
    }

    private void fire(int userIndex, User user, String activityId, long intendedNanos) {
        GatewayClient.Reply reply = client.send("POST", SECKILL + activityId, user.token(), null);
        Outcome outcome = Outcome.of(reply.status());
        recorder.record(outcome, intendedNanos, System.nanoTime());
        if (outcome == Outcome.SERVER_ERROR || reply.status() == Outcome.NO_RESPONSE) {
            uncertain.add(userIndex);
        }
        switch (outcome) {
            case ACCEPTED -> reservations.add(new Reservation(reply.member("orderId"), userIndex));
            case OTHER -> recorder.countReason(reply.status() == Outcome.NO_RESPONSE
                    ? "no response: " + firstWord(reply.body()) : reply.status() + " " + reply.code());
            // The gateway names the bucket that refused: the user's own or the activity's (docs/gateway.md).
            case RATE_LIMITED -> recorder.countReason("429 " + reply.code() + " (" + bucket(reply) + " bucket)");
            default -> recorder.countReason(reply.status() + " " + reply.code());
        }
    }

    private static String bucket(GatewayClient.Reply reply) {
        String bucket = reply.member("bucket");
        return bucket == null ? "unknown" : bucket;
    }

    private static String firstWord(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        return colon < 0 ? String.valueOf(text) : text.substring(0, colon);
    }

    private static void sleepUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
