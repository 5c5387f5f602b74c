package dev.tillbridge.status.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One thing Tillbridge learned about an order, as the order story shows it. {@code kind} says which fields are
 * set; the others are left out of the JSON. {@code summary} is the sentence the Status page shows.
 */
@Schema(description = "One fact of an order's story; `kind` says which of the optional fields are set")
public record StoryFact(
        @Schema(description = "when the service that learned it published it")
        Instant at,

        @Schema(enumeration = {"SEEN", "SKIPPED", "RELEASED", "REDOWNLOAD_REQUESTED", "INVOICE", "LOG"})
        String kind,

        String summary,
        // SEEN: a version of the order the poller read (raw-orders)
        UUID cycleId,

        @Schema(description = "ORDER_SEARCH or INVOICE_SEARCH")
        String observedBy,

        Instant updatedAt,
        String state,
        String status,
        Integer storeId,
        BigDecimal baseGrandTotal,
        BigDecimal baseTotalInvoiced,
        // SKIPPED: a decision not to download (skipped-orders)
        String reason,
        Boolean finalDecision,
        String sentence,
        String advice,
        // RELEASED: the record on filtered-orders
        Boolean redownload,
        String downloadMode,
        Integer partition,
        Long offset,

        @Schema(description = "a decision that replaced an earlier one (a not-final skip decided again)")
        Boolean redecided,
        // REDOWNLOAD_REQUESTED
        String requestedBy,
        // INVOICE (Auto-Invoice outcome) and LOG (a log line about the order)
        @Schema(description = "CREATED, ALREADY_INVOICED or FAILED")
        String invoiceOutcome,

        Long invoiceId,
        String logType,
        String service,
        String message) {

    public static final String SEEN = "SEEN";
    public static final String SKIPPED = "SKIPPED";
    public static final String RELEASED = "RELEASED";
    public static final String REDOWNLOAD_REQUESTED = "REDOWNLOAD_REQUESTED";
    public static final String INVOICE = "INVOICE";
    public static final String LOG = "LOG";

    public static StoryFact seen(
            UUID cycleId,
            String observedBy,
            Instant updatedAt,
            String state,
            String status,
            Integer storeId,
            BigDecimal baseGrandTotal,
            BigDecimal baseTotalInvoiced) {
        return new StoryFact(
                null,
                SEEN,
                null,
                cycleId,
                observedBy,
                updatedAt,
                state,
                status,
                storeId,
                baseGrandTotal,
                baseTotalInvoiced,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static StoryFact skipped(
            String reason,
            boolean finalDecision,
            String sentence,
            String advice,
            Instant updatedAt,
            String state,
            String status) {
        return new StoryFact(
                null,
                SKIPPED,
                null,
                null,
                null,
                updatedAt,
                state,
                status,
                null,
                null,
                null,
                reason,
                finalDecision,
                sentence,
                advice,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static StoryFact released(
            boolean redownload,
            String downloadMode,
            Integer partition,
            Long offset,
            Instant updatedAt,
            String state,
            BigDecimal baseGrandTotal,
            BigDecimal baseTotalInvoiced) {
        return new StoryFact(
                null,
                RELEASED,
                null,
                null,
                null,
                updatedAt,
                state,
                null,
                null,
                baseGrandTotal,
                baseTotalInvoiced,
                null,
                null,
                null,
                null,
                redownload,
                downloadMode,
                partition,
                offset,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static StoryFact redownloadRequested(String requestedBy) {
        return new StoryFact(
                null,
                REDOWNLOAD_REQUESTED,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                requestedBy,
                null,
                null,
                null,
                null,
                null);
    }

    public static StoryFact invoice(String outcome, Long invoiceId, String logType, String service, String message) {
        return new StoryFact(
                null, INVOICE, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, outcome, invoiceId, logType, service, message);
    }

    public static StoryFact log(String logType, String service, String message) {
        return new StoryFact(
                null, LOG, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, logType, service, message);
    }

    /** The stored fact with when it happened, whether it re-decided the order, and its sentence. */
    StoryFact shown(Instant when, String kindStored, Boolean wasRedecided, String sentenceShown) {
        return new StoryFact(
                when,
                kindStored,
                sentenceShown,
                cycleId,
                observedBy,
                updatedAt,
                state,
                status,
                storeId,
                baseGrandTotal,
                baseTotalInvoiced,
                reason,
                finalDecision,
                sentence,
                advice,
                redownload,
                downloadMode,
                partition,
                offset,
                wasRedecided,
                requestedBy,
                invoiceOutcome,
                invoiceId,
                logType,
                service,
                message);
    }

    boolean isDecision() {
        return SKIPPED.equals(kind) || (RELEASED.equals(kind) && !Boolean.TRUE.equals(redownload));
    }
}
