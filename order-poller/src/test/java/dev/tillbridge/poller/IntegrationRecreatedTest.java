package dev.tillbridge.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.alert.AlertBook.Held;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.poller.config.PollerConfig;
import dev.tillbridge.poller.service.CycleReport;
import dev.tillbridge.poller.service.IncarnationEnded;
import dev.tillbridge.poller.service.OrderPublisher;
import dev.tillbridge.poller.service.SyncCycleRunner;
import dev.tillbridge.poller.service.SyncGenerations;
import dev.tillbridge.poller.service.SyncState;
import dev.tillbridge.poller.service.SyncStateRepository;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An integration deleted and created again with the same id (only its own account may, status-api's rule) is a
 * new incarnation: the tombstone makes the poller forget the watermark, so the new one downloads from its start
 * date again; a cycle of the deleted incarnation that ends after the tombstone writes nothing.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class IntegrationRecreatedTest {

    private static final String TOKEN = "recreate-test-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    @Inject
    SyncStateRepository repository;

    @Inject
    SyncGenerations generations;

    @Inject
    PollerConfig config;

    @Inject
    MagentoClients magento;

    private SimulatedStore store;

    @BeforeEach
    void setUp() {
        store = poller.store("r", TOKEN);
    }

    @Test
    void aRecreatedIntegrationDownloadsFromItsStartDateAgain() {
        store.seedOrders(OrderSeed.of(6));
        IntegrationConfigured first = poller.publish(store, TOKEN, DownloadMode.AUTO_INVOICE, 1);
        String id = first.integrationId();
        await().atMost(WAIT).until(() -> repository.watermark(id) != null);
        assertThat(published(id, Instant.EPOCH)).hasSize(6);
        assertThat(magento.keepsClientOf(id))
                .as("the client of a polled integration is kept")
                .isTrue();

        poller.disable(first);
        poller.kafka().send(Topics.INTEGRATIONS, id, null);
        await().atMost(WAIT).until(() -> repository.load(id).watermark() == null);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(magento.keepsClientOf(id))
                        .as("the deleted integration's client and opened credentials are let go")
                        .isFalse());
        SyncState forgotten = repository.load(id);
        assertThat(forgotten.activeAlert()).isNull();
        assertThat(repository.publishedRecently(id)).isEmpty();
        assertThat(repository.overlapVersions(id)).isEmpty();

        Instant recreatedAt = Instant.now();
        poller.publishRevision(first, first.magento(), first.revision() + 2);

        // The new incarnation's first cycle reads from the start date (none: "ever"), not the old watermark,
        // and every order is downloaded again.
        List<ConsumerRecord<String, String>> fresh = poller.kafka()
                .readUntil(
                        Topics.SYNC_CYCLES,
                        r -> id.equals(r.key())
                                && r.value().contains(SyncCycle.ENDED_TYPE)
                                && !EventJson.decode(r.value(), SyncCycle.class)
                                        .occurredAt()
                                        .isBefore(recreatedAt),
                        found -> !found.isEmpty(),
                        WAIT);
        assertThat(fresh).isNotEmpty();
        SyncCycle cycle =
                EventJson.decode(fresh.get(0).value(), SyncCycle.class).payload();
        assertThat(cycle.outcome()).isEqualTo(SyncCycle.Outcome.SUCCEEDED);
        assertThat(cycle.windowFrom()).isEqualTo(Instant.EPOCH);
        assertThat(cycle.ordersPublished()).isEqualTo(6);
        assertThat(published(id, recreatedAt)).hasSize(6);
    }

    @Test
    void aCycleOfTheDeletedIncarnationThatEndsAfterTheTombstoneWritesNothing() {
        String id = "int-fence-" + UUID.randomUUID().toString().substring(0, 8);
        SyncState before = repository.load(id);
        generations.forget(id); // the tombstone arrives while the cycle runs

        Instant now = Instant.now();
        CycleReport report = new CycleReport(Instant.EPOCH, now, now, 3, 3, 0, 1, now, 0, 42L, true, Set.of());
        assertThatThrownBy(() -> repository.commitCycle(
                        id, before.generation(), null, report, Map.of(), Map.of(), Duration.ofHours(24), now))
                .isInstanceOf(IncarnationEnded.class);
        repository.recordFailure(
                id,
                before.generation(),
                1,
                now.plusSeconds(60),
                Held.first(AlertCode.MAGENTO_UNREACHABLE, "Magento is unreachable", now));
        SyncState after = repository.load(id);
        assertThat(after.watermark())
                .as("no watermark of the deleted incarnation")
                .isNull();
        assertThat(after.activeAlert())
                .as("no alert of the deleted incarnation")
                .isNull();
        assertThat(after.generation()).isGreaterThan(before.generation());
    }

    @Test
    void anIdleCycleOfTheDeletedIncarnationReportsNothing() {
        // An idle cycle writes nothing to PostgreSQL, so the generation check of a commit does not fence it: it must
        // still not report an ENDED cycle (with the old watermark as its window) after the tombstone.
        store.seedOrders(OrderSeed.of(2));
        IntegrationConfigured integration = PollerTestSupport.unpublished("int-idle-", store, 1);
        String id = integration.integrationId();
        List<String> sent = new CopyOnWriteArrayList<>();
        OrderPublisher publisher = (topic, key, envelope) -> {
            sent.add(envelope.payload() instanceof SyncCycle cycle ? topic + " " + cycle.phase() : topic);
            return CompletableFuture.completedFuture(null);
        };
        SyncCycleRunner runner = PollerTestSupport.runner(repository, publisher, config);
        MagentoClient client = PollerTestSupport.client(store, TOKEN);
        assertThat(runner.run(integration, client).report().ordersPublished()).isEqualTo(2);
        assertThat(runner.run(integration, client).report().ordersPublished())
                .as("idle")
                .isZero();

        sent.clear();
        // The tombstone arrives while the third (idle) cycle runs: its lease is checked at its end.
        SyncCycleRunner.Outcome dropped = runner.run(integration, client, null, () -> {
            generations.forget(id);
            return true;
        });
        assertThat(dropped.succeeded()).isFalse();
        assertThat(sent)
                .as("an idle cycle sends no STARTED record, and this one no ENDED record either")
                .doesNotContain(
                        Topics.SYNC_CYCLES + " " + SyncCycle.Phase.STARTED,
                        Topics.SYNC_CYCLES + " " + SyncCycle.Phase.ENDED,
                        Topics.INTEGRATION_LOGS);
    }

    private Set<Long> published(String id, Instant since) {
        return poller
                .kafka()
                .readUntil(
                        Topics.RAW_ORDERS,
                        r -> r.key() != null
                                && r.key().startsWith(id + ":")
                                && !EventJson.decode(r.value(), OrderObserved.class)
                                        .occurredAt()
                                        .isBefore(since),
                        found -> found.stream().map(r -> r.key()).distinct().count() >= 6,
                        WAIT)
                .stream()
                .map(r -> EventJson.decode(r.value(), OrderObserved.class)
                        .payload()
                        .order()
                        .entityId())
                .collect(Collectors.toSet());
    }
}
