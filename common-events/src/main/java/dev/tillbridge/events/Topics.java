package dev.tillbridge.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every topic of docs/architecture.md, with the partitions and clean-up policy it is created with.
 *
 * <p>Partition counts bound how far each consumer group can scale out: six for the order and product
 * streams (invoice-filter and product-pusher replicas), three for the low-volume ones.
 */
public final class Topics {

    public static final String INTEGRATIONS = "integrations";
    public static final String RAW_ORDERS = "raw-orders";
    public static final String FILTERED_ORDERS = "filtered-orders";
    public static final String SKIPPED_ORDERS = "skipped-orders";
    public static final String SYNC_CYCLES = "sync-cycles";
    public static final String PRODUCT_UPDATES = "product-updates";
    public static final String PRODUCT_PROGRESS = "product-progress";
    public static final String INTEGRATION_LOGS = "integration-logs";
    public static final String INTEGRATION_ALERTS = "integration-alerts";
    public static final String NOTIFICATIONS = "notifications";
    public static final String SYNC_REQUESTS = "sync-requests";

    /**
     * invoice-filter's own repartition topic: skip and release facts keyed by integration, so one task sees
     * all of an integration's facts when it watches for DOWNLOAD_MODE_MISMATCH. Not part of the public API.
     */
    public static final String INVOICE_FILTER_MISMATCH_FACTS = "invoice-filter.mismatch-facts";

    /**
     * invoice-filter's own work list for Auto-Invoice: one small record per order to invoice, written in the same
     * transaction as its release on {@link #FILTERED_ORDERS}, so the invoicer never reads the releases (whole order
     * snapshots) back. Not part of the public API.
     */
    public static final String INVOICE_FILTER_INVOICE_REQUESTS = "invoice-filter.invoice-requests";

    /** Suffix of the dead-letter topic that receives a topic's unreadable records. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static final List<TopicSpec> ALL = List.of(
            TopicSpec.compacted(INTEGRATIONS, 3),
            TopicSpec.deleting(RAW_ORDERS, 6, Duration.ofDays(7)),
            TopicSpec.deleting(FILTERED_ORDERS, 6, Duration.ofDays(30)),
            TopicSpec.deleting(SKIPPED_ORDERS, 3, Duration.ofDays(7)),
            TopicSpec.deleting(SYNC_CYCLES, 3, Duration.ofDays(7)),
            TopicSpec.deleting(PRODUCT_UPDATES, 6, Duration.ofDays(7)),
            TopicSpec.compacted(PRODUCT_PROGRESS, 3),
            TopicSpec.deleting(INTEGRATION_LOGS, 3, Duration.ofDays(14)),
            TopicSpec.compacted(INTEGRATION_ALERTS, 3),
            TopicSpec.deleting(NOTIFICATIONS, 3, Duration.ofDays(30)),
            TopicSpec.deleting(SYNC_REQUESTS, 3, Duration.ofDays(7)));

    /** Topics a single service uses internally; created like the others, never read by another service. */
    public static final List<TopicSpec> INTERNAL = List.of(
            TopicSpec.deleting(INVOICE_FILTER_MISMATCH_FACTS, 3, Duration.ofDays(2)),
            TopicSpec.deleting(INVOICE_FILTER_INVOICE_REQUESTS, 3, Duration.ofDays(7)),
            TopicSpec.deleting(deadLetter(INVOICE_FILTER_INVOICE_REQUESTS), 1, Duration.ofDays(30)));

    private Topics() {}

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The topics of docs/architecture.md, their dead-letter topics (one partition, 30 days) and the internal topics. */
    public static List<TopicSpec> allWithDeadLetters() {
        var specs = new ArrayList<>(ALL);
        for (TopicSpec spec : ALL) {
            specs.add(TopicSpec.deleting(deadLetter(spec.name()), 1, Duration.ofDays(30)));
        }
        specs.addAll(INTERNAL);
        return List.copyOf(specs);
    }

    public static String orderKey(String integrationId, long entityId) {
        return integrationId + ":" + entityId;
    }

    public static String productKey(String integrationId, String sku) {
        return integrationId + ":" + sku;
    }

    public static String alertKey(String integrationId, AlertCode code) {
        return integrationId + ":" + code.name();
    }
}
