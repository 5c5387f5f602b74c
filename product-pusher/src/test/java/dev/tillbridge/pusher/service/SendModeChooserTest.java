package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SendModeChooserTest {

    private static final long SECOND = 1_000_000_000L;
    private final SendModeChooser chooser = new SendModeChooser(Duration.ofSeconds(5), Duration.ofMinutes(10), 100);

    /** One window of {@code seconds} in which the current mode finished {@code products}; returns the next mode. */
    private SendMode window(long start, int seconds, int products) {
        SendMode mode = chooser.choose(start, 5_000);
        chooser.finished(mode, products);
        return chooser.choose(start + seconds * SECOND, 5_000);
    }

    @Test
    void measuresBothModesAndKeepsTheFasterUntilTheRetrial() {
        assertThat(chooser.choose(0, 5_000)).as("starts with PUT").isEqualTo(SendMode.PUT);
        chooser.finished(SendMode.PUT, 500);
        assertThat(chooser.choose(5 * SECOND, 5_000)).as("then tries BULK").isEqualTo(SendMode.BULK);
        chooser.finished(SendMode.BULK, 2_000);
        assertThat(chooser.choose(10 * SECOND, 5_000))
                .as("BULK moved 400/s, PUT 100/s")
                .isEqualTo(SendMode.BULK);
        chooser.finished(SendMode.BULK, 2_000);
        assertThat(chooser.choose(15 * SECOND, 5_000)).isEqualTo(SendMode.BULK);
        assertThat(chooser.measured(SendMode.PUT)).isEqualTo(100.0);

        assertThat(chooser.choose(11 * 60 * SECOND, 5_000))
                .as("PUT measured too long ago: tried again")
                .isEqualTo(SendMode.PUT);
    }

    @Test
    void staysWithPutWhenBulkIsSlower() {
        window(0, 5, 1_000);
        assertThat(window(5 * SECOND, 5, 250)).isEqualTo(SendMode.PUT);
    }

    @Test
    void aWindowWaitsForTwoBulksToFinishUnlessTheModeIsHopelesslySlow() {
        window(0, 5, 1_000);
        assertThat(chooser.choose(6 * SECOND, 5_000)).isEqualTo(SendMode.BULK);
        chooser.finished(SendMode.BULK, 100);
        assertThat(chooser.choose(12 * SECOND, 5_000))
                .as("one bulk is no measure yet")
                .isEqualTo(SendMode.BULK);
        assertThat(chooser.choose(57 * SECOND, 5_000))
                .as("ten windows: measured as slow")
                .isEqualTo(SendMode.PUT);
    }

    @Test
    void aSmallBacklogAlwaysGoesByPut() {
        window(0, 5, 10);
        chooser.finished(SendMode.BULK, 5_000);
        assertThat(chooser.choose(10 * SECOND, 150)).isEqualTo(SendMode.PUT);
    }

    @Test
    void aRefusedBulkEndpointCountsAsSlowest() {
        window(0, 5, 100);
        chooser.bulkUnavailable(6 * SECOND);
        assertThat(chooser.choose(7 * SECOND, 5_000)).isEqualTo(SendMode.PUT);
        assertThat(window(12 * SECOND, 5, 100)).isEqualTo(SendMode.PUT);
    }
}
