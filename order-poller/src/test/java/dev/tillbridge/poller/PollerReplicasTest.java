package dev.tillbridge.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.integration.IntegrationDirectory;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.magento.MagentoClients;
import dev.tillbridge.poller.config.PollerConfig;
import dev.tillbridge.poller.service.PollSchedule;
import dev.tillbridge.poller.service.SyncCycleRunner;
import dev.tillbridge.poller.service.SyncScheduler;
import dev.tillbridge.poller.service.SyncStateRepository;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three poller replicas on one database (the application's own and two more started here, each with its
 * own lease owner) and ten integrations: every integration is polled by one replica at a time, shown by
 * the sync-cycles records of each integration never overlapping, and the work is shared.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class PollerReplicasTest {

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    @Inject
    IntegrationDirectory directory;

    @Inject
    PollSchedule schedule;

    @Inject
    SyncStateRepository repository;

    @Inject
    SyncCycleRunner runner;

    @Inject
    MagentoClients magento;

    @Inject
    PollerConfig config;

    @Inject
    Clock clock;

    private SyncScheduler replica(String name) {
        PollerConfig named = new PollerConfig() {
            public Duration overlap() {
                return config.overlap();
            }

            public int pageSize() {
                return config.pageSize();
            }

            public Duration tick() {
                return config.tick();
            }

            public Duration leaseDuration() {
                return config.leaseDuration();
            }

            public int maxConcurrentCycles() {
                return config.maxConcurrentCycles();
            }

            public int maxConcurrentPerHost() {
                return config.maxConcurrentPerHost();
            }

            public Duration maxBackoff() {
                return config.maxBackoff();
            }

            public Duration stallAfter() {
                return config.stallAfter();
            }

            public Optional<String> instanceId() {
                return Optional.of(name);
            }

            public SweepConfig sweep() {
                return config.sweep();
            }

            @Override
            public ResyncConfig resync() {
                return config.resync();
            }
        };
        return new SyncScheduler(directory, schedule, repository, runner, magento, named, clock);
    }

    private record Interval(Instant start, Instant end) {}

    /**
     * Per integration, per cycle id: [start, end], from the ENDED records of the sync-cycles topic (an idle cycle
     * has no STARTED record): the end is when the record was stamped, the start its duration before.
     */
    private static Map<String, Map<UUID, Instant[]>> cycles(KafkaTestClient kafka, Set<String> ids) {
        var records = kafka.readAll(Topics.SYNC_CYCLES, r -> ids.contains(r.key()));
        Map<String, Map<UUID, Instant[]>> cycles = new HashMap<>();
        for (var record : records) {
            EventEnvelope<SyncCycle> envelope = EventJson.decode(record.value(), SyncCycle.class);
            SyncCycle cycle = envelope.payload();
            if (cycle.phase() != SyncCycle.Phase.ENDED) {
                continue;
            }
            Instant end = envelope.occurredAt();
            cycles.computeIfAbsent(cycle.integrationId(), k -> new HashMap<>())
                    .put(cycle.cycleId(), new Instant[] {end.minusMillis(cycle.durationMs()), end});
        }
        return cycles;
    }

    private static long completed(Map<UUID, Instant[]> cycles) {
        return cycles.values().stream()
                .filter(i -> i[0] != null && i[1] != null)
                .count();
    }

    @Test
    void tenIntegrationsAreEachPolledByOneReplicaAtATime() {
        KafkaTestClient kafka = poller.kafka();
        List<IntegrationConfigured> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SimulatedStore store = poller.store("r" + i, "replica-token");
            store.seedOrders(OrderSeed.of(20));
            // Slow pages make cycles long enough for replicas to collide if the leases let them.
            store.faults(FaultRule.latency("GET /V1/orders", 150, 1.0));
            ten.add(poller.publish(store, "replica-token", DownloadMode.AUTO_INVOICE, 1));
        }
        Set<String> ids = ten.stream().map(IntegrationConfigured::integrationId).collect(Collectors.toSet());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> ids.stream().allMatch(id -> directory.find(id).isPresent()));

        SyncScheduler second = replica("replica-b-" + UUID.randomUUID());
        SyncScheduler third = replica("replica-c-" + UUID.randomUUID());
        // Tick for at least 12 s, and until every integration finished two cycles (slow machines), every 100 ms.
        AtomicReference<Instant> nextCheck = new AtomicReference<>(Instant.now().plusSeconds(12));
        AtomicBoolean secondFirst = new AtomicBoolean(true);
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        // A tick claims every due integration at once, so a replica that always ticked right after
                        // the other would only find what fell due in between: take turns, as replicas on their own
                        // timers do.
                        boolean b = secondFirst.getAndSet(!secondFirst.get());
                        (b ? second : third).tick();
                        (b ? third : second).tick();
                        if (Instant.now().isBefore(nextCheck.get())) {
                            return false;
                        }
                        nextCheck.set(Instant.now().plusSeconds(3));
                        Map<String, Map<UUID, Instant[]>> sofar = cycles(kafka, ids);
                        return sofar.size() == ids.size()
                                && sofar.values().stream().allMatch(c -> completed(c) >= 2);
                    });
        } finally {
            second.stop();
            third.stop();
        }
        Map<String, Map<UUID, Instant[]>> cycles = cycles(kafka, ids);

        assertThat(cycles.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (var perIntegration : cycles.entrySet()) {
            List<Interval> intervals = perIntegration.getValue().values().stream()
                    .filter(i -> i[0] != null && i[1] != null)
                    .map(i -> new Interval(i[0], i[1]))
                    .sorted(Comparator.comparing(Interval::start))
                    .toList();
            assertThat(intervals).as("cycles of %s", perIntegration.getKey()).hasSizeGreaterThan(1);
            for (int i = 1; i < intervals.size(); i++) {
                assertThat(intervals.get(i).start())
                        .as(
                                "cycle %d of %s starts after the previous one ended: %s",
                                i, perIntegration.getKey(), intervals)
                        .isAfterOrEqualTo(intervals.get(i - 1).end());
            }
        }
        assertThat(second.cyclesStarted()).as("replica b worked").isPositive();
        assertThat(third.cyclesStarted()).as("replica c worked").isPositive();
    }
}
