package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.service.MismatchWatch;
import dev.tillbridge.infra.TestIntegration;
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
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrations table keeps the newest revision: a repeat of an older one (at-least-once publishing) changes nothing. */
class IntegrationRevisionsTest {

    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aRepeatOfAnOlderRevisionDoesNotReplaceTheNewerOne() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "integration-revisions-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir.resolve("streams")).toString());
        driver = new TopologyTestDriver(
                DownloadModeTopology.build(
                        Clock.systemUTC(), MismatchWatch.Thresholds.DEFAULT, Duration.ofSeconds(1), () -> {}),
                props);
        var out = new StringSerializer();
        TestInputTopic<String, String> integrations = driver.createInputTopic(Topics.INTEGRATIONS, out, out);
        TestInputTopic<String, String> rawOrders = driver.createInputTopic(Topics.RAW_ORDERS, out, out);
        TestOutputTopic<String, String> filtered =
                driver.createOutputTopic(Topics.FILTERED_ORDERS, new StringDeserializer(), new StringDeserializer());

        String rev1 = encode(revision(DownloadMode.AUTO_INVOICE, 1));
        integrations.pipeInput("int-r", rev1);
        integrations.pipeInput("int-r", encode(revision(DownloadMode.WAIT_FOR_INVOICE, 2)));
        integrations.pipeInput("int-r", rev1); // the relay's repeat after a crash

        // An invoiced order: released under Wait-For-Invoice (revision 2), skipped under Auto-Invoice (revision 1).
        BigDecimal total = new BigDecimal("100.00");
        var order = new OrderSnapshot(
                7,
                "000000007",
                "processing",
                "processing",
                1,
                "c@example.test",
                "C",
                "D",
                "EUR",
                total,
                total,
                total,
                total,
                total,
                CREATED,
                CREATED.plusSeconds(60),
                List.of(),
                null,
                null,
                null,
                null,
                null);
        var observed = new OrderObserved("int-r", UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, order);
        rawOrders.pipeInput(
                Topics.orderKey("int-r", 7),
                EventJson.encode(EventEnvelope.of("acc-r", "int-r", observed, Clock.systemUTC())));

        assertThat(filtered.readValuesToList()).hasSize(1);
    }

    private static IntegrationConfigured revision(DownloadMode mode, long revision) {
        return TestIntegration.of("int-r", "acc-r")
                .storeIds()
                .downloadMode(mode)
                .revision(revision)
                .configured();
    }

    private static String encode(IntegrationConfigured config) {
        return EventJson.encode(
                EventEnvelope.of(config.accountId(), config.integrationId(), config, Clock.systemUTC()));
    }
}
