package dev.tillbridge.filter.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.alert.AlertBook;
import dev.tillbridge.events.alert.AlertBook.Held;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.filter.config.FilterConfig;
import dev.tillbridge.filter.messaging.StreamsCondition;
import dev.tillbridge.filter.messaging.StreamsWatch;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Tells the integrations' owners when this filter stopped deciding orders: once the decision stream has been
 * stopped longer than {@code tillbridge.filter.stall.alert-after}, every enabled integration gets a
 * {@code STREAM_STALLED} alert (their orders are not reaching the POS, whatever Magento does), once: by the
 * lifecycle of {@link AlertBook}, a held alert is not published again. The integrations told are kept in
 * PostgreSQL; the first process whose stream runs again resolves exactly those.
 * A row is written only after the broker acknowledged the alert, and deleted only after the resolve was
 * acknowledged: a crash in between repeats a record (same key, idempotent for its readers), never loses one.
 */
@ApplicationScoped
public class StreamStallAlerts {

    private static final Logger LOG = Logger.getLogger(StreamStallAlerts.class);
    private static final String ORIGIN = "invoice-filter";
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final StreamsWatch watch;
    private final IntegrationDirectory directory;
    private final DataSource dataSource;
    private final Emitter<String> alerts;
    private final FilterConfig config;
    private final Clock clock;

    public StreamStallAlerts(
            StreamsWatch watch,
            IntegrationDirectory directory,
            DataSource dataSource,
            @Channel("integration-alerts") Emitter<String> alerts,
            FilterConfig config,
            Clock clock) {
        this.watch = watch;
        this.directory = directory;
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            every = "${tillbridge.filter.stall.check-interval:5s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        StreamsCondition condition = watch.condition();
        Instant now = clock.instant();
        try {
            if (condition.stopped()
                    && condition.stoppedFor(now).compareTo(config.stall().alertAfter()) >= 0) {
                raise(condition, now);
            } else if (condition.ready()) {
                resolve(now);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Stream stall alerts: will try again on the next check: %s", e.getMessage());
        }
    }

    private void raise(StreamsCondition condition, Instant now) throws SQLException {
        Map<String, Held> told = new HashMap<>();
        told().forEach(t -> told.put(t.integrationId(), t.alert()));
        String message = "Tillbridge stopped deciding orders for this integration " + "at " + condition.since()
                + "; new orders wait and are decided once it runs again.";
        for (IntegrationConfigured integration : directory.enabled()) {
            // Seen since the stream stopped; held alerts publish nothing again (no repeat).
            var seen = AlertBook.seen(
                    told.get(integration.integrationId()), AlertCode.STREAM_STALLED, message, condition.since(), null);
            if (seen.publish().isEmpty()) {
                continue;
            }
            publish(
                    integration.accountId(),
                    integration.integrationId(),
                    seen.publish().get(),
                    message,
                    now);
            update(
                    "INSERT INTO stream_stall_alert (integration_id, account_id, raised_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (integration_id) DO NOTHING",
                    integration.integrationId(),
                    integration.accountId(),
                    now);
            LOG.errorf("Integration %s: STREAM_STALLED raised (%s)", integration.integrationId(), condition.describe());
        }
    }

    private void resolve(Instant now) throws SQLException {
        for (Told alert : told()) {
            var resolve = AlertBook.cleared(alert.alert()).orElseThrow();
            publish(alert.accountId(), alert.integrationId(), resolve, "Tillbridge decides orders again.", now);
            update("DELETE FROM stream_stall_alert WHERE integration_id = ?", alert.integrationId(), null, null);
            LOG.infof("Integration %s: STREAM_STALLED resolved", alert.integrationId());
        }
    }

    /** Sends the alert and waits for the broker's acknowledgement, so a row is never written for a lost record. */
    private void publish(
            String accountId, String integrationId, AlertBook.Transition transition, String message, Instant now) {
        AlertChanged alert = new AlertChanged(
                integrationId,
                transition.code(),
                transition.state(),
                LogService.TILLBRIDGE,
                message,
                null,
                transition.held().firstSeenAt(),
                now,
                transition.held().occurrences(),
                ORIGIN);
        EventEnvelope<AlertChanged> envelope = EventEnvelope.of(accountId, alert.integrationId(), alert, clock);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        alerts.send(EventMessages.of(Topics.alertKey(alert.integrationId(), alert.code()), envelope, ORIGIN)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        try {
            acked.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not take the " + alert.code() + " alert of " + alert.integrationId() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending an alert", e);
        }
    }

    /** An integration told of the stall, since {@code raisedAt}. */
    private record Told(String integrationId, String accountId, Instant raisedAt) {

        /** The alert it holds: the row keeps when it was raised; a stall is told once. */
        Held alert() {
            return new Held(AlertCode.STREAM_STALLED, null, raisedAt, raisedAt, 1, raisedAt);
        }
    }

    private List<Told> told() throws SQLException {
        List<Told> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT integration_id, account_id, raised_at FROM stream_stall_alert ORDER BY integration_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Told(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
        }
        return rows;
    }

    private void update(String sql, String integrationId, String accountId, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, integrationId);
            if (accountId != null) {
                ps.setString(2, accountId);
                ps.setTimestamp(3, Timestamp.from(at));
            }
            ps.executeUpdate();
        }
    }
}
