package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertCode;
import java.time.Instant;

/**
 * What the poller keeps per integration between cycles. {@code maxEntityId}, {@code recordedSince} and
 * {@code lastSweepAt} drive the reconciliation of late commits (README, "Orders committed late").
 */
public record SyncState(String integrationId, Instant watermark, Instant invoiceWatermark, int failures,
                        AlertCode activeAlert, Instant alertFirstSeen, int alertOccurrences, Long maxEntityId,
                        Instant recordedSince, Instant lastSweepAt) {

    public static SyncState initial(String integrationId) {
        return new SyncState(integrationId, null, null, 0, null, null, 0, null, null, null);
    }
}
