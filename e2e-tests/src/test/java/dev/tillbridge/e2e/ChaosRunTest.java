package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.ProductUpdate;
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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
    private static final int PRODUCTS = Integer.getInteger("chaos.products", 300);
    private static final Duration MAIL_INTERVAL = Duration.ofSeconds(20);

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
            wait.faults(magentoFaults.toArray(FaultRule[]::new));
            // The Auto-Invoice store also takes a POS catalog run, and fails 10 % of its product saves.
            List<String> skus = IntStream.rangeClosed(1, PRODUCTS).mapToObj(i -> "CH-" + i).toList();
            auto.seedProducts(PRODUCTS, "CH-");
            auto.faults(Stream.concat(magentoFaults.stream(), Stream.of(FaultRule.error("PUT /V1/products/*", 503, 0.10)))
                    .toArray(FaultRule[]::new));

            Map<String, ServiceProcess> services = new LinkedHashMap<>();
            Verdict verdict;
            try (SmtpInbox inbox = SmtpInbox.start();
                 KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
                services.put("order-poller", new ServiceProcess("order-poller", infra.pollerSettings()));
                services.put("invoice-filter", new ServiceProcess("invoice-filter", infra.filterSettings()));
                services.put("status-api", new ServiceProcess("status-api", infra.statusApiSettings()));
                services.put("notifier", new ServiceProcess("notifier", infra.notifierSettings(inbox.port(), MAIL_INTERVAL)));
                services.put("product-pusher", new ServiceProcess("product-pusher", infra.pusherSettings()));
                ServiceProcess.startTogether(services.values().toArray(ServiceProcess[]::new));
                TestIntegrations integrations = new TestIntegrations(kafka, infra.credentialsKey);
                IntegrationConfigured autoIntegration = integrations.publish(auto.magentoBaseUrl(), TOKEN, DownloadMode.AUTO_INVOICE, 2);
                IntegrationConfigured waitIntegration = integrations.publish(wait.magentoBaseUrl(), TOKEN, DownloadMode.WAIT_FOR_INVOICE, 2);
                publishCatalog(kafka, autoIntegration, skus);

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
                verdict.productsMissing = skus.stream().filter(sku -> auto.productSaveCount(sku) == 0).toList();
                StatusApiClient api = new StatusApiClient(services.get("status-api").baseUrl(), infra.demoTokens());
                for (IntegrationConfigured integration : List.of(autoIntegration, waitIntegration)) {
                    verdict.readModel.addAll(readModelDifferences(api, integration, verdict));
                }
                verdict.checkMails(inbox.mailsTo(TestIntegrations.NOTIFICATION_ADDRESS), MAIL_INTERVAL);
            } finally {
                ServiceProcess.stopTogether(List.copyOf(services.values()));
            }
            verdict.print(String.format("Chaos run: %d orders, %d s of chaos, %d SIGKILLs per service, 1 broker restart, seed %d",
                    ORDERS, CHAOS.toSeconds(), KILLS_PER_SERVICE, SEED));
            assertThat(verdict.lost).as("eligible orders never released").isEmpty();
            assertThat(verdict.duplicated).as("orders released more than once").isEmpty();
            assertThat(verdict.misDecided).as("orders decided against their state").isEmpty();
            assertThat(verdict.productsMissing).as("product updates that never reached Magento").isEmpty();
            assertThat(verdict.readModel).as("status-api's counts against the topics").isEmpty();
            assertThat(verdict.mailsSeen).as("alert mails (the check below is not vacuous)").isPositive();
            assertThat(verdict.mailRepeats).as("mails repeated inside the alert interval").isEmpty();
        }
    }

    /** A POS catalog run for the Auto-Invoice store: product-pusher must get every update into Magento. */
    private static void publishCatalog(KafkaTestClient kafka, IntegrationConfigured integration, List<String> skus) {
        String runId = "chaos-catalog-" + suffix();
        for (int i = 0; i < skus.size(); i++) {
            ProductUpdate update = new ProductUpdate(integration.integrationId(), runId, i + 1, skus.size(), skus.get(i),
                    "Chaos product " + (i + 1), BigDecimal.valueOf(10 + i), null, BigDecimal.valueOf(i % 9), true,
                    ProductUpdate.ProductStatus.ENABLED, null, Map.of());
            kafka.sendEvent(Topics.PRODUCT_UPDATES, Topics.productKey(integration.integrationId(), update.sku()),
                    EventEnvelope.of(integration.accountId(), integration.integrationId(), update, Clock.systemUTC()));
        }
    }

    /**
     * status-api's Status page counts against what the topics hold: orders downloaded (distinct released) and
     * orders skipped (distinct skipped, never released). It may lag, so it gets a minute to agree.
     */
    private static List<String> readModelDifferences(StatusApiClient api, IntegrationConfigured integration, Verdict verdict) {
        String token = api.tokenFor(integration.accountId());
        long downloaded = verdict.releasedByIntegration.getOrDefault(integration.integrationId(), 0L);
        long skipped = verdict.skippedByIntegration.getOrDefault(integration.integrationId(), 0L);
        Instant deadline = Instant.now().plusSeconds(60);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            JsonNode orders = api.status(integration.integrationId(), token).path("orders");
            long shownDownloaded = orders.path("downloaded").path("today").asLong(-1);
            long shownSkipped = orders.path("skipped").path("today").asLong(-1);
            if (shownDownloaded == downloaded && shownSkipped == skipped) {
                return List.of();
            }
            last = String.format("%s: status shows %d downloaded / %d skipped, topics hold %d / %d",
                    integration.integrationId(), shownDownloaded, shownSkipped, downloaded, skipped);
            ServiceProcess.sleep(2000);
        }
        return List.of(last);
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
        releases.forEach((integrationId, byOrder) -> verdict.releasedByIntegration.put(integrationId, (long) byOrder.size()));
        lastSkip.forEach((integrationId, byOrder) -> verdict.skippedByIntegration.put(integrationId, byOrder.keySet().stream()
                .filter(entityId -> !releases.getOrDefault(integrationId, Map.of()).containsKey(entityId)).count()));
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
        final Map<String, Long> releasedByIntegration = new HashMap<>();
        final Map<String, Long> skippedByIntegration = new HashMap<>();
        final List<String> readModel = new ArrayList<>();
        final List<String> mailRepeats = new ArrayList<>();
        List<String> productsMissing = List.of();
        int mailsSeen;

        /**
         * No duplicate e-mail inside an interval: two mails with the same subject (same account, same alerts, same
         * kind) must be at least the alert interval apart (a second of slack for the Date header's resolution).
         */
        void checkMails(List<SmtpInbox.Mail> mails, Duration interval) {
            mailsSeen = mails.size();
            Map<String, Instant> lastBySubject = new HashMap<>();
            for (SmtpInbox.Mail mail : mails) {
                Instant previous = lastBySubject.put(mail.subject(), mail.sentAt());
                if (previous != null && Duration.between(previous, mail.sentAt()).compareTo(interval.minusSeconds(1)) < 0) {
                    mailRepeats.add(String.format("'%s' at %s and again at %s", mail.subject(), previous, mail.sentAt()));
                }
            }
        }

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
                    .append(String.format("| **mis-decided** | %d |%n", misDecided.size()))
                    .append(String.format("| product updates missing in Magento | %d |%n", productsMissing.size()))
                    .append(String.format("| status-api counts differing from the topics | %d |%n", readModel.size()))
                    .append(String.format("| alert mails received | %d |%n", mailsSeen))
                    .append(String.format("| mails repeated inside the interval | %d |%n", mailRepeats.size()));
            List.of(lost, duplicated, misDecided, productsMissing, readModel, mailRepeats).forEach(list -> list.stream().limit(10).forEach(o -> out.append("  ").append(o).append('\n')));
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
