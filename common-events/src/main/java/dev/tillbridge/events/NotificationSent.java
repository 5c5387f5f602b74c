package dev.tillbridge.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One e-mail the notifier sent ({@code notifications}, keyed by account): the Logs page's Notification type. */
public record NotificationSent(
        String accountId,
        List<String> integrationIds,
        List<String> to,
        String subject,
        List<AlertCode> alertCodes,
        Kind kind,
        Instant sentAt,
        String messageId)
        implements EventPayload {

    public static final String TYPE = "notification.sent.v1";

    public NotificationSent {
        Objects.requireNonNull(accountId, "accountId is required");
        Objects.requireNonNull(subject, "subject is required");
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(sentAt, "sentAt is required");
        integrationIds = integrationIds == null ? List.of() : List.copyOf(integrationIds);
        to = to == null ? List.of() : List.copyOf(to);
        alertCodes = alertCodes == null ? List.of() : List.copyOf(alertCodes);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    public enum Kind {
        /** Alerts raised or still unresolved. */
        ALERT,
        /** Alerts that were resolved since the last mail. */
        RESOLVED
    }
}
