package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.service.MismatchWatch;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The download-mode topology in a {@link TopologyTestDriver} (no broker), with the topics the topology tests feed and
 * read and the records they pipe: an integration's configuration, an observation of an order, a re-download request.
 * Closing it closes the driver.
 */
final class TopologyFixture implements AutoCloseable {

    /** When the fixture's orders were created in Magento. */
    static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    static final BigDecimal TOTAL = new BigDecimal("100.00");

    final TopologyTestDriver driver;
    final TestInputTopic<String, String> integrations;
    final TestInputTopic<String, String> rawOrders;
    final TestOutputTopic<String, String> filtered;
    final TestOutputTopic<String, String> skipped;
    final TestOutputTopic<String, String> facts;
    final TestOutputTopic<String, String> invoiceRequests;

    private TopologyFixture(TopologyTestDriver driver) {
        this.driver = driver;
        var out = new StringSerializer();
        this.integrations = driver.createInputTopic(Topics.INTEGRATIONS, out, out);
        this.rawOrders = driver.createInputTopic(Topics.RAW_ORDERS, out, out);
        this.filtered = output(Topics.FILTERED_ORDERS);
        this.skipped = output(Topics.SKIPPED_ORDERS);
        this.facts = output(Topics.INVOICE_FILTER_MISMATCH_FACTS);
        this.invoiceRequests = output(Topics.INVOICE_FILTER_INVOICE_REQUESTS);
    }

    /** The topology with the default thresholds and retention, its parked orders looked at every {@code recheck}. */
    static TopologyFixture start(Path stateDir, String applicationId, Duration recheck) throws IOException {
        return start(
                stateDir,
                applicationId,
                DownloadModeTopology.build(Clock.systemUTC(), MismatchWatch.Thresholds.DEFAULT, recheck, () -> {}));
    }

    /** {@code topology} with its state in {@code stateDir} under {@code applicationId}. */
    static TopologyFixture start(Path stateDir, String applicationId, Topology topology) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir.resolve("streams")).toString());
        return new TopologyFixture(new TopologyTestDriver(topology, props));
    }

    TestOutputTopic<String, String> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer());
    }

    /** Pipes the integration's configuration as status-api publishes it. */
    void configure(IntegrationConfigured integration) {
        integrations.pipeInput(integration.integrationId(), envelope(integration, integration));
    }

    /** Pipes an observation of {@code order} as order-poller publishes it. */
    void observe(IntegrationConfigured integration, OrderSnapshot order) {
        var observed = new OrderObserved(
                integration.integrationId(), UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, order);
        rawOrders.pipeInput(
                Topics.orderKey(integration.integrationId(), order.entityId()), envelope(integration, observed));
    }

    /** Pipes an operator's re-download request for the order. */
    void redownload(IntegrationConfigured integration, long entityId) {
        rawOrders.pipeInput(
                Topics.orderKey(integration.integrationId(), entityId),
                envelope(
                        integration,
                        new RedownloadRequested(integration.integrationId(), entityId, "ops@example.test")));
    }

    /**
     * An order of {@link #TOTAL} in {@code state} (status alike) with {@code invoiced} invoiced (null: nothing),
     * created at {@code created} and last updated {@code secondsAfterCreation} later.
     */
    static OrderSnapshot order(
            long entityId, String state, BigDecimal invoiced, Instant created, int secondsAfterCreation) {
        return new OrderSnapshot(
                entityId,
                String.format("%09d", entityId),
                state,
                state,
                1,
                "c@example.test",
                "C",
                "D",
                "EUR",
                TOTAL,
                TOTAL,
                invoiced,
                invoiced,
                invoiced,
                created,
                created.plusSeconds(secondsAfterCreation),
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }

    private static String envelope(IntegrationConfigured integration, EventPayload payload) {
        return EventJson.encode(
                EventEnvelope.of(integration.accountId(), integration.integrationId(), payload, Clock.systemUTC()));
    }

    @Override
    public void close() {
        driver.close();
    }
}
