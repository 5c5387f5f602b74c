package dev.tillbridge.pusher.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.alert.AlertBook;
import dev.tillbridge.events.alert.AlertBook.Held;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The alerts product-pusher raises, by the one lifecycle of {@link AlertBook}: RAISED with the latest
 * occurrence when a problem is seen (again at most every {@code repeat} while it lasts, so the record's
 * last-seen time stays fresh without a record per failed request), RESOLVED once, by the first good answer.
 * Which alerts are raised is kept in PostgreSQL, so a restart still resolves them.
 */
final class AlertKeeper {

    private static final Logger LOG = Logger.getLogger(AlertKeeper.class);
    static final List<AlertCode> CODES = List.of(
            AlertCode.MAGENTO_UNREACHABLE,
            AlertCode.MAGENTO_AUTH_FAILED,
            AlertCode.MAGENTO_ADDRESS_REFUSED,
            AlertCode.PRODUCT_REJECTIONS);

    private final PusherAlertStore store;
    private final PusherEvents events;
    private final Clock clock;
    private final Duration repeat;
    private final Map<String, Map<AlertCode, Held>> raised = new ConcurrentHashMap<>();

    AlertKeeper(PusherAlertStore store, PusherEvents events, Clock clock, Duration repeat) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.repeat = repeat;
    }

    boolean isRaised(String integrationId, AlertCode code) {
        return held(integrationId).containsKey(code);
    }

    /** Raises (or refreshes) an alert; the first raise also writes an Error log line. */
    synchronized void raise(String integrationId, String accountId, AlertCode code, String message) {
        Map<AlertCode, Held> held = held(integrationId);
        AlertBook.Seen seen = AlertBook.seen(held.get(code), code, message, clock.instant(), repeat);
        held.put(code, seen.held());
        if (seen.publish().isEmpty()) {
            return;
        }
        Held next = seen.held();
        store.save(integrationId, next);
        publish(accountId, integrationId, next, AlertState.RAISED, message, next.lastSeenAt());
        if (seen.publish().get() instanceof AlertBook.Raise) {
            LOG.warnf("Integration %s: %s raised: %s", integrationId, code, message);
            events.publish(
                    Topics.INTEGRATION_LOGS,
                    integrationId,
                    EventEnvelope.of(
                            accountId,
                            integrationId,
                            new LogEntry(
                                    integrationId,
                                    LogService.MAGENTO,
                                    LogType.ERROR,
                                    raisedLine(code, message),
                                    PusherEvents.ORIGIN,
                                    null),
                            clock));
        }
    }

    /** Resolves an alert if this service raised it; cheap when it did not (every successful save asks). */
    void resolve(String integrationId, String accountId, AlertCode code, String message) {
        if (!isRaised(integrationId, code)) {
            return;
        }
        synchronized (this) {
            Optional<AlertBook.Transition> resolve =
                    AlertBook.cleared(held(integrationId).remove(code));
            if (resolve.isEmpty() || !store.delete(integrationId, code)) {
                return;
            }
            publish(accountId, integrationId, resolve.get().held(), AlertState.RESOLVED, message, clock.instant());
            events.publish(
                    Topics.INTEGRATION_LOGS,
                    integrationId,
                    EventEnvelope.of(
                            accountId,
                            integrationId,
                            LogEntry.info(integrationId, LogService.MAGENTO, PusherEvents.ORIGIN, message),
                            clock));
            LOG.infof("Integration %s: %s resolved", integrationId, code);
        }
    }

    private void publish(
            String accountId, String integrationId, Held alert, AlertState state, String message, Instant now) {
        events.publish(
                Topics.INTEGRATION_ALERTS,
                Topics.alertKey(integrationId, alert.code()),
                EventEnvelope.of(
                        accountId,
                        integrationId,
                        new AlertChanged(
                                integrationId,
                                alert.code(),
                                state,
                                LogService.MAGENTO,
                                message,
                                null,
                                alert.firstSeenAt(),
                                now,
                                alert.occurrences(),
                                PusherEvents.ORIGIN),
                        clock));
    }

    private static String raisedLine(AlertCode code, String message) {
        return switch (code) {
            case MAGENTO_UNREACHABLE -> "Magento is unavailable; product updates are paused and retried: " + message;
            case MAGENTO_AUTH_FAILED -> "Magento refused Tillbridge's credentials; product updates wait: " + message;
            case MAGENTO_ADDRESS_REFUSED ->
                "Tillbridge does not connect to the store's address; product updates wait: " + message;
            default -> message;
        };
    }

    private Map<AlertCode, Held> held(String integrationId) {
        return raised.computeIfAbsent(integrationId, id -> {
            Map<AlertCode, Held> loaded = new EnumMap<>(AlertCode.class);
            for (AlertCode code : CODES) {
                store.find(id, code).ifPresent(a -> loaded.put(code, a));
            }
            return Collections.synchronizedMap(loaded);
        });
    }
}
