package dev.tillbridge.pusher.bench;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.infra.LocalKafka;
import dev.tillbridge.infra.LocalPostgres;
import dev.tillbridge.infra.TestIntegration;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoClientSettings;
import dev.tillbridge.magento.MagentoCredentials;
import dev.tillbridge.magento.MagentoEndpoint;
import dev.tillbridge.magento.MagentoTransport;
import dev.tillbridge.magento.OutboundGuard;
import dev.tillbridge.magento.RetryPolicy;
import dev.tillbridge.pusher.messaging.KafkaPusherEvents;
import dev.tillbridge.pusher.messaging.OffsetTracker;
import dev.tillbridge.pusher.messaging.ProductUpdateConsumer;
import dev.tillbridge.pusher.service.ProductPusher;
import dev.tillbridge.pusher.service.PushSettings;
import dev.tillbridge.pusher.service.RunRepository;
import dev.tillbridge.pusher.service.SendMode;
import dev.tillbridge.pusher.support.PooledDataSource;
import dev.tillbridge.pusher.support.StandaloneCore;
import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;

/**
 * How close product-pusher gets to a store's capacity, and how fast it follows a change of it.
 *
 * <p>It drives the pusher's core directly (the same {@link ProductPusher} and Kafka consumer the service runs,
 * wired by hand, no Quarkus) against the in-process Magento simulator, through the real broker and PostgreSQL:
 * a run of 12,403 products is published to {@code product-updates}, the pusher sends it to a store of
 * capacity C = workers / service time (4 × 20 ms = 200 saves/s), whose proxy lets at most {@code queue}
 * requests wait and answers 503 beyond; when half the products are saved the store loses half its workers
 * (C/2). The same run is repeated with the adaptive limit and with fixed concurrencies of 1 and 16.
 *
 * <p>Arguments ({@code key=value}): products, workers, serviceMs, queue, modes (adaptive,fixed1,fixed16,bulk,auto),
 * maxSeconds (per mode; a mode that has not finished by then is reported as measured so far).
 */
public final class ProductPushBenchmark {

    private static final String SAVE_ROUTE = "PUT /V1/products/{sku}";
    private static final String TOKEN = "bench-token";
    private static final Duration SAMPLE = Duration.ofMillis(250);
    private static final double WARM_UP_SECONDS = 5;

    private record Sample(double t, long saves, long distinct, long overloads, int limit, int inFlight) {}

