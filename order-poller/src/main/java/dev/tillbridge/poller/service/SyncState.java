package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertCode;
import java.time.Instant;

/** What the poller keeps per integration between cycles. */
public record SyncState(String integrationId, Instant watermark, Instant invoiceWatermark, int failures,
                        AlertCode activeAlert, Instant alertFirstSeen, int alertOccurrences) {

    public static SyncState initial(String integrationId) {
        return new SyncState(integrationId, null, null, 0, null, null, 0);
    }
}
