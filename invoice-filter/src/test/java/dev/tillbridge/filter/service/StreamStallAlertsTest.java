package dev.tillbridge.filter.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.filter.FilterTestResource;
import dev.tillbridge.filter.messaging.StreamsWatch;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.TestIntegrations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams.State;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A decision stream stopped longer than {@code stall.alert-after} (5 s in the test profile) raises
 * {@code STREAM_STALLED} once on every enabled integration, counted from when it stopped; the stream running again
 * resolves it. The stop is reported to the application's own {@link StreamsWatch}, as Kafka Streams would.
 */
@QuarkusTest
@WithTestResource(FilterTestResource.class)
class StreamStallAlertsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    StreamsWatch watch;

    @Inject
    IntegrationDirectory directory;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tillbridge.credentials.key")
    String credentialsKey;

    @Test
    void aStoppedStreamRaisesStreamStalledOnceOnEveryEnabledIntegrationAndItsReturnResolvesIt() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            IntegrationConfigured integration = new TestIntegrations(kafka, credentialsKey)
                    .publish("http://127.0.0.1:1/m/stall", "stall-token", DownloadMode.AUTO_INVOICE, 60);
            String key = Topics.alertKey(integration.integrationId(), AlertCode.STREAM_STALLED);
            await().atMost(WAIT)
                    .until(() -> directory.find(integration.integrationId()).isPresent());
            await().atMost(WAIT).until(() -> watch.condition().ready());

            Instant stoppedAt;
            try {
                watch.onChange(State.PENDING_ERROR, State.RUNNING);
                watch.onChange(State.ERROR, State.PENDING_ERROR);
                stoppedAt = watch.condition().since();
                List<AlertChanged> raised = alerts(kafka, key, AlertState.RAISED);
                assertThat(raised).singleElement().satisfies(a -> {
                    assertThat(a.service()).isEqualTo(LogService.TILLBRIDGE);
                    assertThat(a.message()).startsWith("Tillbridge stopped deciding orders for this integration at ");
                    assertThat(a.firstSeenAt()).isEqualTo(stoppedAt);
                    assertThat(a.lastSeenAt()).isAfterOrEqualTo(stoppedAt.plusSeconds(5));
                    assertThat(a.occurrences()).isEqualTo(1);
                });
            } finally {
                watch.onChange(State.RUNNING, State.ERROR);
            }

            List<AlertChanged> all = alerts(kafka, key, AlertState.RESOLVED);
            assertThat(all).extracting(AlertChanged::state).containsExactly(AlertState.RAISED, AlertState.RESOLVED);
            AlertChanged resolved = all.get(1);
            assertThat(resolved.message()).isEqualTo("Tillbridge decides orders again.");
            assertThat(resolved.firstSeenAt()).as("since it was raised").isAfterOrEqualTo(stoppedAt.plusSeconds(5));
            assertThat(resolved.occurrences()).isEqualTo(1);
        }
    }

    /** The integration's STREAM_STALLED records, read until one in {@code state} is there. */
    private static List<AlertChanged> alerts(KafkaTestClient kafka, String key, AlertState state) {
        return kafka
                .readUntil(
                        Topics.INTEGRATION_ALERTS,
                        r -> key.equals(r.key()),
                        found -> found.stream().anyMatch(r -> alert(r.value()).state() == state),
                        WAIT)
                .stream()
                .map(r -> alert(r.value()))
                .toList();
    }

    private static AlertChanged alert(String json) {
        return EventJson.decode(json, AlertChanged.class).payload();
    }
}
