package dev.tillbridge.notifier.store;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.LogService;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert of an account as the notifier holds it: the latest details from {@code integration-alerts}
 * and its mail schedule. {@code nextDueAt} is when it must be mailed next (null: nothing to mail);
 * {@code resolvedPending} says that the due mail is the "resolved" one.
 */
public record StoredAlert(
        String integrationId,
        AlertCode code,
        String accountId,
        AlertState state,
        LogService service,
        String message,
        String advice,
        Instant firstSeenAt,
        Instant lastSeenAt,
        int occurrences,
        Instant eventAt,
        Instant raisedAt,
        Instant resolvedAt,
        Instant nextDueAt,
        boolean resolvedPending,
        Instant lastMailedAt,
        Instant lastAlertMailedAt,
        String lastMessageId,
        int mailsSent) {

    public StoredAlert {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(code, "code is required");
        Objects.requireNonNull(accountId, "accountId is required");
        Objects.requireNonNull(state, "state is required");
        Objects.requireNonNull(eventAt, "eventAt is required");
        message = message == null ? "" : message;
        advice = advice == null ? code.advice() : advice;
    }

    public String key() {
        return integrationId + ":" + code.name();
    }

    public boolean isDue(Instant now) {
        return nextDueAt != null && !nextDueAt.isAfter(now);
    }

    public StoredAlert withSchedule(Instant nextDueAt, boolean resolvedPending) {
        return new StoredAlert(
                integrationId,
                code,
                accountId,
                state,
                service,
                message,
                advice,
                firstSeenAt,
                lastSeenAt,
                occurrences,
                eventAt,
                raisedAt,
                resolvedAt,
                nextDueAt,
                resolvedPending,
                lastMailedAt,
                lastAlertMailedAt,
                lastMessageId,
                mailsSent);
    }

    public StoredAlert mailed(Instant sentAt, String messageId, Instant nextDueAt) {
        Instant alertMailedAt = state == AlertState.RAISED ? sentAt : lastAlertMailedAt;
        return new StoredAlert(
                integrationId,
                code,
                accountId,
                state,
                service,
                message,
                advice,
                firstSeenAt,
                lastSeenAt,
                occurrences,
                eventAt,
                raisedAt,
                resolvedAt,
                nextDueAt,
                false,
                sentAt,
                alertMailedAt,
                messageId,
                mailsSent + 1);
    }
}
