package dev.tillbridge.pusher.service;

import java.time.Instant;

/** A run as the database holds it. {@code state} is RUNNING, COMPLETED, FAILED or SUPERSEDED. */
public record RunSnapshot(
        RunKey key,
        String accountId,
        int total,
        int sent,
        int failed,
        String state,
        boolean sideRun,
        int restarts,
        Instant loopStartedAt,
        String lastSku,
        Instant lastSentAt,
        Instant startedAt,
        Instant finishedAt) {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String SUPERSEDED = "SUPERSEDED";

    public int done() {
        return sent + failed;
    }

    /** Every position counted and the run closed: a record of it read again is a repeat. */
    public boolean closed() {
        return finishedAt != null;
    }

    /** Shown on the dashboard: not a side run and not replaced by a newer run. */
    public boolean current() {
        return !sideRun && !SUPERSEDED.equals(state);
    }
}