    private record Result(
            String mode,
            double baseline,
            double phase1Ratio,
            double phase2Ratio,
            double wholeRatio,
            long overloadsEarly,
            long overloadsSteady,
            long overloadsAtHalving,
            String reconverge,
            double limit1,
            double limit2,
            double seconds,
            long savedTwice,
            boolean finished) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "products",
                "12403",
                "workers",
                "4",
                "serviceMs",
                "20",
                "queue",
                "8",
                "modes",
                "adaptive,fixed1,fixed16",
                "maxSeconds",
                "240"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv[1]);
        }
        int products = Integer.parseInt(options.get("products"));
        int workers = Integer.parseInt(options.get("workers"));
        int serviceMs = Integer.parseInt(options.get("serviceMs"));
        int queue = Integer.parseInt(options.get("queue"));
        double capacity = workers * 1000.0 / serviceMs;

        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", LocalKafka.ensureRunning());
        LocalKafka.ensureTopics(bootstrap);
        LocalPostgres.Server postgres = LocalPostgres.ensureRunning();
        LocalPostgres.ensureDatabase(postgres, "tillbridge_bench");
        String jdbcUrl = postgres.jdbcUrl("tillbridge_bench");
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, postgres.username(), postgres.password())
                .schemas("product_pusher")
                .locations("classpath:db/common", "classpath:db/migration")
                .cleanDisabled(false)
                .load();
        flyway.clean();
        flyway.migrate();

        System.out.printf(
                Locale.ROOT,
                "Store: %d workers x %d ms = C %.0f saves/s, proxy queue %d; run of %,d products; "
                        + "C halves (workers %d -> %d) when half are saved.%n",
                workers,
                serviceMs,
                capacity,
                queue,
                products,
                workers,
                workers / 2);
        List<Result> results = new ArrayList<>();
        try (MagentoSimulator simulator =
                        MagentoSimulator.start(SimulatorOptions.defaults().port(0));
                AgroalDataSource dataSource =
                        PooledDataSource.create(jdbcUrl, postgres.username(), "product_pusher", 16)) {
            for (String mode : options.get("modes").split(",")) {
                results.add(run(
                        mode.trim(),
                        simulator,
                        dataSource,
                        bootstrap,
                        products,
                        workers,
                        serviceMs,
                        queue,
                        Integer.parseInt(options.get("maxSeconds"))));
            }
        }
        print(results, capacity);
        System.exit(0);
    }

    private static Result run(
            String mode,
            MagentoSimulator simulator,
            AgroalDataSource dataSource,
            String bootstrap,
            int products,
            int workers,
            int serviceMs,
            int queue,
            int maxSeconds)
            throws Exception {
        System.out.printf("%n== %s ==%n", mode);
        SimulatedStore store = simulator.createStore(
                StoreSpec.tenant("bench" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN));
        store.seedProducts(products, "BENCH-");
        CapacitySettings full =
                CapacitySettings.workers(workers, Duration.ofMillis(serviceMs)).withQueue(queue, Duration.ofSeconds(5));
        CapacitySettings half = CapacitySettings.workers(workers / 2, Duration.ofMillis(serviceMs))
                .withQueue(queue, Duration.ofSeconds(5));
        store.capacity(full);
        double baseline = idealClient(store, workers, 1000);
        System.out.printf(
                Locale.ROOT,
                "  an ideal client (exactly %d saves in flight, no Kafka, no database) moves %.0f saves/s "
                        + "on this machine now%n",
                workers,
                baseline);
        store.resetCounters();

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String base64Key = Base64.getEncoder().encodeToString(key);
        String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        IntegrationConfigured integration = TestIntegration.of(id, "acc-" + id)
                .name("Bench store")
                .posName("Bench POS")
                .baseUrl(store.magentoBaseUrl())
                .sealedCredentials(
                        CredentialSealer.fromBase64Key(base64Key).seal(id, new MagentoCredentials.Bearer(TOKEN)))
                .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
                .notificationEmails(List.of())
                .configured();
        publishRun(bootstrap, integration, products);

        PushSettings settings = PushSettings.defaults();
        if (mode.startsWith("fixed")) {
            settings = settings.withFixedConcurrency(Integer.parseInt(mode.substring("fixed".length())));
        } else if (mode.equals("bulk")) {
            settings = settings.withSendMode(SendMode.BULK);
        } else if (mode.equals("auto")) {
            settings = settings.withSendMode(SendMode.AUTO);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OffsetTracker offsets = new OffsetTracker();
        KafkaPusherEvents events = new KafkaPusherEvents(bootstrap, Map.of());
        ProductPusher pusher = StandaloneCore.pusher(
                settings,
                integration,
                base64Key,
                new RunRepository(dataSource),
                events,
                new IncomingEvents(registry),
                offsets::done,
                registry);
        ProductUpdateConsumer consumer =
                ProductUpdateConsumer.forProductUpdates(bootstrap, "bench-" + id, settings.maxBuffered(), offsets);

        List<Sample> samples = new ArrayList<>();
        pusher.start();
        consumer.start(pusher);
        long start = 0;
        double halvedAt = -1;
        long lastPrint = 0;
        // A mode that cannot finish (fixed 1 needs a minute per 3,000 products) is measured for maxSeconds.
        Duration limit = Duration.ofSeconds(maxSeconds);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE.toMillis());
            long saves = store.productSaves().totalSaves();
            if (start == 0) {
                if (saves == 0) {
                    continue;
                }
                start = System.nanoTime();
            }
            double t = (System.nanoTime() - start) / 1e9;
            long distinct = store.productSaves().bySku().size();
            Sample sample = new Sample(
                    t,
                    saves,
                    distinct,
                    store.counters().requestsTo(SAVE_ROUTE, 503),
                    pusher.concurrencyLimit(id),
                    pusher.inFlight(id));
            samples.add(sample);
            if (halvedAt < 0 && distinct >= products / 2) {
                store.capacity(half);
                halvedAt = t;
                System.out.printf(Locale.ROOT, "  %.1f s: capacity halved%n", t);
            }
            if (t - lastPrint >= 5) {
                lastPrint = (long) t;
                System.out.printf(
                        Locale.ROOT,
                        "  %5.1f s: %,6d saved, limit %2d, in flight %2d, 503s %d%n",
                        t,
                        distinct,
                        sample.limit(),
                        sample.inFlight(),
                        sample.overloads());
            }
            if (distinct >= products) {
                break;
            }
        }
        pusher.close(Duration.ofSeconds(5));
        consumer.close();
        events.close();
        long savedTwice = store.productSaves().bySku().values().stream()
                .filter(s -> s.count() > 1)
                .count();
        return analyse(
                mode, baseline, samples, halvedAt, products, workers * 1000.0 / serviceMs, workers / 2, savedTwice);
    }

    private static Result analyse(
            String mode,
            double baseline,
            List<Sample> samples,
            double halvedAt,
            int products,
            double capacity,
            int halfWorkers,
            long savedTwice) {
        Sample last = samples.get(samples.size() - 1);
        boolean finished = last.distinct() >= products;
        double halving = halvedAt < 0 ? Double.MAX_VALUE : halvedAt;
        Sample atHalving =
                samples.stream().filter(s -> s.t() >= halving).findFirst().orElse(last);
        Sample warm = samples.stream()
                .filter(s -> s.t() >= WARM_UP_SECONDS)
                .findFirst()
                .orElse(samples.get(0));
        double phase1 = rate(warm, atHalving) / capacity;
        // Phase 2 is measured from 5 s after the halving (its own warm-up), to the last sample.
        Sample settled = samples.stream()
                .filter(s -> s.t() >= halving + WARM_UP_SECONDS)
                .findFirst()
                .orElse(last);
        double phase2 = halvedAt < 0 ? 0 : rate(settled, last) / (capacity / 2);
        double ideal = (products / 2.0) / capacity + (products / 2.0) / (capacity / 2);
        double whole = finished ? ideal / last.t() : 0;
        long early = warm.overloads();
        long steady = (atHalving.overloads() - warm.overloads()) + (last.overloads() - settled.overloads());
        long atChange = settled.overloads() - atHalving.overloads();
        String reconverge = halvedAt < 0 ? "-" : reconvergence(samples, halvedAt, capacity / 2, halfWorkers);
        double limit1 = samples.stream()
                .filter(s -> s.t() >= WARM_UP_SECONDS && s.t() < halving)
                .mapToInt(Sample::limit)
                .average()
                .orElse(0);
        double limit2 = samples.stream()
                .filter(s -> s.t() >= halving + WARM_UP_SECONDS)
                .mapToInt(Sample::limit)
                .average()
                .orElse(0);
        return new Result(
                mode,
                baseline,
                phase1,
                phase2,
                whole,
                early,
                steady,
                atChange,
                reconverge,
                limit1,
                limit2,
                last.t(),
                savedTwice,
                finished);
    }

    /**
     * Seconds from the halving until, for 2 s on end, the pusher moved at least 90 % of the new capacity with no
     * 503 and no more than a few saves (4) waiting in the store beyond its workers.
     */
    private static String reconvergence(List<Sample> samples, double halvedAt, double newCapacity, int workers) {
        List<Sample> after = samples.stream().filter(s -> s.t() >= halvedAt).toList();
        for (int i = 0; i < after.size(); i++) {
            Sample from = after.get(i);
            boolean held = true;
            int j = i;
            while (j + 1 < after.size() && after.get(j + 1).t() - from.t() <= 2.0) {
                j++;
            }
            if (after.get(j).t() - from.t() < 1.75) {
                break;
            }
            for (int k = i + 1; k <= j && held; k++) {
                Sample a = after.get(k - 1);
                Sample b = after.get(k);
                held = b.overloads() == a.overloads() && b.inFlight() <= workers + 4;
            }
            if (held && rate(from, after.get(j)) >= 0.9 * newCapacity) {
                return String.format(Locale.ROOT, "%.1f s", from.t() - halvedAt);
            }
        }
        return "never";
    }

    /**
     * What the machine allows right now: {@code workers} threads saving back to back, one per PHP worker, with
     * no queue and no bookkeeping. On a busy machine the simulator's 20 ms sleeps stretch, so C is a ceiling
     * this number shows how far away.
     */
    private static double idealClient(SimulatedStore store, int workers, int saves) throws Exception {
        MagentoClientSettings settings = new MagentoClientSettings(
                Duration.ofSeconds(5), Duration.ofSeconds(30), RetryPolicy.NONE, RetryPolicy.NONE);
        MagentoClient client = new MagentoClient(
                MagentoTransport.open(settings, OutboundGuard.allowing("127.0.0.0/8")),
                new MagentoEndpoint(store.magentoBaseUrl(), "default"),
                new MagentoCredentials.Bearer(TOKEN),
                settings,
                Clock.systemUTC());
        AtomicInteger next = new AtomicInteger(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long start = System.nanoTime();
        for (int i = 0; i < workers; i++) {
            pool.submit(() -> {
                for (int k = next.getAndIncrement(); k <= saves; k = next.getAndIncrement()) {
                    client.putProduct(
                            "BENCH-" + k,
                            EventJson.mapper()
                                    .createObjectNode()
                                    .put("sku", "BENCH-" + k)
                                    .put("name", "Warm-up " + k));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        return saves / ((System.nanoTime() - start) / 1e9);
    }

    private static double rate(Sample from, Sample to) {
        return to.t() <= from.t() ? 0 : (to.distinct() - from.distinct()) / (to.t() - from.t());
    }

    private static void publishRun(String bootstrap, IntegrationConfigured integration, int products) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String runId = "bench-run-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int position = 1; position <= products; position++) {
                String sku = "BENCH-" + position;
                ProductUpdate update = new ProductUpdate(
                        integration.integrationId(),
                        runId,
                        position,
                        products,
                        sku,
                        "Bench product " + position,
                        new BigDecimal("9.99"),
                        null,
                        BigDecimal.valueOf(position % 40),
                        true,
                        ProductUpdate.ProductStatus.ENABLED,
                        null,
                        Map.of());
                producer.send(new ProducerRecord<>(
                        Topics.PRODUCT_UPDATES,
                        Topics.productKey(integration.integrationId(), sku),
                        EventJson.encode(EventEnvelope.of(
                                integration.accountId(), integration.integrationId(), update, Clock.systemUTC()))));
            }
            producer.flush();
        }
    }

    private static void print(List<Result> results, double capacity) {
        System.out.printf(
                Locale.ROOT,
                "%n%-9s | %-7s | %-8s | %-10s | %-9s | %-12s | %-12s | %-14s | %-11s | %-12s | %-7s | %s%n",
                "mode",
                "ideal/C",
                "rate/C",
                "rate/(C/2)",
                "whole run",
                "503s 0-5 s",
                "503s steady",
                "503s at change",
                "re-converge",
                "mean limit",
                "time",
                "saved twice");
        for (Result r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "%-9s | %7.2f | %8.2f | %10.2f | %9s | %12d | %12d | %14d | %11s | %5.1f -> %4.1f | %5.0f s | %d%n",
                    r.mode(),
                    r.baseline() / capacity,
                    r.phase1Ratio(),
                    r.phase2Ratio(),
                    r.finished() ? String.format(Locale.ROOT, "%.2f", r.wholeRatio()) : "unfinished",
                    r.overloadsEarly(),
                    r.overloadsSteady(),
                    r.overloadsAtHalving(),
                    r.reconverge(),
                    r.limit1(),
                    r.limit2(),
                    r.seconds(),
                    r.savedTwice());
        }
        System.out.printf(
                Locale.ROOT,
                "C = %.0f saves/s, C/2 after the halving. rate/C: steady rate before the halving "
                        + "(after 5 s of warm-up); rate/(C/2): steady rate from 5 s after it; whole run: ideal time / actual time. "
                        + "ideal/C: %d threads saving back to back with nothing else to do, measured just before (what this "
                        + "machine allows). Goals: rate/C >= 0.9, no 503 after the first seconds, re-converged within 5 s.%n",
                capacity,
                4);
    }
}
