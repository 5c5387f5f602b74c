package dev.tillbridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The named factories build the same records as the canonical constructor (the JSON shape). */
class SyncCycleTest {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");
    private static final UUID CYCLE = UUID.randomUUID();

    @Test
    void aStartedCycleCarriesOnlyItsWindowStart() {
        assertThat(SyncCycle.started("int-1", CYCLE, T))
                .isEqualTo(new SyncCycle(
                        "int-1", CYCLE, SyncCycle.Phase.STARTED, T, null, 0, 0, 0, 0, null, null, null, null));
        assertThat(SyncCycle.started("int-1", CYCLE, T).eventType()).isEqualTo(SyncCycle.STARTED_TYPE);
    }

    @Test
    void aSucceededCycleCarriesWhatItFound() {
        SyncCycle ended = SyncCycle.ended("int-1", CYCLE, T)
                .windowTo(T.plusSeconds(60))
                .orders(37, 36)
                .invoicesSeen(2)
                .pages(3)
                .magentoNewestUpdatedAt(T.plusSeconds(59))
                .succeeded(812);
        assertThat(ended)
                .isEqualTo(new SyncCycle(
                        "int-1",
                        CYCLE,
                        SyncCycle.Phase.ENDED,
                        T,
                        T.plusSeconds(60),
                        37,
                        36,
                        2,
                        3,
                        T.plusSeconds(59),
                        SyncCycle.Outcome.SUCCEEDED,
                        812L,
                        null));
        assertThat(ended.eventType()).isEqualTo(SyncCycle.ENDED_TYPE);
    }

    @Test
    void aFailedCycleCarriesItsSentenceAndNoCounts() {
        assertThat(SyncCycle.ended("int-1", CYCLE, T).failed(120, "Magento answered 503"))
                .isEqualTo(new SyncCycle(
                        "int-1",
                        CYCLE,
                        SyncCycle.Phase.ENDED,
                        T,
                        null,
                        0,
                        0,
                        0,
                        0,
                        null,
                        SyncCycle.Outcome.FAILED,
                        120L,
                        "Magento answered 503"));
    }
}
