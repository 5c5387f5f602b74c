package dev.tillbridge.events;

import java.util.Objects;

/**
 * One line of the Logs page ({@code integration-logs}): an Info or Error line about one service.
 * {@code reference} names the order (increment id) or product (SKU) the line is about, when there is one.
 *
 * <p>Optional, added for the order story (status-api {@code GET /integrations/{id}/orders/{ref}}):
 * {@code entityId} is the Magento order the line is about, when it is about one; {@code invoice} is the outcome
 * of invoice-filter's Auto-Invoice call for that order. Older records have neither; readers that do not know
 * them ignore them.
 */
public record LogEntry(
        String integrationId,
        LogService service,
        LogType type,
        String message,
        String origin,
        String reference,
        Long entityId,
        InvoiceResult invoice)
        implements EventPayload {

    public static final String TYPE = "log.entry.v1";

    public LogEntry {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(service, "service is required");
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(message, "message is required");
    }

    /** A line about no order in particular (or one that names it only in {@code reference}). */
    public LogEntry(
            String integrationId, LogService service, LogType type, String message, String origin, String reference) {
        this(integrationId, service, type, message, origin, reference, null, null);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    public static LogEntry info(String integrationId, LogService service, String origin, String message) {
        return new LogEntry(integrationId, service, LogType.INFO, message, origin, null);
    }

    public static LogEntry error(String integrationId, LogService service, String origin, String message) {
        return new LogEntry(integrationId, service, LogType.ERROR, message, origin, null);
    }

    /** The same line, about Magento order {@code entityId}. */
    public LogEntry aboutOrder(long entityId) {
        return new LogEntry(integrationId, service, type, message, origin, reference, entityId, invoice);
    }

    /** What {@code POST /V1/order/{id}/invoice} came to for the order of the line. */
    public record InvoiceResult(Outcome outcome, Long invoiceId) {

        public InvoiceResult {
            Objects.requireNonNull(outcome, "invoice.outcome is required");
        }

        public enum Outcome {
            /** Magento created invoice {@code invoiceId}. */
            CREATED,
            /** Magento had nothing left to invoice (invoiced by someone else, or by an earlier try of ours). */
            ALREADY_INVOICED,
            /** Magento refused the invoice; the line's message carries Magento's sentence. */
            FAILED
        }
    }
}
