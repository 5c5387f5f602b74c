package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.alert.AlertBook.Held;
import java.time.Instant;
import java.util.Set;

/**
 * What the poller keeps per integration between cycles. {@code alert} is the alert the cycles raised and have not
 * resolved ({@link CycleAlerts}). {@code maxEntityId}, {@code recordedSince} and {@code lastSweepAt} drive the
 * reconciliation of late commits (README, "Orders committed late"). {@code generation} is the incarnation of the
 * integration id this state belongs to: every write of a cycle is fenced by it, so nothing of a deleted incarnation
 * reaches a new one (README, "Deleted and created again"). {@code invoicesRead} are the invoices of the invoice overlap
 * whose orders were read already (null: not known).
 */
public record SyncState(
        String integrationId,
        Instant watermark,
        Instant invoiceWatermark,
        int failures,
        Held alert,
        Long maxEntityId,
        Instant recordedSince,
        Instant lastSweepAt,
        long generation,
        Set<Long> invoicesRead) {

    public static SyncState initial(String integrationId) {
        return initial(integrationId, 0);
    }

    public static SyncState initial(String integrationId, long generation) {
        return new SyncState(integrationId, null, null, 0, null, null, null, null, generation, null);
    }

    /** The code of the alert the cycles hold raised, or null. */
    public AlertCode activeAlert() {
        return alert == null ? null : alert.code();
    }
}
