import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * P6, the fleet: N simulator stores (the simulator runs with a latency model), N integrations over several accounts
 * at sync interval I, order-poller replicas and invoice-filter already running as processes (bench/run starts them).
 * After a warm-up, for a steady period, about {@code orderRate} of the stores get an order per minute (processing,
 * invoiced: released at once in Wait-For-Invoice), and the driver reads {@code sync-cycles} and {@code filtered-orders}
 * (read_committed) and samples CPU, RSS, PostgreSQL counters and topic end offsets at the period's edges.
 *
 * <p>Cycle lateness is {@code start(k) - (start(k-1) + I)} per integration (the poller schedules the next cycle I
 * after the start of the previous one; a poller that schedules from the end of a cycle pays its duration too).
 * Freshness is order created in the simulator (admin call returned) to its record on {@code filtered-orders}.
 *
 * <p>{@code java -cp <local-infra classpath> FleetBench.java key=value...}; results as key=value lines in out=FILE.
 */
public class FleetBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();
    static final String TOKEN = "bench-token";
    /** A processing, invoiced order: Wait-For-Invoice releases it at once. */
    static final String ORDER =
            "{\"state\":\"processing\",\"invoiced\":true,\"lines\":[{\"sku\":\"F-1\",\"name\":\"Fleet\",\"qty\":1,\"price\":10}]}";
    static final Map<String, String> opts = new HashMap<>();
    static final Map<String, String> results = new LinkedHashMap<>();
    static String prefix = "p6";

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        prefix = opt("prefix", "p6");
        int status = 0;
        try {
            run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            String out = opts.get("out");
            if (out != null) {
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
                    results.forEach((k, v) -> w.println(prefix + "." + k + "=" + v));
                }
            }
        }
        System.exit(status);
    }

    static String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    static void result(String key, Object value) {
        String v = value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.3f", d) : String.valueOf(value);
        results.put(key, v);
        System.out.println("  " + prefix + "." + key + " = " + v);
    }

    record Cycle(String integration, String cycleId, long start, long end, int published) {
    }

    static void run() throws Exception {
        String sim = opt("sim", "http://127.0.0.1:18090");
        String bootstrap = opt("bootstrap", "127.0.0.1:9092");
        int n = Integer.parseInt(opt("n", "1000"));
        int accounts = Integer.parseInt(opt("accounts", "20"));
        int interval = Integer.parseInt(opt("interval", "60"));
        int warmup = Integer.parseInt(opt("warmup", String.valueOf(interval + 30)));
        int steady = Integer.parseInt(opt("steady", "300"));
        double orderRate = Double.parseDouble(opt("order_rate", "0.01"));
        String run = opt("run", "x");
        // Orders each store already has (invoiced): a real store's newest orders sit in every cycle's overlap.
        int history = Integer.parseInt(opt("history", "2"));
        String statusApi = opt("status_api", "");
        CredentialSealer sealer = CredentialSealer.fromBase64Key(opt("key", ""));

        // Stores and integrations.
        long t0 = System.nanoTime();
        String[] tenants = new String[n];
        String[] ids = new String[n];
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tenants[i] = "fleet-" + run + "-" + i;
            ids[i] = "int-" + run + "-" + i;
            String tenant = tenants[i];
            created.add(pool.submit(() -> {
                admin("POST", sim + "/_sim/stores", "{\"tenant\":\"" + tenant + "\",\"bearer_token\":\"" + TOKEN + "\"}");
                for (int h = 0; h < history; h++) {
                    admin("POST", sim + "/_sim/stores/" + tenant + "/orders", ORDER);
                }
                return null;
            }));
        }
        for (Future<?> f : created) {
            f.get();
        }
        result("stores_created_s", (System.nanoTime() - t0) / 1e9);
        Map<String, Integer> index = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumerAtEnd(bootstrap, Topics.SYNC_CYCLES, Topics.FILTERED_ORDERS);
             KafkaProducer<String, String> producer = producer(bootstrap)) {
            // The broker outlives the run: tombstones, so the next run's services do not poll these stores. A hook,
            // so that a run stopped midway (Ctrl-C, kill) leaves no integrations behind either.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> tombstone(bootstrap, ids)));
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                index.put(ids[i], i);
                IntegrationConfigured config = IntegrationConfigured.builder(ids[i], "bench-acc-" + (i % accounts))
                        .name("Fleet store " + i)
                        .posName("POS")
                        .magento(sim + "/m/" + tenants[i], "default",
                                sealer.seal(ids[i], new MagentoCredentials.Bearer(TOKEN)))
                        .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
                        .syncIntervalSeconds(interval)
                        .notificationEmails(List.of("ops@example.test"))
                        .build();
                sent.add(producer.send(new ProducerRecord<>(Topics.INTEGRATIONS, ids[i], EventJson.encode(
                        EventEnvelope.of(config.accountId(), config.integrationId(), config,
                                Clock.systemUTC())))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            result("integrations", n);
            result("accounts", accounts);
            result("interval_s", interval);
            System.out.printf("P6: %d stores and integrations published in %.1f s; warm-up %d s, steady %d s%n", n,
                    (System.nanoTime() - t0) / 1e9, warmup, steady);

            Map<String, List<Cycle>> cycles = new HashMap<>();
            Map<String, String> cycleOwner = new HashMap<>();
            Map<String, Long> releasedAt = new HashMap<>();
            long warmEnd = System.currentTimeMillis() + warmup * 1000L;
            drain(consumer, warmEnd, cycles, cycleOwner, releasedAt);
            // The steady period starts once every integration finished two cycles (the first downloads the store's
            // history), however long the warm-up had to be on this machine; at most warmup_cap seconds more.
            long warmCap = System.currentTimeMillis() + 1000L * Integer.parseInt(opt("warmup_cap", "600"));
            while (System.currentTimeMillis() < warmCap
                    && Arrays.stream(ids).anyMatch(id -> cycles.getOrDefault(id, List.of()).size() < 2)) {
                drain(consumer, System.currentTimeMillis() + 1000, cycles, cycleOwner, releasedAt);
            }
            long settled = Arrays.stream(ids).filter(id -> cycles.getOrDefault(id, List.of()).size() >= 2).count();
            // And once status-api has read what the warm-up's first cycles (every store's history) piled up, to
            // within two seconds of cycles: its lag in the period is then its steady lag, not the warm-up's burst.
            if (!statusApi.isBlank()) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    long backlog = statusApiBacklog(admin);
                    while (System.currentTimeMillis() < warmCap && backlog > 2L * n / interval) {
                        drain(consumer, System.currentTimeMillis() + 2000, cycles, cycleOwner, releasedAt);
                        backlog = statusApiBacklog(admin);
                    }
                    result("warmup_status_api_backlog_records", backlog);
                }
            }
            result("warmup_s", (System.currentTimeMillis() - warmEnd) / 1000.0 + warmup);
            result("warmup_integrations_with_two_cycles", settled);

            // Steady period.
            long steadyStart = System.currentTimeMillis();
            long steadyEnd = steadyStart + steady * 1000L;
            Map<String, Double> cpu0 = cpuSeconds();
            Map<Double, Double> lag0 = lagBuckets(statusApi);
            Map<String, Long> pg0 = pgCounters();
            Map<String, Long> offsets0 = endOffsets(bootstrap);
            Map<String, Long> createdAt = new ConcurrentHashMap<>();
            AtomicInteger orderFailures = new AtomicInteger();
            ScheduledExecutorService orders = Executors.newScheduledThreadPool(2);
            double perSecond = n * orderRate / 60.0;
            Random random = new Random(42);
            long periodMs = Math.max(1, (long) (1000 / Math.max(perSecond, 0.001)));
            var task = orders.scheduleAtFixedRate(() -> {
                if (System.currentTimeMillis() > steadyEnd - (interval + 10) * 1000L) {
                    return; // the last orders must have a cycle inside the period
                }
                int i;
                synchronized (random) {
                    i = random.nextInt(n);
                }
                try {
                    JsonNode order = admin("POST", sim + "/_sim/stores/" + tenants[i] + "/orders", ORDER);
                    createdAt.put(ids[i] + ":" + order.path("entity_id").asText(), System.currentTimeMillis());
                } catch (Exception e) {
                    orderFailures.incrementAndGet();
                }
            }, 0, periodMs, TimeUnit.MILLISECONDS);
            List<Double> load = new ArrayList<>();
            Map<String, Long> rssPeak = new LinkedHashMap<>();
            Map<String, Long> connectionsPeak = new LinkedHashMap<>();
            long nextSample = 0;
            while (System.currentTimeMillis() < steadyEnd) {
                drain(consumer, Math.min(steadyEnd, System.currentTimeMillis() + 1000), cycles, cycleOwner, releasedAt);
                if (System.currentTimeMillis() >= nextSample) {
                    nextSample = System.currentTimeMillis() + 5000;
                    load.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
                    rss().forEach((k, v) -> rssPeak.merge(k, v, Math::max));
                    connections().forEach((k, v) -> connectionsPeak.merge(k, v, Math::max));
                }
            }
            task.cancel(false);
            orders.shutdownNow();
            Map<String, Double> cpu1 = cpuSeconds();
            Map<Double, Double> lag1 = lagBuckets(statusApi);
            Map<String, Long> pg1 = pgCounters();
            Map<String, Long> offsets1 = endOffsets(bootstrap);
            // Late releases of orders created in the period.
            drain(consumer, System.currentTimeMillis() + (interval + 20) * 1000L, cycles, cycleOwner, releasedAt);

            // ---- cycles inside the period
            long started = 0, completed = 0, idle = 0, overlapping = 0;
            List<Long> lateness = new ArrayList<>();
            int notPolled = 0;
            for (int i = 0; i < n; i++) {
                List<Cycle> list = new ArrayList<>(cycles.getOrDefault(ids[i], List.of()));
                list.sort((a, b) -> Long.compare(a.start, b.start));
                boolean any = false;
                for (int k = 0; k < list.size(); k++) {
                    Cycle c = list.get(k);
                    boolean inside = c.start >= steadyStart && c.start < steadyEnd;
                    if (inside) {
                        any = true;
                        started++;
                        if (k > 0) {
                            lateness.add(c.start - (list.get(k - 1).start + interval * 1000L));
                            Cycle prev = list.get(k - 1);
                            if (prev.end == 0 || prev.end > c.start) {
                                overlapping++;
                            }
                        }
                    }
                    if (c.end >= steadyStart && c.end < steadyEnd) {
                        completed++;
                        if (c.published == 0) {
                            idle++;
                        }
                    }
                }
                if (!any) {
                    notPolled++;
                }
            }
            double seconds = steady;
            result("steady_s", steady);
            result("cycles_due_per_s", (double) n / interval);
            result("cycles_started_per_s", started / seconds);
            result("cycles_completed_per_s", completed / seconds);
            result("idle_cycles", idle);
            long[] late = lateness.stream().mapToLong(Long::longValue).sorted().toArray();
            if (late.length > 0) {
                result("lateness_p50_ms", pct(late, 50));
                result("lateness_p99_ms", pct(late, 99));
                result("lateness_max_ms", late[late.length - 1]);
            }
            result("polled_twice_at_once", overlapping);
            result("not_polled", notPolled);
            long[] fresh = createdAt.entrySet().stream().filter(e -> releasedAt.containsKey(e.getKey()))
                    .mapToLong(e -> releasedAt.get(e.getKey()) - e.getValue()).sorted().toArray();
            result("orders_created", createdAt.size());
            result("orders_failed", orderFailures.get());
            result("orders_released", fresh.length);
            if (fresh.length > 0) {
                result("freshness_p50_ms", pct(fresh, 50));
                result("freshness_p99_ms", pct(fresh, 99));
                result("freshness_max_ms", fresh[fresh.length - 1]);
            }
            double perCycle = Math.max(1, completed);
            double allCpu = 0;
            for (String name : cpu1.keySet()) {
                double ms = (cpu1.get(name) - cpu0.getOrDefault(name, 0.0)) * 1000 / perCycle;
                result("cpu_ms_per_cycle." + name, ms);
                if (!name.equals("magento-simulator") && !name.equals("postgresql-backends")) {
                    allCpu += ms;
                }
            }
            result("cpu_ms_per_cycle.tillbridge_and_broker", allCpu);
            if (!lag1.isEmpty()) {
                // status-api's tillbridge.readmodel.lag histogram of sync-cycles, the period's share of it.
                Map<Double, Double> period = new java.util.TreeMap<>();
                lag1.forEach((le, count) -> period.put(le, count - lag0.getOrDefault(le, 0.0)));
                result("status_api_cycles_applied", period.getOrDefault(Double.POSITIVE_INFINITY, 0.0).longValue());
                result("status_api_lag_p50_ms", bucketPct(period, 50) * 1000);
                result("status_api_lag_p99_ms", bucketPct(period, 99) * 1000);
            }
            for (String k : pg1.keySet()) {
                result("pg_per_cycle." + k, (pg1.get(k) - pg0.getOrDefault(k, 0L)) / perCycle);
            }
            for (String k : offsets1.keySet()) {
                result("records_per_cycle." + k, (offsets1.get(k) - offsets0.getOrDefault(k, 0L)) / perCycle);
            }
            rssPeak.forEach((k, v) -> result("rss_peak_mb." + k, v));
            connectionsPeak.forEach((k, v) -> result("pg_connections_peak." + k, v));
            double[] l = load.stream().mapToDouble(Double::doubleValue).toArray();
            result("load_avg_1m_mean", Arrays.stream(l).average().orElse(0));
            result("load_avg_1m_max", Arrays.stream(l).max().orElse(0));

            // An account's reads while the fleet still runs: GET /integrations page by page, the Status page's document.
            String token = opt("token", "");
            if (!statusApi.isBlank() && !token.isBlank()) {
                List<String> account0 = new ArrayList<>();
                for (int i = 0; i < n; i += accounts) {
                    account0.add(ids[i]);
                }
                try {
                    readProbe(statusApi, token, account0, Integer.parseInt(opt("read_requests", "300")));
                } catch (IOException e) {
                    System.out.println("P6: read probe failed: " + e.getMessage());
                    result("read.failed", e.getMessage().replace('\n', ' '));
                }
            }
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /** Deletes the run's integrations from the compacted {@code integrations} topic. */
    static void tombstone(String bootstrap, String[] ids) {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>(Topics.INTEGRATIONS, id, null));
            }
            producer.flush();
            System.out.printf("P6: %d integrations tombstoned%n", ids.length);
        }
    }

    /**
     * The latency of what an account's user reads, one request at a time, while the fleet runs: pages of
     * {@code GET /integrations} (limit 50, following the cursors round and round) and {@code GET .../status} of the
     * account's integrations in turn. 20 requests of each first, not counted.
     */
    static void readProbe(String statusApi, String token, List<String> accountIds, int requests) throws Exception {
        long[] list = new long[requests];
        String cursor = null;
        int listed = 0;
        boolean walked = false;
        for (int i = -20; i < requests; i++) {
            String url = statusApi + "/api/v1/integrations?limit=50" + (cursor == null ? "" : "&cursor=" + cursor);
            long t = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                    "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - t) / 1000;
            if (r.statusCode() != 200) {
                throw new IOException("GET /integrations answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode page = JSON.readTree(r.body());
            if (!walked) {
                listed += page.path("items").size();
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            walked |= cursor == null;
            if (i >= 0) {
                list[i] = micros;
            }
        }
        Arrays.sort(list);
        result("read.account_integrations", accountIds.size());
        result("read.list_integrations_seen_in_one_walk", listed);
        result("read.list_page_p50_ms", pct(list, 50) / 1000.0);
        result("read.list_page_p99_ms", pct(list, 99) / 1000.0);
        long[] status = new long[requests];
        for (int i = -20; i < requests; i++) {
            String id = accountIds.get(Math.floorMod(i, accountIds.size()));
            long t = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(statusApi + "/api/v1/integrations/"
                    + id + "/status")).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - t) / 1000;
            if (r.statusCode() != 200) {
                throw new IOException("GET /status answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                status[i] = micros;
            }
        }
        Arrays.sort(status);
        result("read.status_p50_ms", pct(status, 50) / 1000.0);
        result("read.status_p99_ms", pct(status, 99) / 1000.0);
    }

    static void drain(KafkaConsumer<String, String> consumer, long until,
                      Map<String, List<Cycle>> cycles, Map<String, String> owner, Map<String, Long> releasedAt) {
        while (System.currentTimeMillis() < until) {
            var records = consumer.poll(Duration.ofMillis(200));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, String> r : records) {
                if (r.topic().equals(Topics.FILTERED_ORDERS)) {
                    if (r.key() != null) {
                        releasedAt.putIfAbsent(r.key(), now);
                    }
                    continue;
                }
                try {
                    JsonNode p = JSON.readTree(r.value()).path("payload");
                    String cycleId = p.path("cycleId").asText();
                    String integration = p.path("integrationId").asText();
                    if ("STARTED".equals(p.path("phase").asText())) {
                        // Only cycles with orders to read send one (an idle cycle is its ENDED record alone); the
                        // ENDED record says when every cycle started.
                        continue;
                    }
                    long end = r.timestamp();
                    long start = end - p.path("durationMs").asLong();
                    cycles.computeIfAbsent(integration, k -> new ArrayList<>())
                            .add(new Cycle(integration, cycleId, start, end, p.path("ordersPublished").asInt()));
                } catch (IOException e) {
                    // not ours
                }
            }
        }
    }

    /**
     * status-api's {@code tillbridge_readmodel_lag_seconds_bucket} of topic sync-cycles: upper bound (s) to the
     * cumulative count; empty when status-api is not part of the run.
     */
    static Map<Double, Double> lagBuckets(String statusApi) {
        Map<Double, Double> buckets = new HashMap<>();
        if (statusApi.isBlank()) {
            return buckets;
        }
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(statusApi + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (!line.startsWith("tillbridge_readmodel_lag_seconds_bucket{") || !line.contains("topic=\"sync-cycles\"")) {
                    continue;
                }
                int le = line.indexOf("le=\"") + 4;
                String bound = line.substring(le, line.indexOf('"', le));
                double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                buckets.put(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("P6: status-api metrics unreadable: " + e);
        }
        return buckets;
    }

    /** The upper bound (s) of the bucket holding the p-th percentile of cumulative buckets. */
    static double bucketPct(Map<Double, Double> cumulative, double p) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= total * p / 100.0) {
                return e.getKey();
            }
        }
        return Double.NaN;
    }

    /** CPU seconds (user + system) of the processes named in pids=name:pid,... */
    static Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String entry : opt("pids", "").split(",")) {
            if (entry.isBlank()) continue;
            String[] nv = entry.split(":");
            try {
                String stat = Files.readString(Path.of("/proc/" + nv[1] + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.put(nv[0], (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0);
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        // PostgreSQL: every backend connected to the bench database (its connections serve only this run).
        try {
            double pg = 0;
            for (String pid : psql("SELECT pid FROM pg_stat_activity WHERE datname = current_database()").split("\n")) {
                if (pid.isBlank()) continue;
                try {
                    String stat = Files.readString(Path.of("/proc/" + pid.trim() + "/stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    pg += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                } catch (IOException | RuntimeException e) {
                    // not readable
                }
            }
            cpu.put("postgresql-backends", pg);
        } catch (Exception e) {
            // no psql
        }
        return cpu;
    }

    static Map<String, Long> rss() {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String entry : opt("pids", "").split(",")) {
            if (entry.isBlank()) continue;
            String[] nv = entry.split(":");
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + nv[1] + "/status"))) {
                    if (line.startsWith("VmRSS")) {
                        rss.put(nv[0], Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return rss;
    }

    /** Transactions and row writes of the bench database; row writes of the poller's schema, and of every table. */
    static Map<String, Long> pgCounters() {
        Map<String, Long> c = new LinkedHashMap<>();
        try {
            String[] db = psql("SELECT xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted, tup_returned + tup_fetched"
                    + " FROM pg_stat_database WHERE datname = current_database()").trim().split("\\|");
            c.put("transactions", Long.parseLong(db[0]));
            c.put("row_writes_all_services", Long.parseLong(db[1]));
            String poller = psql("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables"
                    + " WHERE schemaname = 'order_poller'").trim();
            c.put("row_writes_order_poller", Long.parseLong(poller));
            // Per table: the poller's by table name (as in earlier runs), the other services' as schema.table.
            psqlCounts("SELECT CASE WHEN schemaname = 'order_poller' THEN relname"
                    + " ELSE schemaname || '.' || relname END, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables")
                    .forEach((table, writes) -> c.put("row_writes." + table, writes));
        } catch (Exception e) {
            System.out.println("P6: PostgreSQL counters not read: " + e);
        }
        return c;
    }

    /**
     * Records status-api's consumer groups of this bench run have yet to read, over all their partitions; the groups
     * are named {@code status-api-<channel>-bench-<run id>} (bench/run), the run id being {@code run} without its
     * {@code -<n>-<replicas>}.
     */
    static long statusApiBacklog(Admin admin) {
        String runId = opt("run", "").replaceAll("-\\d+-\\d+$", "");
        try {
            long backlog = 0;
            for (GroupListing group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
                if (!group.groupId().startsWith("status-api-") || !group.groupId().endsWith("-bench-" + runId)) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null) {
                        backlog += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
            }
            return backlog;
        } catch (Exception e) {
            System.out.println("P6: status-api's backlog not read: " + e);
            return 0;
        }
    }

    /**
     * PostgreSQL connections to the bench database, by the service holding them (each sets its ApplicationName; the
     * order-poller replicas share one), and all of them; psql's own sample connection is not counted.
     */
    static Map<String, Long> connections() {
        Map<String, Long> byService = new LinkedHashMap<>();
        try {
            psqlCounts("SELECT coalesce(nullif(application_name, ''), 'unnamed'), count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name <> 'psql' GROUP BY 1")
                    .forEach((service, count) -> {
                        byService.put(service, count);
                        byService.merge("all", count, Long::sum);
                    });
        } catch (IOException | InterruptedException | RuntimeException e) {
            // no psql: not reported
        }
        return byService;
    }

    /** A query's rows of a name and a number ({@code psql -A}: {@code name|42}), in their order. */
    static Map<String, Long> psqlCounts(String sql) throws IOException, InterruptedException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String line : psql(sql).split("\n")) {
            String[] f = line.split("\\|");
            if (f.length == 2) {
                rows.put(f[0].trim(), Long.parseLong(f[1].trim()));
            }
        }
        return rows;
    }

    static String psql(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-h", opt("pghost", "127.0.0.1"), "-U", opt("pguser", "postgres"),
                "-d", opt("db", "tillbridge_bench"), "-Atc", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static Map<String, Long> endOffsets(String bootstrap) {
        Map<String, Long> sums = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props(bootstrap, "read_uncommitted"))) {
            for (String topic : List.of(Topics.RAW_ORDERS, Topics.SYNC_CYCLES, Topics.INTEGRATION_LOGS,
                    Topics.INTEGRATION_ALERTS, Topics.FILTERED_ORDERS)) {
                List<TopicPartition> parts = new ArrayList<>();
                c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
                sums.put(topic, c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum());
            }
        }
        return sums;
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static JsonNode admin(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + url + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static Map<String, Object> props(String bootstrap, String isolation) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    }

    /** read_committed, every partition of the topics assigned at their current end. */
    static KafkaConsumer<String, String> consumerAtEnd(String bootstrap, String... topics) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props(bootstrap, "read_committed"));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
