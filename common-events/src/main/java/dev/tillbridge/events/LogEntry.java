package dev.tillbridge.events;

import java.util.Objects;

/**
 * One line of the Logs page ({@code integration-logs}): an Info or Error line about one service.
 * {@code reference} names the order (increment id) or product (SKU) the line is about, when there is one.
 */
public record LogEntry(String integrationId, LogService service, LogType type, String message, String origin,
                       String reference) implements EventPayload {

    public static final String TYPE = "log.entry.v1";

    public LogEntry {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(service, "service is required");
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(message, "message is required");
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
}
