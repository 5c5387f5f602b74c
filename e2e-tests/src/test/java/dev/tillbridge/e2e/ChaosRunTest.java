package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.LocalPostgres;
import dev.tillbridge.infra.TestIntegrations;
import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderSeed;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The chaos run: orders in both Order Download Modes with concurrent updates and invoices, a Magento that fails
 * 10 % of its order searches and invoice calls and sometimes stalls, while every order-path service is SIGKILLed
 * and restarted at random (at least twice each) and the Kafka broker is restarted once. Afterwards a POS's view
 * of {@code filtered-orders} (read_committed) must hold every eligible order exactly once, and every other order
 * must be skipped for the right reason. Prints a verdict table; any lost, doubled or mis-decided order fails it.
 *
 * <p>CI runs a short version; {@code bin/chaos} runs the full one ({@code -Dchaos.orders=10000}).
 */
class ChaosRunTest {

    private static final String TOKEN = "chaos-token";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Its own database and broker per run: two runs at once (two checkouts) must not share either. */
    private static final String DATABASE = "tillbridge_chaos_" + RUN;
    private static final int ORDERS = Integer.getInteger("chaos.orders", 1200);
    private static final Duration CHAOS = Duration.ofSeconds(Long.getLong("chaos.seconds", 100));
    private static final int KILLS_PER_SERVICE = Integer.getInteger("chaos.kills", 2);
    private static final long SEED = Long.getLong("chaos.seed", System.nanoTime());

    /** What each seeded order must end as, and why. */
    enum Expected { RELEASED, SKIPPED_ALREADY_INVOICED, SKIPPED_AWAITING_INVOICE, SKIPPED_CANCELED }

    private final Random random = new Random(SEED);

    @Test
    void underKillsABrokerRestartAndAFlakyMagentoNothingIsLostDoubledOrMisDecided() throws Exception {
        System.out.printf("chaos: %d orders, %d s of chaos, %d kills per service, seed %d%n",
                ORDERS, CHAOS.toSeconds(), KILLS_PER_SERVICE, SEED);
        LocalPostgres.Server postgres = LocalPostgres.ensureRunning();
        LocalPostgres.recreateDatabase(postgres, DATABASE);
        try {
            run(postgres);
        } finally {
            LocalPostgres.dropDatabase(postgres, DATABASE);
        }
    }

