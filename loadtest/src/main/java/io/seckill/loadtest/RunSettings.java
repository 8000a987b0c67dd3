package io.seckill.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A run's resolved settings (command line, then environment, then {@code data/platform.json}, then defaults).
 *
 * @param activityId    an existing activity to load, or null to create one with {@code stock}
 * @param lead          how far ahead of now a created activity's {@code startsAt} is put, after the users exist
 * @param settleTimeout the longest any follow-through wait may take beyond what it waits for
 * @param warmUp        closed-loop load on a throw-away activity before the measured run; zero for none
 */
public record RunSettings(URI gateway, String adminKey, URI brokerAdmin, String activityId, int users, long stock,
                          int perUserLimit, LoadProfile profile, double payShare, Duration paymentTimeout,
                          Duration settleTimeout, Duration lead, Duration warmUp, int connections, Duration requestTimeout, long seed,
                          Path report) {
}
