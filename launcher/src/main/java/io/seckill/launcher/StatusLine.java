package io.seckill.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line with the state of every component, e.g. {@code mariadb ✔  redis ✔  mq-broker ✔  inventory …  order ·}.
 * Live (a terminal is watching): redrawn in place with the elapsed time. Otherwise (a log file, a test): printed as
 * a new line whenever a state changes, so the file holds the history without one line per tick. Thread-safe.
 */
final class StatusLine {

    /** A component's progress. */
    enum State {
        WAITING("·"), STARTING("…"), UP("✔"), FAILED("✘"), STOPPED("■");

        private final String symbol;

        State(String symbol) {
            this.symbol = symbol;
        }
    }

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean live;
    private final long startNanos = System.nanoTime();
    private final Map<String, State> states = new LinkedHashMap<>();
    private String lastPrinted = "";
    private boolean lineOpen;

    StatusLine(PrintStream out, boolean live, List<String> names) {
        this.out = out;
        this.live = live;
        names.forEach(name -> states.put(name, State.WAITING));
    }

    synchronized void set(String name, State state) {
        states.put(name, state);
        tick();
    }

    /** Redraws (live) or prints the line if it changed (not live). */
    synchronized void tick() {
        String line = render();
        if (live) {
            out.print(CLEAR_LINE + line + "  " + elapsed().toSeconds() + " s");
            lineOpen = true;
        } else if (!line.equals(lastPrinted)) {
            out.println(line);
        }
        lastPrinted = line;
        out.flush();
    }

    /** Ends a live line, so that the next output starts on a line of its own. */
    synchronized void close() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.flush();
    }

    /** Prints a message on its own line without breaking the live line (it is redrawn below). */
    synchronized void message(String text) {
        if (lineOpen) {
            out.print(CLEAR_LINE);
            lineOpen = false;
        }
        out.println(text);
        out.flush();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private String render() {
        StringBuilder line = new StringBuilder();
        states.forEach((name, state) -> {
            if (!line.isEmpty()) {
                line.append("  ");
            }
            line.append(name).append(' ').append(state.symbol);
        });
        return line.toString();
    }
}