    private void run(LocalPostgres.Server postgres) throws Exception {
        try (ChaosBroker broker = new ChaosBroker(Path.of("target", "chaos-" + RUN)).start();
             MagentoSimulator simulator = MagentoSimulator.start(SimulatorOptions.defaults().port(0))) {
            E2eInfrastructure infra = new E2eInfrastructure(broker.bootstrapServers(), DATABASE);

            // Auto-Invoice store: unpaid orders (we invoice and release them) and orders another extension invoiced.
            SimulatedStore auto = simulator.createStore(StoreSpec.tenant("ca" + suffix()).withBearerToken(TOKEN));
            int unpaid = ORDERS * 3 / 10;
            int invoicedElsewhere = ORDERS / 10;
            auto.seedOrders(OrderSeed.of(unpaid).withStates(Map.of("new", 1)).withInvoicedFraction(0).withSeed(SEED));
            auto.seedOrders(OrderSeed.of(invoicedElsewhere).withStates(Map.of("processing", 1)).withInvoicedFraction(1.0)
                    .withSeed(SEED + 1));
            // Wait-For-Invoice store: invoiced orders, unpaid ones (half get invoiced during the run), canceled ones.
            SimulatedStore wait = simulator.createStore(StoreSpec.tenant("cw" + suffix()).withBearerToken(TOKEN));
            int paid = ORDERS * 2 / 10;
            int waiting = ORDERS * 3 / 10;
            int canceled = ORDERS - unpaid - invoicedElsewhere - paid - waiting;
            wait.seedOrders(OrderSeed.of(paid).withStates(Map.of("processing", 1)).withInvoicedFraction(1.0).withSeed(SEED + 2));
            wait.seedOrders(OrderSeed.of(waiting).withStates(Map.of("new", 1)).withInvoicedFraction(0).withSeed(SEED + 3));
            wait.seedOrders(OrderSeed.of(canceled).withStates(Map.of("canceled", 1)).withInvoicedFraction(0).withSeed(SEED + 4));

            Map<Long, Expected> expectedAuto = new HashMap<>();
            auto.orders().forEach(o -> expectedAuto.put((long) o.entityId(),
                    isInvoiced(o) ? Expected.SKIPPED_ALREADY_INVOICED : Expected.RELEASED));
            Map<Long, Expected> expectedWait = new ConcurrentHashMap<>();
            List<Integer> toInvoice = new ArrayList<>();
            for (Order o : wait.orders()) {
                if ("canceled".equals(o.state())) {
                    expectedWait.put((long) o.entityId(), Expected.SKIPPED_CANCELED);
                } else if (isInvoiced(o)) {
                    expectedWait.put((long) o.entityId(), Expected.RELEASED);
                } else {
                    expectedWait.put((long) o.entityId(), Expected.SKIPPED_AWAITING_INVOICE);
                    if (random.nextBoolean()) {
                        toInvoice.add(o.entityId());
                    }
                }
            }
            Collections.shuffle(toInvoice, random);

            List<FaultRule> magentoFaults = List.of(
                    FaultRule.error("GET /V1/orders", 503, 0.10),
                    FaultRule.error("POST /V1/order/*/invoice", 503, 0.10),
                    FaultRule.latency("GET /V1/orders", 3000, 0.03));
            auto.faults(magentoFaults.toArray(FaultRule[]::new));
            wait.faults(magentoFaults.toArray(FaultRule[]::new));

            Map<String, ServiceProcess> services = new LinkedHashMap<>();
            services.put("order-poller", new ServiceProcess("order-poller", infra.pollerSettings()));
            services.put("invoice-filter", new ServiceProcess("invoice-filter", infra.filterSettings()));
            Verdict verdict;
            try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
                for (ServiceProcess service : services.values()) {
                    service.start();
                }
                TestIntegrations integrations = new TestIntegrations(kafka, infra.credentialsKey);
                IntegrationConfigured autoIntegration = integrations.publish(auto.magentoBaseUrl(), TOKEN, DownloadMode.AUTO_INVOICE, 2);
                IntegrationConfigured waitIntegration = integrations.publish(wait.magentoBaseUrl(), TOKEN, DownloadMode.WAIT_FOR_INVOICE, 2);

                ChaosLog log = new ChaosLog();
                AtomicBoolean stop = new AtomicBoolean();
                Thread mutator = new Thread(() -> mutate(auto, wait, toInvoice, expectedWait, stop, log), "chaos-mutator");
                mutator.start();
                try {
                    unleash(services, broker, log);
                } finally {
                    stop.set(true);
                    mutator.join();
                }
                auto.clearFaults();
                wait.clearFaults();
                for (ServiceProcess service : services.values()) {
                    service.ensureRunning();
                }
                log.say("chaos over: %d invoices made in Magento during the run; waiting for the system to settle",
                        toInvoice.size());

                Map<String, Map<Long, Expected>> expected = Map.of(
                        autoIntegration.integrationId(), expectedAuto, waitIntegration.integrationId(), Map.copyOf(expectedWait));
                verdict = settle(kafka, expected, Duration.ofMinutes(5));
            } finally {
                services.values().forEach(ServiceProcess::close);
            }
            verdict.print(String.format("Chaos run: %d orders, %d s of chaos, %d SIGKILLs per service, 1 broker restart, seed %d",
                    ORDERS, CHAOS.toSeconds(), KILLS_PER_SERVICE, SEED));
            assertThat(verdict.lost).as("eligible orders never released").isEmpty();
            assertThat(verdict.duplicated).as("orders released more than once").isEmpty();
            assertThat(verdict.misDecided).as("orders decided against their state").isEmpty();
        }
    }

    /** Invoices half of the waiting orders and touches orders of both stores, until told to stop. */
    private void mutate(SimulatedStore auto, SimulatedStore wait, List<Integer> toInvoice, Map<Long, Expected> expectedWait,
                        AtomicBoolean stop, ChaosLog log) {
        Random rnd = new Random(SEED + 7);
        List<Integer> autoIds = auto.orders().stream().map(Order::entityId).toList();
        List<Integer> waitIds = wait.orders().stream().map(Order::entityId).toList();
        long pauseMs = Math.max(5, CHAOS.toMillis() * 2 / 3 / Math.max(1, toInvoice.size()));
        int next = 0;
        while (!stop.get()) {
            if (next < toInvoice.size()) {
                int id = toInvoice.get(next++);
                wait.invoiceOrder(id);
                expectedWait.put((long) id, Expected.RELEASED);
            }
            // Updates that change nothing a decision depends on: seen again, they must not release twice.
            auto.touchOrder(autoIds.get(rnd.nextInt(autoIds.size())));
            wait.touchOrder(waitIds.get(rnd.nextInt(waitIds.size())));
            ServiceProcess.sleep(pauseMs);
        }
        // Whatever the chaos phase did not get to is invoiced now, before the checks.
        while (next < toInvoice.size()) {
            int id = toInvoice.get(next++);
            wait.invoiceOrder(id);
            expectedWait.put((long) id, Expected.RELEASED);
        }
        log.say("mutator done");
    }

    /** Kills every service KILLS_PER_SERVICE times and the broker once, at random moments of the chaos phase. */
    private void unleash(Map<String, ServiceProcess> services, ChaosBroker broker, ChaosLog log) {
        record Blow(long atMs, String target) { }
        List<Blow> blows = new ArrayList<>();
        long span = CHAOS.toMillis();
        for (String name : services.keySet()) {
            for (int i = 0; i < KILLS_PER_SERVICE; i++) {
                blows.add(new Blow((long) (random.nextDouble() * span * 0.9), name));
            }
        }
        blows.add(new Blow(span / 2, "kafka"));
        blows.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));
        Instant start = Instant.now();
        for (Blow blow : blows) {
            long wait = blow.atMs() - Duration.between(start, Instant.now()).toMillis();
            if (wait > 0) {
                ServiceProcess.sleep(wait);
            }
            if (blow.target().equals("kafka")) {
                log.say("restarting the Kafka broker");
                broker.restart();
            } else {
                ServiceProcess service = services.get(blow.target());
                log.say("SIGKILL %s", blow.target());
                service.kill();
                ServiceProcess.sleep(500 + random.nextInt(3000));
                service.start();
                log.say("%s back", blow.target());
            }
        }
        long rest = span - Duration.between(start, Instant.now()).toMillis();
        if (rest > 0) {
            ServiceProcess.sleep(rest);
        }
    }

    /** Waits until every eligible order is out (or the timeout passes), lets in-flight records land, then judges. */
    private Verdict settle(KafkaTestClient kafka, Map<String, Map<Long, Expected>> expected, Duration timeout) {
        long eligible = expected.values().stream().flatMap(m -> m.values().stream()).filter(e -> e == Expected.RELEASED).count();
        Instant deadline = Instant.now().plus(timeout);
        Verdict verdict = judge(kafka, expected);
        while (verdict.releasedEligible < eligible && Instant.now().isBefore(deadline)) {
            ServiceProcess.sleep(3000);
            verdict = judge(kafka, expected);
        }
        // One more sync cycle's worth, so a late duplicate would show.
        ServiceProcess.sleep(8000);
        return judge(kafka, expected);
    }

    private static Verdict judge(KafkaTestClient kafka, Map<String, Map<Long, Expected>> expected) {
        Verdict verdict = new Verdict();
        Set<String> ids = expected.keySet();
        Map<String, Map<Long, Integer>> releases = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(Topics.FILTERED_ORDERS, r -> ofIntegration(r, ids))) {
            OrderReleased released = EventJson.decode(r.value(), OrderReleased.class).payload();
            if (!released.redownload()) {
                releases.computeIfAbsent(released.integrationId(), k -> new HashMap<>())
                        .merge(released.order().entityId(), 1, Integer::sum);
            }
        }
        Map<String, Map<Long, SkipReason>> lastSkip = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(Topics.SKIPPED_ORDERS, r -> ofIntegration(r, ids))) {
            OrderSkipped skipped = EventJson.decode(r.value(), OrderSkipped.class).payload();
            lastSkip.computeIfAbsent(skipped.integrationId(), k -> new HashMap<>()).put(skipped.entityId(), skipped.reason());
        }
        expected.forEach((integrationId, orders) -> orders.forEach((entityId, want) -> {
            int times = releases.getOrDefault(integrationId, Map.of()).getOrDefault(entityId, 0);
            SkipReason skip = lastSkip.getOrDefault(integrationId, Map.of()).get(entityId);
            String order = integrationId + ":" + entityId;
            verdict.total++;
            if (times > 1) {
                verdict.duplicated.add(order + " x" + times);
            }
            switch (want) {
                case RELEASED -> {
                    if (times == 0) {
                        verdict.lost.add(order);
                    } else {
                        verdict.releasedEligible++;
                    }
                }
                case SKIPPED_ALREADY_INVOICED -> verdict.checkSkip(order, times, skip, SkipReason.ALREADY_INVOICED);
                case SKIPPED_AWAITING_INVOICE -> verdict.checkSkip(order, times, skip, SkipReason.AWAITING_INVOICE);
                case SKIPPED_CANCELED -> verdict.checkSkip(order, times, skip, SkipReason.CANCELED);
            }
        }));
        return verdict;
    }

    private static boolean ofIntegration(ConsumerRecord<String, String> r, Set<String> integrationIds) {
        if (r.key() == null) {
            return false;
        }
        int colon = r.key().indexOf(':');
        return colon > 0 && integrationIds.contains(r.key().substring(0, colon));
    }

    private static boolean isInvoiced(Order order) {
        return order.totals().totalInvoiced() != null && order.totals().totalInvoiced().signum() > 0;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static final class Verdict {
        int total;
        long releasedEligible;
        int skippedRight;
        final List<String> lost = new ArrayList<>();
        final List<String> duplicated = new ArrayList<>();
        final List<String> misDecided = new ArrayList<>();

        void checkSkip(String order, int releasedTimes, SkipReason actual, SkipReason wanted) {
            if (releasedTimes > 0) {
                misDecided.add(order + " released, should be skipped " + wanted);
            } else if (actual != wanted) {
                misDecided.add(order + " skipped " + actual + ", should be " + wanted);
            } else {
                skippedRight++;
            }
        }

        /** Prints the verdict table and writes it to target/chaos-verdict.md (bin/chaos shows that file). */
        void print(String header) {
            StringBuilder out = new StringBuilder(header).append("\n\n")
                    .append("| chaos verdict | orders |\n|---|---|\n")
                    .append(String.format("| orders judged | %d |%n", total))
                    .append(String.format("| eligible, released exactly once | %d |%n", releasedEligible - duplicated.size()))
                    .append(String.format("| skipped with the right reason | %d |%n", skippedRight))
                    .append(String.format("| **lost** | %d |%n", lost.size()))
                    .append(String.format("| **duplicated** | %d |%n", duplicated.size()))
                    .append(String.format("| **mis-decided** | %d |%n", misDecided.size()));
            List.of(lost, duplicated, misDecided).forEach(list -> list.stream().limit(10).forEach(o -> out.append("  ").append(o).append('\n')));
            System.out.println(out);
            try {
                java.nio.file.Files.writeString(Path.of("target", "chaos-verdict.md"), out);
            } catch (java.io.IOException e) {
                System.out.println("cannot write target/chaos-verdict.md: " + e.getMessage());
            }
        }
    }

    /** Timestamped lines of what the chaos did, so a failure can be read against the services' logs. */
    static final class ChaosLog {
        private final Instant start = Instant.now();

        synchronized void say(String format, Object... args) {
            System.out.printf("chaos +%5.1fs  %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0,
                    String.format(format, args));
        }
    }
}
