package dev.tillbridge.pusher.service;

import java.time.Instant;
import java.util.Optional;

/**
 * What a new run of an integration means, given the run on its dashboard now (its current run). The seed's
 * "updates loop back and start over": a POS that meets Magento errors sends its whole catalog again under a
 * new run id before the previous run completed. That is a restart, counted, so status-api can raise
 * {@code PRODUCT_SYNC_LOOPING}. A small run arriving during a catalog run (one product changed at the till)
 * is no restart: it is sent alongside, as a side run.
 */
public sealed interface RunStart permits RunStart.Fresh, RunStart.Restart, RunStart.Replace, RunStart.Side {

    /** A new run at least this share of the current run's size re-sends the catalog. */
    double RESTART_SHARE = 0.9;

    /** The current run of an integration: the latest started run that is not a side run. */
    record CurrentRun(String runId, int total, int done, boolean running, int restarts, Instant loopStartedAt) {
        boolean incomplete() {
            return running && done < total;
        }
    }

    /** Nothing unfinished before it: the new run is current, with no restarts. */
    record Fresh() implements RunStart {}

    /** The catalog again before the current run completed: the current run is superseded and a restart counted. */
    record Restart(String supersededRunId, int restarts, Instant loopStartedAt) implements RunStart {}

    /** The current run was a run of one product still in flight: replaced, no restart (nothing looped). */
    record Replace(String supersededRunId) implements RunStart {}

    /** A small run during a bigger one: counted and logged, the bigger run stays on the dashboard. */
    record Side(String currentRunId) implements RunStart {}

    static RunStart decide(Optional<CurrentRun> current, int newTotal) {
        if (current.isEmpty() || !current.get().incomplete()) {
            return new Fresh();
        }
        CurrentRun run = current.get();
        if (newTotal < Math.ceil(run.total() * RESTART_SHARE)) {
            return new Side(run.runId());
        }
        if (run.total() == 1) {
            return new Replace(run.runId());
        }
        return new Restart(run.runId(), run.restarts() + 1, run.loopStartedAt());
    }
}
