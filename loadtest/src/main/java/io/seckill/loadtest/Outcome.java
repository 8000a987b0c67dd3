package io.seckill.loadtest;

/**
 * What one seckill request came back with, as the report groups it: API.md's 202 (reserved), 409 (sold out,
 * already purchased, not started, ended), 429 (rate limited), any 5xx (503 BUSY mostly), and everything else,
 * transport errors and client time-outs included.
 */
public enum Outcome {
    ACCEPTED("202"),
    CONFLICT("409"),
    RATE_LIMITED("429"),
    SERVER_ERROR("5xx"),
    OTHER("other");

    /** The status a request gets when it has no HTTP answer (connection refused, reset, client time-out). */
    public static final int NO_RESPONSE = -1;

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The short name used on the console, in the JSON and in the charts. */
    public String label() {
        return label;
    }

    public static Outcome of(int status) {
        if (status == 202) {
            return ACCEPTED;
        }
        if (status == 409) {
            return CONFLICT;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status >= 500 && status <= 599) {
            return SERVER_ERROR;
        }
        return OTHER;
    }
}
