package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.alert.AlertBook;
import dev.tillbridge.events.alert.AlertBook.Held;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.messaging.EventPublisher;
import dev.tillbridge.status.model.AlertStateRow;
import dev.tillbridge.status.model.IntegrationStatus;
import dev.tillbridge.status.model.RaisedAlert;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hibernate.jpa.HibernateHints;
import org.jboss.logging.Logger;

/**
 * Runs {@link AlertRules} over the integrations that had sync or product activity within the horizon (and
 * those with an alert still raised), and publishes each change to {@code integration-alerts}, where the
 * notifier mails it and the read model shows it. One replica evaluates at a time (a transaction-scoped
 * PostgreSQL advisory lock), so an alert is not raised twice by two replicas.
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    private static final long LOCK_KEY = 0x7374617475734cL; // "statusL": status-api's alert evaluation

    private final EntityManager em;
    private final EventPublisher publisher;
    private final Clock clock;
    private final StatusApiConfig config;
    private final Pattern accounts;

    public AlertEvaluator(EntityManager em, EventPublisher publisher, Clock clock, StatusApiConfig config) {
        this.em = em;
        this.publisher = publisher;
        this.clock = clock;
        this.config = config;
        this.accounts = Pattern.compile(config.alerts().accounts());
    }

    @Scheduled(
            every = "${tillbridge.status.alerts.evaluate-every:30s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // Not before start-up has finished (emitters connected) nor while shutting down (beans closing).
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        if (config.alerts().enabled()) {
            evaluate();
        }
    }

    /** @return the changes published by this run */
    @Transactional
    public List<AlertBook.Transition> evaluate() {
        Boolean locked = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, LOCK_KEY)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant horizon = now.minus(config.alerts().horizon());
        var thresholds = new AlertRules.Thresholds(
                config.alerts().stalledAfterIntervals(),
                config.alerts().noSuccessAfterIntervals(),
                config.alerts().loopingAfterRestarts(),
                config.alerts().defaultSyncIntervalSeconds());
        // Only the integrations a rule may find something on, or with something raised: in a fleet most are healthy
        // (their last success within the interval, nothing behind, no product run looping) and are not read at all.
        // The SQL is a cheap superset of AlertRules' conditions (the same sums, the same default interval); the rules
        // decide below.
        @SuppressWarnings("unchecked")
        List<IntegrationStatus> candidates = em.createNativeQuery("""
                        SELECT s.* FROM integration_status s
                         WHERE ((s.cycle_event_at >= ?1 OR s.run_updated_at >= ?1)
                                AND (s.behind_since IS NOT NULL
                                     OR COALESCE(s.last_successful_cycle_at, s.first_cycle_at)
                                        <= CAST(?2 AS timestamptz) - make_interval(secs => CAST(?3 AS integer)
                                           * CASE WHEN s.sync_interval_seconds >= 1 THEN s.sync_interval_seconds
                                                  ELSE ?4 END)
                                     OR (s.run_id IS NOT NULL AND s.run_restarts >= ?5)))
                            OR s.integration_id IN (SELECT r.integration_id FROM raised_alert r)
                        """, IntegrationStatus.class)
                .setParameter(1, horizon)
                .setParameter(2, now)
                .setParameter(3, thresholds.noSuccessAfterIntervals())
                .setParameter(4, thresholds.defaultSyncIntervalSeconds())
                .setParameter(5, thresholds.loopingAfterRestarts())
                // Only read here: the flush would otherwise dirty-check every one.
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
        // Every raised alert in one query, not one query per integration.
        Map<String, Map<AlertCode, RaisedAlert>> raisedByIntegration = new HashMap<>();
        for (RaisedAlert r : RaisedAlert.<RaisedAlert>listAll()) {
            raisedByIntegration
                    .computeIfAbsent(r.id.integrationId(), k -> new EnumMap<>(AlertCode.class))
                    .put(AlertCode.valueOf(r.id.code()), r);
        }
        List<AlertBook.Transition> published = new ArrayList<>();
        for (IntegrationStatus s : candidates) {
            Map<AlertCode, RaisedAlert> raised =
                    raisedByIntegration.getOrDefault(s.integrationId, new EnumMap<>(AlertCode.class));
            boolean active = s.configured
                    && s.enabled
                    && !s.deleted
                    && accounts.matcher(s.accountId).matches();
            boolean recent = (s.cycleEventAt != null && !s.cycleEventAt.isBefore(horizon))
                    || (s.runUpdatedAt != null && !s.runUpdatedAt.isBefore(horizon));
            if (active && !recent || !active && raised.isEmpty()) {
                continue; // silent for longer than the horizon: what was raised stays raised
            }
            Map<AlertCode, String> findings = active ? AlertRules.findings(facts(s), now, thresholds) : Map.of();
            Map<AlertCode, Held> held = new EnumMap<>(AlertCode.class);
            raised.forEach((code, r) -> held.put(code, held(r)));
            for (AlertBook.Transition t : AlertBook.transitions(AlertRules.OWN_CODES, findings, held, now)) {
                apply(s, t, raised.get(t.code()));
                published.add(t);
            }
        }
        return published;
    }

    private void apply(IntegrationStatus s, AlertBook.Transition transition, RaisedAlert raised) {
        Held held = transition.held();
        if (transition instanceof AlertBook.Raise) {
            RaisedAlert r = new RaisedAlert();
            r.id = new AlertStateRow.AlertKey(s.integrationId, held.code().name());
            keep(r, held);
            publish(s, r, AlertState.RAISED, r.message);
            r.persist();
            LOG.infof("Alert %s raised for integration %s: %s", held.code(), s.integrationId, r.message);
        } else if (transition instanceof AlertBook.Refresh) {
            keep(raised, held);
            publish(s, raised, AlertState.RAISED, raised.message);
        } else if (transition instanceof AlertBook.Resolve) {
            publish(s, raised, AlertState.RESOLVED, resolvedMessage(held.code()));
            raised.delete();
            LOG.infof("Alert %s resolved for integration %s", held.code(), s.integrationId);
        }
    }

    /** Every change is published as it is made, so the last one published is the last one seen. */
    private static Held held(RaisedAlert r) {
        return new Held(
                AlertCode.valueOf(r.id.code()), r.message, r.firstSeenAt, r.lastSeenAt, r.occurrences, r.lastSeenAt);
    }

    private static void keep(RaisedAlert r, Held held) {
        r.message = held.message();
        r.firstSeenAt = held.firstSeenAt();
        r.lastSeenAt = held.lastSeenAt();
        r.occurrences = held.occurrences();
    }

    private static String resolvedMessage(AlertCode code) {
        return switch (code) {
            case SYNC_STALLED -> "Orders are syncing again: the last sync covers Magento's latest order changes.";
            case PRODUCT_SYNC_LOOPING -> "The product update no longer starts over.";
            default -> "Resolved.";
        };
    }

    private void publish(IntegrationStatus s, RaisedAlert r, AlertState state, String message) {
        AlertCode code = AlertCode.valueOf(r.id.code());
        AlertChanged alert = new AlertChanged(
                s.integrationId,
                code,
                state,
                LogService.MAGENTO,
                message,
                code.advice(),
                r.firstSeenAt,
                r.lastSeenAt,
                r.occurrences,
                EventPublisher.SOURCE);
        publisher.alert(EventEnvelope.of(s.accountId, s.integrationId, alert, clock));
    }

    private static AlertRules.Facts facts(IntegrationStatus s) {
        return new AlertRules.Facts(
                s.enabled,
                s.syncIntervalSeconds,
                s.firstCycleAt,
                s.lastSuccessfulCycleAt,
                s.watermark,
                s.magentoNewestUpdatedAt,
                s.behindSince,
                s.cycleOutcome,
                s.cycleError,
                s.runId,
                s.runState,
                s.runRestarts,
                s.runSent,
                s.runFailed,
                s.runTotal,
                s.runMostFrequentError);
    }
}
