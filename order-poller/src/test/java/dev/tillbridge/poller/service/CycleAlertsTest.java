package dev.tillbridge.poller.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.alert.AlertBook.Held;
import dev.tillbridge.poller.PollerTestSupport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The cycle's alert without Kafka or a database: raised by a failure, published again with its count by every
 * further failure, superseded by a failure of another kind, resolved by a good cycle and forgotten only once the
 * broker took the RESOLVED record.
 */
class CycleAlertsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final IntegrationConfigured INTEGRATION =
            PollerTestSupport.integration("int-alerts", "http://unused", "v1:x", 60);
    private static final CycleFailure UNREACHABLE = new CycleFailure(
            AlertCode.MAGENTO_UNREACHABLE, LogService.MAGENTO, "Magento answered 503", "GET /V1/orders");
    private static final CycleFailure AUTH =
            new CycleFailure(AlertCode.MAGENTO_AUTH_FAILED, LogService.MAGENTO, "Token refused", "GET /V1/orders");

    /** The alert records sent, and whether the broker takes them. */
    private static final class Broker implements OrderPublisher {
        final List<AlertChanged> alerts = new ArrayList<>();
        boolean refuses;

        @Override
        public CompletableFuture<Void> send(String topic, String key, EventEnvelope<?> envelope) {
            if (topic.equals(Topics.INTEGRATION_ALERTS)) {
                AlertChanged alert = (AlertChanged) envelope.payload();
                assertThat(key).isEqualTo(Topics.alertKey(alert.integrationId(), alert.code()));
                alerts.add(alert);
                if (refuses) {
                    return CompletableFuture.failedFuture(new IllegalStateException("refused"));
                }
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Counts the times the held alert is forgotten; no database. */
    private static final class Forgetting extends SyncStateRepository {
        int cleared;

        Forgetting() {
            super(null);
        }

        @Override
        public void clearAlert(String integrationId, long generation) {
            cleared++;
        }
    }

    private final Broker broker = new Broker();
    private final Forgetting repository = new Forgetting();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CycleAlerts alerts = new CycleAlerts(repository, clock);

    private CycleRecords records() {
        return new CycleRecords(broker, clock, INTEGRATION, UUID.randomUUID());
    }

    private static SyncState holding(Held alert) {
        return new SyncState(
                INTEGRATION.integrationId(), null, null, alert == null ? 0 : 1, alert, null, null, null, 0, null);
    }

    @Test
    void aFirstFailureRaisesItsAlert() {
        Held held = alerts.failed(holding(null), UNREACHABLE, NOW, records());

        assertThat(held).isEqualTo(Held.first(AlertCode.MAGENTO_UNREACHABLE, "Magento answered 503", NOW));
        assertThat(broker.alerts).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RAISED);
            assertThat(a.code()).isEqualTo(AlertCode.MAGENTO_UNREACHABLE);
            assertThat(a.message()).isEqualTo("Magento answered 503");
            assertThat(a.firstSeenAt()).isEqualTo(NOW);
            assertThat(a.occurrences()).isEqualTo(1);
        });
    }

    @Test
    void everyFurtherFailureOfTheSameKindPublishesItAgainCounted() {
        Instant first = NOW.minusSeconds(600);
        Held stored = new Held(AlertCode.MAGENTO_UNREACHABLE, null, first, first, 3, first);

        Held held = alerts.failed(holding(stored), UNREACHABLE, NOW, records());

        assertThat(held.firstSeenAt()).isEqualTo(first);
        assertThat(held.occurrences()).isEqualTo(4);
        assertThat(broker.alerts).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RAISED);
            assertThat(a.firstSeenAt()).isEqualTo(first);
            assertThat(a.lastSeenAt()).isEqualTo(NOW);
            assertThat(a.occurrences()).isEqualTo(4);
        });
    }

    @Test
    void aFailureOfAnotherKindResolvesTheHeldAlertAsSupersededAndRaisesItsOwn() {
        Instant first = NOW.minusSeconds(600);
        Held stored = new Held(AlertCode.MAGENTO_UNREACHABLE, null, first, first, 2, first);

        Held held = alerts.failed(holding(stored), AUTH, NOW, records());

        assertThat(held).isEqualTo(Held.first(AlertCode.MAGENTO_AUTH_FAILED, "Token refused", NOW));
        assertThat(broker.alerts).hasSize(2);
        assertThat(broker.alerts.get(0)).satisfies(a -> {
            assertThat(a.code()).isEqualTo(AlertCode.MAGENTO_UNREACHABLE);
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.message()).isEqualTo("Superseded by MAGENTO_AUTH_FAILED.");
            assertThat(a.occurrences()).isEqualTo(2);
        });
        assertThat(broker.alerts.get(1).code()).isEqualTo(AlertCode.MAGENTO_AUTH_FAILED);
        assertThat(broker.alerts.get(1).state()).isEqualTo(AlertState.RAISED);
    }

    @Test
    void aGoodCycleResolvesTheHeldAlertAndForgetsItOnceTheBrokerTookTheRecord() {
        Held stored = Held.first(AlertCode.CREDENTIALS_UNREADABLE, null, NOW.minusSeconds(60));

        alerts.succeeded(holding(stored), records());

        assertThat(broker.alerts).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.message())
                    .isEqualTo("Tillbridge opens the integration's credentials again; orders are downloading.");
        });
        assertThat(repository.cleared).isEqualTo(1);
    }

    @Test
    void aResolveTheBrokerRefusedLeavesTheAlertHeld() {
        broker.refuses = true;

        alerts.succeeded(holding(Held.first(AlertCode.MAGENTO_AUTH_FAILED, null, NOW)), records());

        assertThat(broker.alerts)
                .singleElement()
                .extracting(AlertChanged::state)
                .isEqualTo(AlertState.RESOLVED);
        assertThat(repository.cleared).as("still held").isZero();
    }

    @Test
    void aGoodCycleWithoutAHeldAlertPublishesNothing() {
        alerts.succeeded(holding(null), records());

        assertThat(broker.alerts).isEmpty();
        assertThat(repository.cleared).isZero();
    }
}
