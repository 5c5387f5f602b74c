package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.FilterTestResource;
import dev.tillbridge.filter.service.InvoiceQueue;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Upgrading from a version whose invoicer read {@code filtered-orders}: with that topic added to the channel (README
 * "Upgrading"), releases committed before the upgrade are queued as the old version would have queued them: the
 * Auto-Invoice ones, not a Wait-For-Invoice release nor a re-download.
 */
@QuarkusTest
@TestProfile(InvoiceRequestsUpgradeTest.ReadingReleasesToo.class)
class InvoiceRequestsUpgradeTest {

    public static class ReadingReleasesToo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.incoming.invoice-requests.topics",
                    Topics.INVOICE_FILTER_INVOICE_REQUESTS + "," + Topics.FILTERED_ORDERS);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FilterTestResource.class));
        }
    }

    @Inject
    InvoiceQueue queue;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void autoInvoiceReleasesOnFilteredOrdersAreQueuedWhileUpgrading() throws Exception {
        String waiting = "upgrade-wfi-" + UUID.randomUUID();
        String redownloaded = "upgrade-again-" + UUID.randomUUID();
        String auto = "upgrade-auto-" + UUID.randomUUID();
        // One key, so one partition in this order: once the last is queued, the two before it have been read.
        String key = "upgrade-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            send(producer, key, release(waiting, DownloadMode.WAIT_FOR_INVOICE, false));
            send(producer, key, release(redownloaded, DownloadMode.AUTO_INVOICE, true));
            send(producer, key, release(auto, DownloadMode.AUTO_INVOICE, false));
        }

        await().atMost(Duration.ofSeconds(45)).until(() -> queue.pendingCount(auto) == 1);
        assertThat(queue.pendingCount(waiting))
                .as("Wait-For-Invoice: nothing to invoice")
                .isZero();
        assertThat(queue.pendingCount(redownloaded))
                .as("a re-download is not invoiced")
                .isZero();
    }

    /** As the filter wrote releases: the CloudEvents headers, with the Download Mode among them. */
    private static void send(KafkaProducer<String, String> producer, String key, OrderReleased release)
            throws Exception {
        var envelope =
                EventEnvelope.of("acc-" + release.integrationId(), release.integrationId(), release, Clock.systemUTC());
        var headers = EventMessages.cloudEventHeaders(envelope, "invoice-filter");
        headers.add(
                InvoiceRequestsListener.DOWNLOAD_MODE_HEADER,
                release.downloadMode().name().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.FILTERED_ORDERS, null, key, EventJson.encode(envelope), headers))
                .get();
    }

    private static OrderReleased release(String integrationId, DownloadMode mode, boolean redownload) {
        OrderSnapshot order = TopologyFixture.order(4711, "processing", null, TopologyFixture.CREATED, 60);
        return new OrderReleased(integrationId, mode, redownload, order);
    }
}
