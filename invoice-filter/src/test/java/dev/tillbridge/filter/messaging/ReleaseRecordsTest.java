package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.service.MismatchWatch;
import dev.tillbridge.infra.TestIntegration;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the decide step writes besides the release itself: the Download Mode header the Auto-Invoice
 * listener filters on, mismatch facts only for orders the watch tracks, and integration changes taking
 * effect on the next order although decoded integrations are reused.
 */
class ReleaseRecordsTest {

    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> integrations;
    private TestInputTopic<String, String> rawOrders;
    private TestOutputTopic<String, String> filtered;
    private TestOutputTopic<String, String> facts;

    @BeforeEach
    void startDriver() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "release-records-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir.resolve("streams")).toString());
        driver = new TopologyTestDriver(
                DownloadModeTopology.build(
                        Clock.systemUTC(), MismatchWatch.Thresholds.DEFAULT, Duration.ofSeconds(30), () -> {}),
                props);
        var out = new StringSerializer();
        var in = new StringDeserializer();
        integrations = driver.createInputTopic(Topics.INTEGRATIONS, out, out);
        rawOrders = driver.createInputTopic(Topics.RAW_ORDERS, out, out);
        filtered = driver.createOutputTopic(Topics.FILTERED_ORDERS, in, in);
        facts = driver.createOutputTopic(Topics.INVOICE_FILTER_MISMATCH_FACTS, in, in);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void releasesSayTheirDownloadModeAndAModeChangeAppliesToTheNextOrder() {
        configure(DownloadMode.WAIT_FOR_INVOICE);
        observe(1, "new", null, 60);
        observe(2, "processing", new BigDecimal("100.00"), 60);
        configure(DownloadMode.AUTO_INVOICE);
        observe(3, "new", null, 60);

        List<TestRecord<String, String>> released = filtered.readRecordsToList();
        assertThat(released).extracting(TestRecord::key).containsExactly(key(2), key(3));
        assertThat(released).extracting(r -> mode(r)).containsExactly("WAIT_FOR_INVOICE", "AUTO_INVOICE");
    }

    @Test
    void onlyReleasesThatEndASkipAreToldToTheMismatchWatch() {
        configure(DownloadMode.WAIT_FOR_INVOICE);
        observe(1, "processing", new BigDecimal("100.00"), 60);
        assertThat(filtered.readRecordsToList()).hasSize(1);
        assertThat(facts.readRecordsToList())
                .as("released without a skip before")
                .isEmpty();

        observe(2, "new", null, 60);
        observe(2, "processing", new BigDecimal("100.00"), 120);

        List<MismatchFact> told = facts.readValuesToList().stream()
                .map(v -> StateJson.read(v, MismatchFact.class))
                .toList();
        assertThat(told).extracting(MismatchFact::entityId).containsExactly(2L, 2L);
        assertThat(told).extracting(MismatchFact::isRelease).containsExactly(false, true);
        assertThat(filtered.readRecordsToList()).extracting(TestRecord::key).containsExactly(key(2));
    }

    private static String mode(TestRecord<String, String> record) {
        return new String(
                record.headers()
                        .lastHeader(ReleasedOrdersListener.DOWNLOAD_MODE_HEADER)
                        .value(),
                StandardCharsets.UTF_8);
    }

    private static String key(long entityId) {
        return Topics.orderKey("int-r", entityId);
    }

    private void configure(DownloadMode mode) {
        var integration = TestIntegration.of("int-r", "acc-r")
                .storeIds()
                .downloadMode(mode)
                .configured();
        integrations.pipeInput(
                integration.integrationId(),
                EventJson.encode(EventEnvelope.of(
                        integration.accountId(), integration.integrationId(), integration, Clock.systemUTC())));
    }

    private void observe(long entityId, String state, BigDecimal invoiced, int secondsAfterCreation) {
        BigDecimal total = new BigDecimal("100.00");
        var order = new OrderSnapshot(
                entityId,
                String.format("%09d", entityId),
                state,
                state,
                1,
                "c@example.test",
                "C",
                "D",
                "EUR",
                total,
                total,
                invoiced,
                invoiced,
                invoiced,
                CREATED,
                CREATED.plusSeconds(secondsAfterCreation),
                List.of(),
                null,
                null,
                null,
                null,
                null);
        var observed = new OrderObserved("int-r", UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, order);
        rawOrders.pipeInput(
                Topics.orderKey("int-r", entityId),
                EventJson.encode(EventEnvelope.of("acc-r", "int-r", observed, Clock.systemUTC())));
    }
}
