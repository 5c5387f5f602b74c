package dev.tillbridge.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.poller.config.PollerConfig;
import dev.tillbridge.poller.messaging.KafkaOrderPublisher;
import dev.tillbridge.poller.service.OrderPublisher;
import dev.tillbridge.poller.service.PollSchedule;
import dev.tillbridge.poller.service.SyncCycleRunner;
import dev.tillbridge.poller.service.SyncStateRepository;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fleet scale (issue 14): an idle cycle asks Magento twice, sends one record and writes nothing to {@code sync_state}
 * or {@code published_version} (only its schedule row moves), a cycle that found something still commits, and an integration claimed by a replica that died
 * is taken over when that replica's lease runs out, not at its next interval.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class FleetSchedulingTest {

    private static final String TOKEN = "fleet-test-token";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    @Inject
    SyncStateRepository repository;

    @Inject
    KafkaOrderPublisher publisher;

    @Inject
    MagentoClients magento;

    @Inject
    PollerConfig config;

    @Inject
    Clock clock;

    @Inject
    DataSource dataSource;

    @Inject
    PollSchedule schedule;

    private SimulatedStore newStore() {
        return poller.store("f", TOKEN);
    }

    /** Row versions (xmin) of the integration's rows in a table: they change whenever a row is written. */
    private String rowVersions(String table, String integrationId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(string_agg(xmin::text || ':' || ctid::text, ',' ORDER BY ctid), '') FROM "
                                + table + " WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void anIdleCycleWritesNoSyncStateAndACycleThatFoundAnOrderCommits() throws Exception {
        SimulatedStore store = newStore();
        store.seedOrders(OrderSeed.of(2));
        // Never published: the application's scheduler does not know it; this test runs its cycles.
        IntegrationConfigured integration = poller.unpublished("int-idle-", store, TOKEN, 60);
        String id = integration.integrationId();
        // No sweep inside this test (the test profile sweeps every 2 s): each cycle's writes are the idle rule's alone.
        List<String> sent = new CopyOnWriteArrayList<>();
        OrderPublisher recording = (topic, key, envelope) -> {
            sent.add(envelope.payload() instanceof SyncCycle cycle ? topic + " " + cycle.phase() : topic);
            return publisher.send(topic, key, envelope);
        };
        SyncCycleRunner runner = PollerTestSupport.runner(repository, recording, config, clock, Duration.ofHours(1));
        var client = magento.forIntegration(integration);

        var first = runner.run(integration, client);
        assertThat(first.succeeded()).isTrue();
        assertThat(first.report().ordersPublished()).isEqualTo(2);
        // The window read the orders before the invoice search showed their invoices: an invoice committed in
        // between could be missing from what was read, so the next cycle reads those orders once more (published
        // only if their version changed), and only then counts the invoices as read.
        var settling = runner.run(integration, client);
        assertThat(settling.succeeded()).isTrue();
        assertThat(settling.report().ordersPublished()).isZero();
        String state = rowVersions("sync_state", id);
        String versions = rowVersions("published_version", id);
        Instant watermark = repository.watermark(id);
        assertThat(state).isNotEmpty();

        for (int i = 0; i < 2; i++) {
            sent.clear();
            var idle = runner.run(integration, client);
            assertThat(idle.succeeded()).isTrue();
            assertThat(idle.report().ordersPublished()).isZero();
            assertThat(idle.report().pages())
                    .as("an idle cycle asks Magento twice: the versions it would read (all known) and new invoices")
                    .isEqualTo(2);
            assertThat(idle.report().ordersSeen()).as("and downloads no order").isZero();
            assertThat(sent)
                    .as("an idle cycle is one ENDED record: no STARTED, no Info line")
                    .containsExactly(Topics.SYNC_CYCLES + " " + SyncCycle.Phase.ENDED);
            assertThat(rowVersions("sync_state", id))
                    .as("an idle cycle does not rewrite sync_state")
                    .isEqualTo(state);
            assertThat(rowVersions("published_version", id))
                    .as("nor the overlap versions")
                    .isEqualTo(versions);
        }

        store.advanceClock(Duration.ofSeconds(5));
        store.createOrder(NewOrder.inState("processing"));
        sent.clear();
        var moved = runner.run(integration, client);
        assertThat(moved.succeeded()).isTrue();
        assertThat(moved.report().ordersPublished()).isEqualTo(1);
        assertThat(sent)
                .as("a cycle with an order to download says it started, and logs its Info line")
                .containsExactly(
                        Topics.SYNC_CYCLES + " " + SyncCycle.Phase.STARTED,
                        Topics.RAW_ORDERS,
                        Topics.SYNC_CYCLES + " " + SyncCycle.Phase.ENDED,
                        Topics.INTEGRATION_LOGS);
        assertThat(rowVersions("sync_state", id)).isNotEqualTo(state);
        assertThat(repository.watermark(id)).isAfter(watermark);
        assertThat(backoffUntil(id))
                .as("a success leaves no wait in sync_state: the schedule row alone says when it is due, rounded to the"
                        + " tick (a wait of start + interval made every cycle that found something one tick late)")
                .isBeforeOrEqualTo(Instant.now());
    }

    /** {@code sync_state.next_run_at}: the least wait a failure's back-off sets (a success's own time: none). */
    private Instant backoffUntil(String integrationId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT next_run_at FROM sync_state WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a sync_state row").isTrue();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    @Test
    void aCycleThatEndedHandsItsLeaseBackAndIsDueOneIntervalAfterItStarted() throws Exception {
        SimulatedStore store = newStore();
        IntegrationConfigured integration = poller.publish(store, TOKEN, DownloadMode.AUTO_INVOICE, 3600);
        String id = integration.integrationId();
        EventEnvelope<SyncCycle> ended = poller
                .kafka()
                .readUntil(
                        Topics.SYNC_CYCLES,
                        r -> id.equals(r.key()) && r.value().contains(SyncCycle.ENDED_TYPE),
                        found -> !found.isEmpty(),
                        WAIT)
                .stream()
                .map(r -> EventJson.decode(r.value(), SyncCycle.class))
                .findFirst()
                .orElseThrow();
        Instant started = ended.occurredAt().minusMillis(ended.payload().durationMs());
        // Released with the other cycles that ended, at the next tick: no owner, due one interval after the start.
        await().atMost(WAIT).untilAsserted(() -> {
            Lease lease = lease(id);
            assertThat(lease.owner()).as("owner").isNull();
            assertThat(lease.expiresAt()).as("lease end").isNull();
            assertThat(Duration.between(started.plusSeconds(3600), lease.nextRunAt())
                            .abs())
                    .as("due one interval after the cycle's start")
                    .isLessThan(Duration.ofSeconds(1));
        });
    }

    @Test
    void anIntegrationClaimedByAReplicaThatDiedIsTakenOverWhenItsLeaseRunsOut() throws Exception {
        SimulatedStore store = newStore();
        KafkaTestClient kafka = poller.kafka();
        // Due once an hour: only the take-over can start a second cycle inside this test.
        IntegrationConfigured integration = poller.publish(store, TOKEN, DownloadMode.AUTO_INVOICE, 3600);
        String id = integration.integrationId();
        List<ConsumerRecord<String, String>> first = kafka.readUntil(
                Topics.SYNC_CYCLES,
                r -> id.equals(r.key()) && r.value().contains(SyncCycle.ENDED_TYPE),
                found -> !found.isEmpty(),
                WAIT);
        assertThat(first).isNotEmpty();

        // Its cycle is due, and a replica claims it (lease 3 s) and dies: nobody finishes that cycle.
        Instant claimed = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement due =
                            c.prepareStatement("UPDATE sync_state SET next_run_at = now() WHERE integration_id = ?");
                    PreparedStatement claim = c.prepareStatement("""
                         UPDATE poll_lease SET owner = 'replica-that-died', expires_at = now() + interval '3 seconds',
                                next_run_at = now() + interval '3 seconds' WHERE integration_id = ?""")) {
                due.setString(1, id);
                assertThat(due.executeUpdate()).isEqualTo(1);
                claim.setString(1, id);
                assertThat(claim.executeUpdate()).isEqualTo(1);
            }
            c.commit();
        }
        // The store has no orders: its cycles are idle, each one ENDED record (started its duration before).
        List<Instant> starts = kafka
                .readUntil(
                        Topics.SYNC_CYCLES,
                        r -> id.equals(r.key()) && r.value().contains(SyncCycle.ENDED_TYPE),
                        found -> found.size() >= 2,
                        WAIT)
                .stream()
                .map(r -> EventJson.decode(r.value(), SyncCycle.class))
                .map(e -> e.occurredAt().minusMillis(e.payload().durationMs()))
                .sorted()
                .toList();
        assertThat(starts).as("a second cycle, long before the hour is up").hasSizeGreaterThanOrEqualTo(2);
        assertThat(starts.get(1))
                .as("not before the dead replica's lease ran out")
                .isAfterOrEqualTo(claimed.plusSeconds(3));
        assertThat(Duration.between(claimed, starts.get(1))).isLessThan(WAIT);
    }

    @Test
    void aTickClaimsWhatFallsDueBeforeTheNextTickIsHalfWaySoIntervalsDoNotGrowByATick() throws Exception {
        String early = releasedAfterItsFirstCycle();
        String late = releasedAfterItsFirstCycle();
        // A tick of 20 s in this claim (the scheduler's own is 200 ms here): the scheduler reaches neither row
        // for about 8 s, so the claim below is alone however loaded the machine is.
        Duration tick = Duration.ofSeconds(20);
        Instant now = Instant.now();
        dueAt(early, now.plus(tick.multipliedBy(4).dividedBy(10)));
        dueAt(late, now.plus(tick.multipliedBy(6).dividedBy(10)));

        List<String> claimed =
                schedule.claimDue("rounding-test", now, tick, now.plusSeconds(1), 1000, List.of()).stream()
                        .map(c -> c.integration().integrationId())
                        .toList();

        assertThat(claimed)
                .as("due before the next tick is half-way: claimed now, not a whole tick late")
                .contains(early)
                .as("due after it: left for the next tick")
                .doesNotContain(late);
    }

    /** A new integration (due hourly) whose first cycle ended and whose lease went back: nobody holds it. */
    private String releasedAfterItsFirstCycle() throws Exception {
        String id = poller.publish(newStore(), TOKEN, DownloadMode.AUTO_INVOICE, 3600)
                .integrationId();
        await().atMost(WAIT).untilAsserted(() -> {
            Lease lease = lease(id);
            assertThat(lease.owner()).as("lease released").isNull();
            assertThat(lease.nextRunAt()).as("due again later").isAfter(Instant.now());
        });
        return id;
    }

    private void dueAt(String integrationId, Instant due) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement lease =
                        c.prepareStatement("UPDATE poll_lease SET next_run_at = ? WHERE integration_id = ?");
                PreparedStatement state = c.prepareStatement(
                        "UPDATE sync_state SET next_run_at = '-infinity' WHERE integration_id = ?")) {
            lease.setTimestamp(1, Timestamp.from(due));
            lease.setString(2, integrationId);
            assertThat(lease.executeUpdate()).isEqualTo(1);
            state.setString(1, integrationId);
            state.executeUpdate();
        }
    }

    /** An integration's schedule row: who holds its lease until when, and when it is due next. */
    private record Lease(String owner, Instant expiresAt, Instant nextRunAt) {}

    private Lease lease(String integrationId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT owner, expires_at, next_run_at FROM poll_lease WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("schedule row of " + integrationId).isTrue();
                Timestamp expires = rs.getTimestamp(2);
                return new Lease(
                        rs.getString(1),
                        expires == null ? null : expires.toInstant(),
                        rs.getTimestamp(3).toInstant());
            }
        }
    }
}
