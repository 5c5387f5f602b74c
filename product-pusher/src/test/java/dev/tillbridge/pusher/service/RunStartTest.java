package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunStartTest {

    private static final Instant LOOP = Instant.parse("2026-11-29T08:00:00Z");

    private static Optional<RunStart.CurrentRun> current(int total, int done, boolean running, int restarts) {
        return Optional.of(new RunStart.CurrentRun("run-a", total, done, running, restarts, LOOP));
    }

    @Test
    void theCatalogSentAgainBeforeTheRunCompletedIsARestartCarryingTheLoop() {
        RunStart start = RunStart.decide(current(12_403, 825, true, 2), 12_403);

        assertThat(start).isEqualTo(new RunStart.Restart("run-a", 3, LOOP));
    }

    @Test
    void aRunAfterACompletedOneStartsFresh() {
        assertThat(RunStart.decide(current(12_403, 12_403, false, 4), 12_403)).isInstanceOf(RunStart.Fresh.class);
        assertThat(RunStart.decide(current(12_403, 12_403, true, 4), 12_403))
                .as("all counted, not closed yet")
                .isInstanceOf(RunStart.Fresh.class);
        assertThat(RunStart.decide(Optional.empty(), 5)).isInstanceOf(RunStart.Fresh.class);
    }

    @Test
    void aSmallRunDuringACatalogRunIsSentAlongsideAndIsNoRestart() {
        assertThat(RunStart.decide(current(12_403, 825, true, 0), 1)).isEqualTo(new RunStart.Side("run-a"));
    }

    @Test
    void aRunOfOneReplacingAnotherRunOfOneIsNoLoop() {
        assertThat(RunStart.decide(current(1, 0, true, 0), 1)).isEqualTo(new RunStart.Replace("run-a"));
    }
}
