package dev.tillbridge.poller;

import static dev.tillbridge.poller.PollerTestSupport.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.ResyncCancelRequested;
import dev.tillbridge.events.ResyncProgress;
import dev.tillbridge.events.ResyncRequested;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.poller.messaging.KafkaOrderPublisher;
import dev.tillbridge.poller.resync.Resync;
import dev.tillbridge.poller.resync.ResyncRepository;
import dev.tillbridge.poller.resync.ResyncRunner;
import dev.tillbridge.poller.service.SyncStateRepository;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderChange;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resyncs (issue 16): a re-read from a date, commanded on {@code sync-requests}, run next to the cycles. It finds an
 * order the regular sync missed (a late update older than the sweep span), sends nothing the cycles sent already, with
 * force precedes each order with a re-download request, leaves the watermark alone, applies a command once, runs one
 * at a time, stops when cancelled, and resumes at its cursor after a restart.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class ResyncTest {

    private static final String TOKEN = "resync-token";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    @Inject
    SyncStateRepository states;

    @Inject
    DataSource dataSource;

    private SimulatedStore store;

    @BeforeEach
    void setUp() {
        store = poller.store("r", TOKEN);
    }

    private static EventEnvelope<EventPayload> envelope(ConsumerRecord<String, String> r) {
        return EventJson.decode(r.value());
    }

    private void command(IntegrationConfigured integration, EventPayload command) {
        poller.kafka()
                .sendEvent(
                        Topics.SYNC_REQUESTS,
                        integration.integrationId(),
                        EventEnvelope.of(
                                integration.accountId(), integration.integrationId(), command, Clock.systemUTC()));
    }

    private ResyncProgress waitForProgress(String integrationId, UUID resyncId, ResyncProgress.State state) {
        var found = poller.kafka()
                .readUntil(
                        Topics.SYNC_CYCLES,
                        of(integrationId).and(r -> r.value().contains(ResyncProgress.TYPE)),
                        records -> records.stream()
                                .map(r -> (ResyncProgress) envelope(r).payload())
                                .anyMatch(p -> p.resyncId().equals(resyncId) && p.state() == state),
                        WAIT);
        return found.stream()
                .map(r -> (ResyncProgress) envelope(r).payload())
                .filter(p -> p.resyncId().equals(resyncId) && p.state() == state)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + state + " progress of resync " + resyncId));
    }

    private List<EventEnvelope<EventPayload>> rawOrders(String integrationId) {
        return poller.kafka().readAll(Topics.RAW_ORDERS, of(integrationId)).stream()
                .map(ResyncTest::envelope)
                .toList();
    }

    private List<String> infoLines(String integrationId) {
        return poller.kafka().readAll(Topics.INTEGRATION_LOGS, of(integrationId)).stream()
                .map(r -> ((LogEntry) envelope(r).payload()).message())
                .toList();
    }

    private void waitForCycle(IntegrationConfigured integration, Instant after) {
        var ended = poller.kafka()
                .readUntil(
                        Topics.SYNC_CYCLES,
                        of(integration.integrationId()).and(r -> r.value().contains(SyncCycle.ENDED_TYPE)),
                        found -> found.stream().anyMatch(r -> {
                            var e = EventJson.decode(r.value(), SyncCycle.class);
                            return e.payload().outcome() == SyncCycle.Outcome.SUCCEEDED
                                    && e.occurredAt().isAfter(after);
                        }),
                        WAIT);
        assertThat(ended).as("a successful cycle after %s", after).isNotEmpty();
    }

    @Test
    void aResyncSendsWhatTheRegularSyncMissedAndNothingItSentAndLeavesTheWatermark() {
        Instant now = store.now();
        store.seedOrders(OrderSeed.of(3)
                .withStates(Map.of("new", 1))
                .withCreatedBetween(
                        now.minus(Duration.ofDays(3)),
                        now.minus(Duration.ofDays(3)).plusSeconds(60)));
        Order recent = store.createOrder(NewOrder.inState("new"));
        var integration = poller.publish(store, TOKEN, DownloadMode.WAIT_FOR_INVOICE, 1);
        String id = integration.integrationId();
        waitForCycle(integration, Instant.now());
        // Magento stamps the change when its transaction starts: 30 hours before it commits, older than the sweep's
        // 24 h. No cycle will read this version.
        Order missed = store.updateOrder(
                store.orders().get(0).entityId(),
                OrderChange.committedLate("processing", now.minus(Duration.ofHours(30))));
        waitForCycle(integration, Instant.now().plusSeconds(3));
        assertThat(rawOrders(id))
                .noneMatch(e -> e.payload() instanceof OrderObserved o
                        && o.order().updatedAt().equals(missed.updatedAt()));
        Instant watermark = states.load(id).watermark();

        UUID resyncId = UUID.randomUUID();
        command(
                integration,
                new ResyncRequested(id, resyncId, now.minus(Duration.ofDays(2)), false, "ops@example.test"));
        ResyncProgress done = waitForProgress(id, resyncId, ResyncProgress.State.DONE);

        assertThat(done.upTo()).isEqualTo(watermark);
        // Read: the missed version and the recent order; sent: only the missed one (the cycles sent the other).
        assertThat(done.ordersFound()).isEqualTo(2);
        assertThat(done.ordersSent()).isEqualTo(1);
        var resynced = rawOrders(id).stream()
                .filter(e ->
                        e.payload() instanceof OrderObserved o && o.observedBy() == OrderObserved.ObservedBy.RESYNC)
                .map(e -> ((OrderObserved) e.payload()).order())
                .toList();
        assertThat(resynced).singleElement().satisfies(o -> {
            assertThat(o.entityId()).isEqualTo(missed.entityId());
            assertThat(o.updatedAt()).isEqualTo(missed.updatedAt());
        });
        assertThat(rawOrders(id)).noneMatch(e -> e.payload() instanceof RedownloadRequested);
        assertThat(states.load(id).watermark()).isEqualTo(watermark);
        assertThat(infoLines(id))
                .anyMatch(l -> l.startsWith("Resync started by ops@example.test"))
                .anyMatch(l -> l.startsWith("Resync from ") && l.contains(" done: read 2 orders"));

        // The same command again (an at-least-once outbox): nothing starts again.
        command(
                integration,
                new ResyncRequested(id, resyncId, now.minus(Duration.ofDays(2)), false, "ops@example.test"));
        UUID forced = UUID.randomUUID();
        command(integration, new ResyncRequested(id, forced, now.minus(Duration.ofDays(2)), true, "ops@example.test"));
        ResyncProgress forcedDone = waitForProgress(id, forced, ResyncProgress.State.DONE);
        assertThat(forcedDone.ordersSent()).isEqualTo(2);
        assertThat(infoLines(id).stream().filter(l -> l.startsWith("Resync started by")))
                .hasSize(2);
        // With force every order read goes out preceded by a re-download that applies to released orders only.
        var records = rawOrders(id);
        var requests = records.stream()
                .filter(e -> e.payload() instanceof RedownloadRequested)
                .map(e -> (RedownloadRequested) e.payload())
                .toList();
        assertThat(requests)
                .extracting(RedownloadRequested::entityId)
                .containsExactlyInAnyOrder(Long.valueOf(missed.entityId()), Long.valueOf(recent.entityId()));
        assertThat(requests).allSatisfy(r -> assertThat(r.onlyIfReleased()).isTrue());
        for (RedownloadRequested request : requests) {
            int requestAt = indexOf(records, e -> e.payload() == request);
            int observedAt = lastIndexOf(
                    records,
                    e -> e.payload() instanceof OrderObserved o
                            && o.order().entityId() == request.entityId()
                            && o.observedBy() == OrderObserved.ObservedBy.RESYNC);
            assertThat(requestAt).isLessThan(observedAt);
        }
        assertThat(states.load(id).watermark()).isEqualTo(watermark);
    }

    private static int indexOf(List<EventEnvelope<EventPayload>> records, Predicate<EventEnvelope<EventPayload>> p) {
        for (int i = 0; i < records.size(); i++) {
            if (p.test(records.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(
            List<EventEnvelope<EventPayload>> records, Predicate<EventEnvelope<EventPayload>> p) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (p.test(records.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The plain-Java runner against an integration the scheduler does not know (not on {@code integrations}), so
     * only this test steps it: one at a time, a restart (new runner, repository and producer) resumes at the cursor,
     * and a cancelled resync takes no further step.
     */
    @Test
    void oneAtATimeResumesAfterARestartAndStopsWhenCancelled() {
        Instant now = store.now();
        store.seedOrders(OrderSeed.of(5)
                .withStates(Map.of("new", 1))
                .withCreatedBetween(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
        var integration = PollerTestSupport.unpublished("int-", store, 60);
        String id = integration.integrationId();
        var first =
                new ResyncRequested(id, UUID.randomUUID(), now.minus(Duration.ofDays(3)), false, "ops@example.test");

        try (var publisher =
                new KafkaOrderPublisher(Map.of("bootstrap.servers", poller.bootstrapServers()), Map.of())) {
            ResyncRunner runner = runner(publisher);
            assertThat(runner.start(integration.accountId(), first)).isEqualTo(ResyncRepository.Start.STARTED);
            assertThat(runner.start(integration.accountId(), first)).isEqualTo(ResyncRepository.Start.SEEN);
            var second = new ResyncRequested(id, UUID.randomUUID(), now.minus(Duration.ofDays(1)), true, "x");
            assertThat(runner.start(integration.accountId(), second)).isEqualTo(ResyncRepository.Start.BUSY);
            assertThat(waitForProgress(id, second.resyncId(), ResyncProgress.State.FAILED)
                            .message())
                    .contains("Another resync of this integration is running");

            Resync afterOne = runner.step(claimed(first.resyncId(), integration), client(), null)
                    .orElseThrow();
            assertThat(afterOne.state()).isEqualTo(ResyncProgress.State.RUNNING);
            assertThat(afterOne.ordersFound()).isEqualTo(2);
        }

        // A restart: nothing of the first process is left but PostgreSQL.
        try (var publisher =
                new KafkaOrderPublisher(Map.of("bootstrap.servers", poller.bootstrapServers()), Map.of())) {
            ResyncRunner runner = runner(publisher);
            Resync last = null;
            for (int step = 0; step < 10 && (last == null || last.state() == ResyncProgress.State.RUNNING); step++) {
                last = runner.step(claimed(first.resyncId(), integration), client(), null)
                        .orElseThrow();
            }
            assertThat(last.state()).isEqualTo(ResyncProgress.State.DONE);
            assertThat(last.ordersFound()).isEqualTo(5);
            // Each order went out once: the restart went on from the cursor, it did not read the span again.
            assertThat(rawOrders(id)).hasSize(5);

            var cancelled =
                    new ResyncRequested(id, UUID.randomUUID(), now.minus(Duration.ofDays(3)), true, "ops@example.test");
            assertThat(runner.start(integration.accountId(), cancelled)).isEqualTo(ResyncRepository.Start.STARTED);
            Resync once = runner.step(claimed(cancelled.resyncId(), integration), client(), null)
                    .orElseThrow();
            assertThat(runner.cancel(new ResyncCancelRequested(id, cancelled.resyncId(), "ops@example.test")))
                    .isPresent();
            assertThat(runner.step(claimed(cancelled.resyncId(), integration), client(), null))
                    .isEmpty();
            Resync stopped =
                    new ResyncRepository(dataSource).find(cancelled.resyncId()).orElseThrow();
            assertThat(stopped.state()).isEqualTo(ResyncProgress.State.CANCELLED);
            assertThat(stopped.ordersFound()).isEqualTo(once.ordersFound());
            assertThat(waitForProgress(id, cancelled.resyncId(), ResyncProgress.State.CANCELLED)
                            .ordersFound())
                    .isEqualTo(2);
            assertThat(infoLines(id))
                    .anyMatch(l -> l.startsWith("Resync cancelled by ops@example.test after reading 2"));
            // A cancel of a resync that ended already changes nothing.
            assertThat(runner.cancel(new ResyncCancelRequested(id, first.resyncId(), "ops@example.test")))
                    .isEmpty();
        }
    }

    /** Two orders a page, one page a step. */
    private ResyncRunner runner(KafkaOrderPublisher publisher) {
        return new ResyncRunner(
                new ResyncRepository(dataSource),
                new SyncStateRepository(dataSource),
                publisher,
                Clock.systemUTC(),
                2,
                1);
    }

    private ResyncRepository.Claimed claimed(UUID resyncId, IntegrationConfigured integration) {
        return new ResyncRepository.Claimed(
                new ResyncRepository(dataSource).find(resyncId).orElseThrow(), integration);
    }

    private MagentoClient client() {
        return PollerTestSupport.client(store, TOKEN);
    }
}
