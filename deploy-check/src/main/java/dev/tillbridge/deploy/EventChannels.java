package dev.tillbridge.deploy;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.ResyncCancelRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.ResyncRequested;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import java.util.List;

/**
 * Which records travel on each of Tillbridge's topics, keyed how, and which services send and receive them (from
 * docs/architecture.md). {@link AsyncApiDocument} writes the AsyncAPI document from this table; KafkaUsersTest checks
 * every service's Kafka ACLs against it.
 */
final class EventChannels {

    /** One kind of record on a topic. */
    record Message(String id, String type, Class<?> payload, String summary) {}

    /** One topic: key, messages, the services that write and read it. */
    record Channel(
            String topic,
            String key,
            List<Message> messages,
            List<String> senders,
            List<String> receivers,
            String description) {}

    static final List<Channel> ALL = List.of(
            new Channel(
                    Topics.INTEGRATIONS,
                    "integrationId",
                    List.of(
                            new Message(
                                    "integrationConfigured",
                                    IntegrationConfigured.TYPE,
                                    IntegrationConfigured.class,
                                    "The whole current configuration of an integration (a null value is the tombstone of a deleted one)")),
                    List.of("status-api"),
                    List.of("order-poller", "invoice-filter", "product-pusher", "notifier", "status-api"),
                    "Control plane: one compacted record per integration."),
            new Channel(
                    Topics.RAW_ORDERS,
                    "integrationId:entityId",
                    List.of(
                            new Message(
                                    "orderObserved",
                                    OrderObserved.TYPE,
                                    OrderObserved.class,
                                    "An order snapshot as Magento returned it, normalised, with the cycle that saw it"),
                            new Message(
                                    "redownloadRequested",
                                    RedownloadRequested.TYPE,
                                    RedownloadRequested.class,
                                    "An operator asked to download one order again")),
                    List.of("order-poller", "status-api"),
                    List.of("invoice-filter", "status-api"),
                    "Every order the poller saw; repeats are expected and dropped by invoice-filter's exactly-once rule."
                            + " status-api reads it for the order stories."),
            new Channel(
                    Topics.FILTERED_ORDERS,
                    "integrationId:entityId",
                    List.of(
                            new Message(
                                    "orderReleased",
                                    OrderReleased.TYPE,
                                    OrderReleased.class,
                                    "An order released to the POS: exactly once per order (read with isolation.level=read_committed)")),
                    List.of("invoice-filter"),
                    List.of("pos-connector", "status-api"),
                    "Orders for the POS, written transactionally (Kafka Streams exactly_once_v2)."),
            new Channel(
                    Topics.SKIPPED_ORDERS,
                    "integrationId:entityId",
                    List.of(new Message(
                            "orderSkipped",
                            OrderSkipped.TYPE,
                            OrderSkipped.class,
                            "An order not downloaded, with a reason code, a sentence and advice")),
                    List.of("invoice-filter"),
                    List.of("status-api"),
                    "Orders not downloaded and why."),
            new Channel(
                    Topics.SYNC_CYCLES,
                    "integrationId",
                    List.of(
                            new Message(
                                    "syncCycleStarted",
                                    SyncCycle.STARTED_TYPE,
                                    SyncCycle.class,
                                    "A sync cycle started"),
                            new Message(
                                    "syncCycleEnded",
                                    SyncCycle.ENDED_TYPE,
                                    SyncCycle.class,
                                    "A sync cycle ended: window, counts, Magento's newest updated_at, outcome"),
                            new Message(
                                    "resyncProgress",
                                    ResyncProgress.TYPE,
                                    ResyncProgress.class,
                                    "Where a resync (a re-read from a date) stands: read up to, orders found and sent, state")),
                    List.of("order-poller"),
                    List.of("status-api"),
                    "Start and end of every sync cycle, and the progress of resyncs."),
            new Channel(
                    Topics.PRODUCT_UPDATES,
                    "integrationId:sku",
                    List.of(new Message(
                            "productUpdate",
                            ProductUpdate.TYPE,
                            ProductUpdate.class,
                            "One product change from the POS, with its run id, position and run total")),
                    List.of("pos-connector"),
                    List.of("product-pusher"),
                    "Product changes from the POS, grouped in runs."),
            new Channel(
                    Topics.PRODUCT_PROGRESS,
                    "integrationId",
                    List.of(new Message(
                            "productProgress",
                            ProductProgress.TYPE,
                            ProductProgress.class,
                            "A run's progress: sent, failed, total, state, rate")),
                    List.of("product-pusher"),
                    List.of("status-api"),
                    "Progress of product runs, latest per integration."),
            new Channel(
                    Topics.INTEGRATION_LOGS,
                    "integrationId",
                    List.of(new Message(
                            "logEntry",
                            LogEntry.TYPE,
                            LogEntry.class,
                            "One Info or Error log line of a service (MAGENTO, POS or TILLBRIDGE)")),
                    List.of("order-poller", "invoice-filter", "product-pusher", "status-api"),
                    List.of("status-api"),
                    "The Logs page."),
            new Channel(
                    Topics.INTEGRATION_ALERTS,
                    "integrationId:alertCode",
                    List.of(
                            new Message(
                                    "alertRaised",
                                    AlertChanged.RAISED_TYPE,
                                    AlertChanged.class,
                                    "A problem raised, with its latest occurrence"),
                            new Message(
                                    "alertResolved",
                                    AlertChanged.RESOLVED_TYPE,
                                    AlertChanged.class,
                                    "A problem resolved")),
                    List.of("order-poller", "invoice-filter", "product-pusher", "status-api"),
                    List.of("notifier", "status-api"),
                    "Current state of every alert, compacted by integration and code."),
            new Channel(
                    Topics.NOTIFICATIONS,
                    "accountId",
                    List.of(new Message(
                            "notificationSent",
                            NotificationSent.TYPE,
                            NotificationSent.class,
                            "One e-mail sent: to, subject, alert codes, time")),
                    List.of("notifier"),
                    List.of("status-api"),
                    "Every alert e-mail, shown on the Logs page."),
            new Channel(
                    Topics.SYNC_REQUESTS,
                    "integrationId",
                    List.of(
                            new Message(
                                    "resyncRequested",
                                    ResyncRequested.TYPE,
                                    ResyncRequested.class,
                                    "An operator asked to read the orders again from a date (optionally forced)"),
                            new Message(
                                    "resyncCancelRequested",
                                    ResyncCancelRequested.TYPE,
                                    ResyncCancelRequested.class,
                                    "An operator cancelled a resync")),
                    List.of("status-api"),
                    List.of("order-poller"),
                    "Commands from the control plane to the poller (through status-api's outbox); the poller applies"
                            + " each once."));

    private EventChannels() {}
}
