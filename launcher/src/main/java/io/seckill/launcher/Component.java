package io.seckill.launcher;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;

/** One part of the platform the launcher starts (or only watches, if it runs elsewhere) and stops. */
interface Component {

    /** Short name for the status line and the log file ({@code data/logs/<name>.log}). */
    String name();

    /** Starts it without waiting for it to be healthy. */
    void start() throws IOException;

    boolean healthy();

    /** False once a process the launcher started has exited; external servers are always "alive". */
    boolean alive();

    /** The process id, if the launcher started one. */
    OptionalLong pid();

    /** The last lines of its log, for failure messages. */
    String logTail();

    /** Graceful stop (SIGTERM), forced after {@code grace}; nothing for external servers. */
    void stop(Duration grace);

    /** A server the platform uses but the launcher does not run: it is only health-checked. */
    static Component external(String name, HealthCheck health) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
            }

            @Override
            public boolean healthy() {
                return health.healthy();
            }

            @Override
            public boolean alive() {
                return true;
            }

            @Override
            public OptionalLong pid() {
                return OptionalLong.empty();
            }

            @Override
            public String logTail() {
                return "(" + name + " is external: the launcher has no log of it)";
            }

            @Override
            public void stop(Duration grace) {
            }
        };
    }
}
