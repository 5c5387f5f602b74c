package dev.tillbridge.pusher.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What Magento's answer to a send does, the same for a PUT and for a bulk: the product is counted in its
 * run (saved or rejected) or goes back in line, the integration's concurrency limit and pause learn from it,
 * and alerts are raised or resolved.
 */
final class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class);

    private final PushSettings settings;
    private final RunRepository runs;
    private final PusherEvents events;
    private final AlertKeeper alerts;
    private final RecordFinisher finisher;
    private final Clock clock;
    private final Counter saved;
    private final Counter rejected;
    private final Counter overloaded;

    Settlement(
            PushSettings settings,
            RunRepository runs,
            PusherEvents events,
            AlertKeeper alerts,
            RecordFinisher finisher,
            MeterRegistry registry,
            Clock clock) {
        this.settings = settings;
        this.runs = runs;
        this.events = events;
        this.alerts = alerts;
        this.finisher = finisher;
        this.clock = clock;
        this.saved = counter(registry, "saved");
        this.rejected = counter(registry, "rejected");
        this.overloaded = counter(registry, "overloaded");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("tillbridge.pusher.sends")
                .description("Product saves by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The answer to one PUT: what it does to the product, the integration's limit and pause, and the alerts. */
    void settle(
            IntegrationLane lane,
            ProductChange change,
            ConcurrencyLimit.Permit permit,
            SendOutcome outcome,
            long startedNanos) {
        if (outcome instanceof SendOutcome.Accepted) {
            // The permit is held until the save is counted: a crash then re-sends at most the window.
            try {
                finish(lane, change, true, null);
            } finally {
                permit.completed();
            }
            counted(lane, saved, SendMode.PUT);
            magentoAnswered(lane);
        } else if (outcome instanceof SendOutcome.Rejected refusal) {
            try {
                finish(lane, change, false, refusal.readableMessage());
            } finally {
                permit.ignored();
            }
            counted(lane, rejected, SendMode.PUT);
            magentoAnswered(lane);
        } else if (outcome instanceof SendOutcome.Overloaded overload) {
            permit.dropped();
            overloaded.increment();
            if (overload.lockContention()) {
                lane.answered();
                change.attempted();
                if (change.attempts() >= settings.maxLockWaitAttempts()) {
                    finish(lane, change, false, overload.readableMessage());
                    return;
                }
            } else {
                storeUnavailable(lane, overload, startedNanos);
            }
            lane.pending().retry(change);
        } else if (outcome instanceof SendOutcome.Blocked blocked) {
            permit.ignored();
            blocked(lane, blocked);
            lane.pending().retry(change);
        }
    }

    /** One operation of a bulk saved. */
    void saved(IntegrationLane lane, ProductChange change, SendMode mode) {
        finish(lane, change, true, null);
        counted(lane, saved, mode);
    }

    /** One product rejected for good (by Magento, or after too many lost locks). */
    void rejected(IntegrationLane lane, ProductChange change, String message, SendMode mode) {
        finish(lane, change, false, message);
        counted(lane, rejected, mode);
    }

    private static void counted(IntegrationLane lane, Counter outcome, SendMode mode) {
        outcome.increment();
        lane.chooser().finished(mode, 1);
    }

    /** 429/5xx/no answer: the lane pauses (from the second failure in a row) and the alert may be raised. */
    void storeUnavailable(IntegrationLane lane, SendOutcome.Overloaded overload, long startedNanos) {
        long now = System.nanoTime();
        Duration pause = lane.unavailable(startedNanos, now, overload.retryAfter(), overload.readableMessage());
        LOG.debugf(
                "Integration %s: Magento unavailable (%s); pausing %d ms",
                lane.integrationId(), overload.readableMessage(), pause.toMillis());
        if (lane.failingFor(now).compareTo(settings.unreachableAlertAfter()) >= 0) {
            alerts.raise(
                    lane.integrationId(), lane.accountId(), AlertCode.MAGENTO_UNREACHABLE, overload.readableMessage());
        }
    }

    void blocked(IntegrationLane lane, SendOutcome.Blocked blocked) {
        lane.blocked(System.nanoTime());
        alerts.raise(lane.integrationId(), lane.accountId(), blocked.alertCode(), blocked.readableMessage());
    }

    /** Magento answered (whatever it said of the product): it is reachable, and the alerts saying otherwise end. */
    void magentoAnswered(IntegrationLane lane) {
        lane.answered();
        alerts.resolve(
                lane.integrationId(),
                lane.accountId(),
                AlertCode.MAGENTO_UNREACHABLE,
                "Magento answers again; product updates continue.");
        alerts.resolve(
                lane.integrationId(),
                lane.accountId(),
                AlertCode.MAGENTO_AUTH_FAILED,
                "Magento accepts Tillbridge's credentials again; product updates continue.");
        alerts.resolve(
                lane.integrationId(),
                lane.accountId(),
                AlertCode.MAGENTO_ADDRESS_REFUSED,
                "Tillbridge connects to the store's address again; product updates continue.");
    }

    /** The send ended for good: count every record it answers for, then let their offsets go. */
    private void finish(IntegrationLane lane, ProductChange change, boolean sent, String error) {
        List<Carried> counted = runs.count(change.carried(), sent, change.sku(), error, clock.instant());
        lane.pending().finished(change);
        change.carried().forEach(finisher::finished);
        if (!sent && !counted.isEmpty()) {
            String id = lane.integrationId();
            Carried first = counted.get(0);
            events.publish(
                    Topics.INTEGRATION_LOGS,
                    id,
                    EventEnvelope.withStableId(
                            first.run() + "|" + first.position() + "|rejected",
                            lane.accountId(),
                            id,
                            new LogEntry(
                                    id, LogService.MAGENTO, LogType.ERROR, error, PusherEvents.ORIGIN, change.sku()),
                            clock));
            LOG.infof("Integration %s: Magento rejected %s: %s", id, change.sku(), error);
        }
    }
}
