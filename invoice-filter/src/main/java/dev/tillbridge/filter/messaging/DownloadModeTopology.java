package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.Topics;
import dev.tillbridge.filter.service.MismatchWatch;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The invoice-filter topology: {@code raw-orders} → decide → {@code filtered-orders},
 * {@code skipped-orders}, {@code integration-logs} (and {@code raw-orders.dlq}) and, for Auto-Invoice releases,
 * {@code invoice-filter.invoice-requests}, with the orders' records
 * in a changelogged store and the integrations as a global table; the decisions, re-keyed by integration
 * through {@code invoice-filter.mismatch-facts}, feed the DOWNLOAD_MODE_MISMATCH watch →
 * {@code integration-alerts}. Plain Kafka Streams, so it also runs outside Quarkus (the crash tests run it in a process
 * they kill).
 */
public final class DownloadModeTopology {

    static final String ORDERS_STORE = "orders";
    static final String MISMATCH_STORE = "mismatch-watch";
    static final String PARKED_STORE = "parked-orders";
    static final String INTEGRATIONS_STORE = "integrations";
    /** Per integration, the newest creation time of an order this partition forgot ({@code OrderRetention}). */
    static final String MARKS_STORE = "retention-marks";

    static final String SOURCE = "raw-orders-source";
    static final String DECIDE = "decide";
    static final String FILTERED_SINK = "filtered-orders-sink";
    static final String SKIPPED_SINK = "skipped-orders-sink";
    static final String ALERTS_SINK = "alerts-sink";
    static final String LOGS_SINK = "logs-sink";
    static final String DLQ_SINK = "raw-orders-dlq-sink";
    static final String MISMATCH_FACTS_SINK = "mismatch-facts-sink";
    static final String INVOICE_REQUESTS_SINK = "invoice-requests-sink";
    static final String MISMATCH_FACTS_SOURCE = "mismatch-facts-source";
    static final String WATCH = "watch-mismatch";

    private DownloadModeTopology() {}

    public static Topology build(
            Clock clock, MismatchWatch.Thresholds thresholds, Duration recheckInterval, Runnable onMalformed) {
        return build(clock, thresholds, recheckInterval, onMalformed, StateRetention.defaults(clock));
    }

    public static Topology build(
            Clock clock,
            MismatchWatch.Thresholds thresholds,
            Duration recheckInterval,
            Runnable onMalformed,
            StateRetention retention) {
        return build(
                clock,
                thresholds,
                recheckInterval,
                onMalformed,
                retention,
                OpenTelemetry.noop().getTracer(TRACER));
    }

    /** The instrumentation name of the decision spans. */
    public static final String TRACER = "dev.tillbridge.filter";

    public static Topology build(
            Clock clock,
            MismatchWatch.Thresholds thresholds,
            Duration recheckInterval,
            Runnable onMalformed,
            StateRetention retention,
            Tracer tracer) {
        var strings = new StringDeserializer();
        var out = new StringSerializer();
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.timestampedKeyValueStoreBuilder(
                                Stores.persistentTimestampedKeyValueStore(INTEGRATIONS_STORE),
                                Serdes.String(),
                                Serdes.String())
                        .withLoggingDisabled(),
                "integrations-source",
                strings,
                strings,
                Topics.INTEGRATIONS,
                "integrations-table",
                IntegrationTableUpdater::new);
        topology.addSource(SOURCE, strings, strings, Topics.RAW_ORDERS);
        topology.addProcessor(
                DECIDE,
                () -> new OrderDecisionProcessor(clock, recheckInterval, onMalformed, retention, tracer),
                SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ORDERS_STORE), Serdes.String(), Serdes.String()),
                DECIDE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PARKED_STORE), Serdes.String(), Serdes.String()),
                DECIDE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(MARKS_STORE), Serdes.String(), Serdes.String()),
                DECIDE);
        topology.addSink(FILTERED_SINK, Topics.FILTERED_ORDERS, out, out, DECIDE);
        topology.addSink(SKIPPED_SINK, Topics.SKIPPED_ORDERS, out, out, DECIDE);
        topology.addSink(LOGS_SINK, Topics.INTEGRATION_LOGS, out, out, DECIDE);
        topology.addSink(DLQ_SINK, Topics.deadLetter(Topics.RAW_ORDERS), out, out, DECIDE);
        topology.addSink(MISMATCH_FACTS_SINK, Topics.INVOICE_FILTER_MISMATCH_FACTS, out, out, DECIDE);
        topology.addSink(INVOICE_REQUESTS_SINK, Topics.INVOICE_FILTER_INVOICE_REQUESTS, out, out, DECIDE);

        // Second sub-topology: the facts keyed by integration, so one task sees all of an integration's.
        topology.addSource(MISMATCH_FACTS_SOURCE, strings, strings, Topics.INVOICE_FILTER_MISMATCH_FACTS);
        topology.addProcessor(
                WATCH,
                () -> new MismatchProcessor(clock, thresholds, recheckInterval, retention.metrics()),
                MISMATCH_FACTS_SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(MISMATCH_STORE), Serdes.String(), Serdes.String()),
                WATCH);
        topology.addSink(ALERTS_SINK, Topics.INTEGRATION_ALERTS, out, out, WATCH);
        return topology;
    }
}
