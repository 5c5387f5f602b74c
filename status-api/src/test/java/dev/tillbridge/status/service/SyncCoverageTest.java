package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncCoverageTest {

    static final Instant T = Instant.parse("2024-12-13T10:00:00Z");

    @Test
    void magentoNewerThanTheWatermarkStartsWaitingAtTheNewestChange() {
        assertThat(SyncCoverage.behindSince(null, T, T.plusSeconds(5))).isEqualTo(T.plusSeconds(5));
        assertThat(SyncCoverage.behindSince(null, null, T)).isEqualTo(T);
    }

    @Test
    void newerChangesDoNotMoveTheStartOfTheWait() {
        // A busy store keeps changing orders: the first uncovered change sets how long they waited.
        assertThat(SyncCoverage.behindSince(T.plusSeconds(5), T, T.plusSeconds(500)))
                .isEqualTo(T.plusSeconds(5));
    }

    @Test
    void aWatermarkReachingTheWaitEndsItOrStartsTheNextOne() {
        assertThat(SyncCoverage.behindSince(T.plusSeconds(5), T.plusSeconds(5), T.plusSeconds(5)))
                .isNull();
        assertThat(SyncCoverage.behindSince(T.plusSeconds(5), T.plusSeconds(10), T.plusSeconds(70)))
                .isEqualTo(T.plusSeconds(70));
    }

    @Test
    void nothingIsWaitingWhenMagentoIsNotNewer() {
        assertThat(SyncCoverage.behindSince(null, T, T)).isNull();
        assertThat(SyncCoverage.behindSince(null, T, null)).isNull();
    }
}
