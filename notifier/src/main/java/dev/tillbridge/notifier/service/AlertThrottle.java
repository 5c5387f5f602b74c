package dev.tillbridge.notifier.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.notifier.store.StoredAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When each alert is mailed.
 *
 * <ul>
 *   <li>A newly raised alert is due at once (after the short gather window that lets alerts raised together
 *       share one digest).</li>
 *   <li>While it stays raised, each mail makes it due again one interval later; new occurrences only update
 *       the details the next mail shows.</li>
 *   <li>A resolve makes one "resolved" mail due at once, also when the raise was never mailed (it was resolved
 *       inside the gather window), so no alert an operator could have seen goes untold.</li>
 *   <li>An alert raised again less than an interval after its last "unresolved" mail waits for that interval
 *       to pass: a flapping alert costs at most one alert mail and one resolved mail per interval.</li>
 *   <li>Records older than the one applied last are ignored; a redelivered record changes nothing.</li>
 * </ul>
 */
public final class AlertThrottle {

    private final Duration gather;

    public AlertThrottle(Duration gather) {
        this.gather = Objects.requireNonNull(gather);
    }

    /** What applying a consumed alert record does to the stored alert. */
    public sealed interface Outcome {
        /** Store this row (insert or replace). */
        record Store(StoredAlert alert, String why) implements Outcome {}

        /** Leave the stored row as it is. */
        record Ignore(String why) implements Outcome {}
    }

    /**
     * @param stored     the alert as held now, if any
     * @param accountId  the account of the record's envelope
     * @param occurredAt the record's envelope time, to drop records older than the one applied last
     * @param now        the notifier's clock
     * @param interval   the account's repeat interval
     */
    public Outcome onAlert(
            Optional<StoredAlert> stored,
            AlertChanged incoming,
            String accountId,
            Instant occurredAt,
            Instant now,
            Duration interval) {
        if (stored.isPresent() && occurredAt.isBefore(stored.get().eventAt())) {
            return new Outcome.Ignore(
                    "older than the record applied last (" + stored.get().eventAt() + ")");
        }
        StoredAlert current = stored.orElse(null);
        boolean wasRaised = current != null && current.state() == AlertState.RAISED;

        if (incoming.state() == AlertState.RAISED) {
            if (wasRaised) {
                // Same episode: the next mail shows the newest details; its time does not move.
                return new Outcome.Store(
                        details(
                                current,
                                incoming,
                                accountId,
                                occurredAt,
                                current.raisedAt(),
                                current.resolvedAt(),
                                current.nextDueAt(),
                                false),
                        "still raised");
            }
            Instant due = now.plus(gather);
            if (current != null && current.lastAlertMailedAt() != null) {
                Instant earliest = current.lastAlertMailedAt().plus(interval);
                if (earliest.isAfter(due)) {
                    due = earliest;
                }
            }
            // A resolved mail not sent yet is moot now that the alert is back.
            return new Outcome.Store(
                    details(current, incoming, accountId, occurredAt, now, null, due, false), "raised");
        }

        if (!wasRaised) {
            if (current == null) {
                // Never seen raised (it was resolved before this notifier knew it): nothing to tell, but remember it.
                return new Outcome.Store(
                        details(null, incoming, accountId, occurredAt, null, now, null, false),
                        "resolved, never seen raised");
            }
            return new Outcome.Store(
                    details(
                            current,
                            incoming,
                            accountId,
                            occurredAt,
                            current.raisedAt(),
                            current.resolvedAt(),
                            current.nextDueAt(),
                            current.resolvedPending()),
                    "still resolved");
        }
        return new Outcome.Store(
                details(current, incoming, accountId, occurredAt, current.raisedAt(), now, now.plus(gather), true),
                "resolved");
    }

    /** The alert after it went out in a mail at {@code sentAt}: raised ones come due again one interval later. */
    public StoredAlert afterMailed(StoredAlert alert, Instant sentAt, String messageId, Duration interval) {
        Instant next = alert.state() == AlertState.RAISED ? sentAt.plus(interval) : null;
        return alert.mailed(sentAt, messageId, next);
    }

    private static StoredAlert details(
            StoredAlert current,
            AlertChanged incoming,
            String accountId,
            Instant occurredAt,
            Instant raisedAt,
            Instant resolvedAt,
            Instant nextDueAt,
            boolean resolvedPending) {
        return new StoredAlert(
                incoming.integrationId(),
                incoming.code(),
                accountId,
                incoming.state(),
                incoming.service(),
                incoming.message(),
                incoming.advice(),
                incoming.firstSeenAt() != null
                        ? incoming.firstSeenAt()
                        : current == null ? null : current.firstSeenAt(),
                incoming.lastSeenAt() != null ? incoming.lastSeenAt() : current == null ? null : current.lastSeenAt(),
                incoming.occurrences(),
                occurredAt,
                raisedAt,
                resolvedAt,
                nextDueAt,
                resolvedPending,
                current == null ? null : current.lastMailedAt(),
                current == null ? null : current.lastAlertMailedAt(),
                current == null ? null : current.lastMessageId(),
                current == null ? 0 : current.mailsSent());
    }
}
