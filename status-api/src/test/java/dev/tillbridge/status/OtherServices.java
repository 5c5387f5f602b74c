package dev.tillbridge.status;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.RunState;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.TestIntegration;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Publishes what order-poller, invoice-filter, product-pusher and notifier publish about one integration, on the
 * topics status-api's read model reads, each record with the key its service uses and every value a test is not about
 * filled in. {@link StatusApiTestSupport#otherServices} makes one for an integration.
 */
final class OtherServices {

    private final KafkaTestClient kafka;
    private final String accountId;
    private final String integrationId;

    OtherServices(KafkaTestClient kafka, String accountId, String integrationId) {
        this.kafka = kafka;
        this.accountId = accountId;
        this.integrationId = integrationId;
    }

    String accountId() {
        return accountId;
    }

    String integrationId() {
        return integrationId;
    }

    <T extends EventPayload> EventEnvelope<T> publish(String topic, String key, T payload) {
        return publishAt(topic, key, payload, Instant.now());
    }

    /** @param at the envelope's {@code occurredAt}: when the publishing service learned the fact */
    <T extends EventPayload> EventEnvelope<T> publishAt(String topic, String key, T payload, Instant at) {
        EventEnvelope<T> envelope =
                EventEnvelope.of(accountId, integrationId, payload, Clock.fixed(at, ZoneOffset.UTC));
        kafka.sendEvent(topic, key, envelope);
        return envelope;
    }

    /** invoice-filter released the order to the POS ({@code filtered-orders}). */
    EventEnvelope<OrderReleased> released(OrderSnapshot order, DownloadMode mode, boolean redownload) {
        return publish(
                Topics.FILTERED_ORDERS,
                Topics.orderKey(integrationId, order.entityId()),
                new OrderReleased(integrationId, mode, redownload, order));
    }

    /** invoice-filter released an Auto-Invoice order, first time ({@code filtered-orders}). */
    EventEnvelope<OrderReleased> released(long entityId, String incrementId) {
        return released(order(entityId, incrementId), DownloadMode.AUTO_INVOICE, false);
    }

    /** invoice-filter skipped the order ({@code skipped-orders}). */
    EventEnvelope<OrderSkipped> skipped(long entityId, SkipReason reason) {
        return skippedAt(entityId, reason, Instant.now());
    }

    EventEnvelope<OrderSkipped> skippedAt(long entityId, SkipReason reason, Instant at) {
        return publishAt(
                Topics.SKIPPED_ORDERS,
                Topics.orderKey(integrationId, entityId),
                skip(integrationId, entityId, reason),
                at);
    }

    /** order-poller ended a cycle ({@code sync-cycles}). */
    EventEnvelope<SyncCycle> cycle(SyncCycle cycle) {
        return publish(Topics.SYNC_CYCLES, integrationId, cycle);
    }

    /** order-poller ended a successful cycle over the window, one page, no invoices ({@code sync-cycles}). */
    EventEnvelope<SyncCycle> cycleSucceeded(
            Instant windowFrom, Instant windowTo, int ordersSeen, Instant magentoNewestUpdatedAt) {
        return cycle(SyncCycle.ended(integrationId, UUID.randomUUID(), windowFrom)
                .windowTo(windowTo)
                .orders(ordersSeen, ordersSeen)
                .pages(1)
                .magentoNewestUpdatedAt(magentoNewestUpdatedAt)
                .succeeded(420));
    }

    /** product-pusher's progress of a run ({@code product-progress}). */
    EventEnvelope<ProductProgress> progress(ProductProgress progress) {
        return publish(Topics.PRODUCT_PROGRESS, integrationId, progress);
    }

    /** product-pusher's progress of a run without failures or restarts, the last product just sent. */
    EventEnvelope<ProductProgress> running(String runId, int sent, int total, Instant startedAt) {
        return progress(new ProductProgress(
                integrationId,
                runId,
                sent,
                0,
                total,
                RunState.RUNNING,
                5.0,
                2L,
                "SKU-" + sent,
                Instant.now(),
                startedAt,
                0,
                null));
    }

    /** A service raised an alert ({@code integration-alerts}, key {@code integrationId:CODE}). */
    EventEnvelope<AlertChanged> alertRaised(
            AlertCode code, LogService service, String message, int occurrences, String origin, Instant at) {
        return publish(
                Topics.INTEGRATION_ALERTS,
                Topics.alertKey(integrationId, code),
                new AlertChanged(
                        integrationId, code, AlertState.RAISED, service, message, null, at, at, occurrences, origin));
    }

    /** order-poller: Magento did not answer in time. */
    EventEnvelope<AlertChanged> magentoUnreachable(Instant at) {
        return alertRaised(
                AlertCode.MAGENTO_UNREACHABLE, LogService.MAGENTO, "Magento timed out", 1, "order-poller", at);
    }

    /** A service's log line ({@code integration-logs}). */
    EventEnvelope<LogEntry> log(LogEntry line) {
        return publish(Topics.INTEGRATION_LOGS, integrationId, line);
    }

    /** notifier mailed the account's address about Magento refusing the credentials ({@code notifications}). */
    EventEnvelope<NotificationSent> credentialsAlertMailed() {
        return publish(
                Topics.NOTIFICATIONS,
                accountId,
                new NotificationSent(
                        accountId,
                        List.of(integrationId),
                        List.of(TestIntegration.NOTIFICATION_ADDRESS),
                        "Tillbridge: Magento refused the credentials",
                        List.of(AlertCode.MAGENTO_AUTH_FAILED),
                        NotificationSent.Kind.ALERT,
                        Instant.now(),
                        "m-1"));
    }

    /** A processing order created an hour ago, 10.00 EUR, nothing invoiced. */
    static OrderSnapshot order(long entityId, String incrementId) {
        Instant created = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        return new OrderSnapshot(
                entityId,
                incrementId,
                "processing",
                "processing",
                1,
                "c@example.test",
                "Ann",
                "Lee",
                "EUR",
                new BigDecimal("10.00"),
                new BigDecimal("10.00"),
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                created,
                created,
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    /** The skip of a processing order (increment id 1 and the entity id in 8 digits) for {@code reason}, final when the reason is. */
    static OrderSkipped skip(String integrationId, long entityId, SkipReason reason) {
        return new OrderSkipped(
                integrationId,
                entityId,
                "1%08d".formatted(entityId),
                reason,
                reason.isFinal(),
                null,
                null,
                "processing",
                "processing",
                null,
                null);
    }
}
