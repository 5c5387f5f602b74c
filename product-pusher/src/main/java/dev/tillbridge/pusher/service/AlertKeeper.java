package dev.tillbridge.pusher.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The alerts product-pusher raises, like the poller's: RAISED with the latest occurrence when a problem is
 * seen (again at most every {@code repeat} while it lasts, so the record's last-seen time stays fresh
 * without a record per failed request), RESOLVED once, by the first good answer. Which alerts are raised
 * is kept in PostgreSQL, so a restart still resolves them.
 */
final class AlertKeeper {

    private static final Logger LOG = Logger.getLogger(AlertKeeper.class);
    static final List<AlertCode> CODES = List.of(
            AlertCode.MAGENTO_UNREACHABLE,
            AlertCode.MAGENTO_AUTH_FAILED,
            AlertCode.MAGENTO_ADDRESS_REFUSED,
            AlertCode.PRODUCT_REJECTIONS);

    private final RunRepository repository;
    private final PusherEvents events;
    private final Clock clock;
    private final Duration repeat;
    private final Map<String, Map<AlertCode, RunRepository.RaisedAlert>> raised = new ConcurrentHashMap<>();

    AlertKeeper(RunRepository repository, PusherEvents events, Clock clock, Duration repeat) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
        this.repeat = repeat;
    }

    boolean isRaised(String integrationId, AlertCode code) {
        return held(integrationId).containsKey(code);
    }

    /** Raises (or refreshes) an alert; the first raise also writes an Error log line. */
    synchronized void raise(String integrationId, String accountId, AlertCode code, String message) {
        Map<AlertCode, RunRepository.RaisedAlert> held = held(integrationId);
        Instant now = clock.instant();
        RunRepository.RaisedAlert existing = held.get(code);
        RunRepository.RaisedAlert next;
        boolean publish;
        if (existing == null) {
            next = new RunRepository.RaisedAlert(integrationId, code.name(), message, now, now, 1, now);
            publish = true;
        } else {
            publish = !now.isBefore(existing.publishedAt().plus(repeat));
            next = new RunRepository.RaisedAlert(
                    integrationId,
                    code.name(),
                    message,
                    existing.firstSeenAt(),
                    now,
                    existing.occurrences() + 1,
                    publish ? now : existing.publishedAt());
        }
        held.put(code, next);
        if (!publish) {
            return;
        }
        repository.saveAlert(next);
        events.publish(
                Topics.INTEGRATION_ALERTS,
                Topics.alertKey(integrationId, code),
                EventEnvelope.of(
                        accountId,
                        integrationId,
                        new AlertChanged(
                                integrationId,
                                code,
                                AlertState.RAISED,
                                LogService.MAGENTO,
                                message,
                                null,
                                next.firstSeenAt(),
                                now,
                                next.occurrences(),
                                ProductPusher.ORIGIN),
                        clock));
        if (existing == null) {
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
                                    ProductPusher.ORIGIN,
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
            RunRepository.RaisedAlert existing = held(integrationId).remove(code);
            if (existing == null || !repository.deleteAlert(integrationId, code.name())) {
                return;
            }
            Instant now = clock.instant();
            events.publish(
                    Topics.INTEGRATION_ALERTS,
                    Topics.alertKey(integrationId, code),
                    EventEnvelope.of(
                            accountId,
                            integrationId,
                            new AlertChanged(
                                    integrationId,
                                    code,
                                    AlertState.RESOLVED,
                                    LogService.MAGENTO,
                                    message,
                                    null,
                                    existing.firstSeenAt(),
                                    now,
                                    existing.occurrences(),
                                    ProductPusher.ORIGIN),
                            clock));
            events.publish(
                    Topics.INTEGRATION_LOGS,
                    integrationId,
                    EventEnvelope.of(
                            accountId,
                            integrationId,
                            LogEntry.info(integrationId, LogService.MAGENTO, ProductPusher.ORIGIN, message),
                            clock));
            LOG.infof("Integration %s: %s resolved", integrationId, code);
        }
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

    private Map<AlertCode, RunRepository.RaisedAlert> held(String integrationId) {
        return raised.computeIfAbsent(integrationId, id -> {
            Map<AlertCode, RunRepository.RaisedAlert> loaded = new EnumMap<>(AlertCode.class);
            for (AlertCode code : CODES) {
                repository.findAlert(id, code.name()).ifPresent(a -> loaded.put(code, a));
            }
            return Collections.synchronizedMap(loaded);
        });
    }
}
