import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.TestIntegrations;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The order-path benchmarks P1 (throughput) and P2 (freshness), run by bench/run against an order-poller and an
 * invoice-filter already running as processes, the Magento simulator jar and the real broker.
 *
 * <p>P1: a new simulator store gets N processing, fully invoiced orders (every one eligible in Wait-For-Invoice
 * mode) through the simulator's admin seed API; a new integration for it is published as status-api would
 * (local-infra's TestIntegrations); the clock runs from that publish until all N orders are on
 * {@code filtered-orders}, read with read_committed. It also notes when the poller's records reached
 * {@code raw-orders}, the mean size of a {@code filtered-orders} record, and writes real record values to a file
 * so ProducerPerformance can replay them.
 *
 * <p>P2: a store with M orders in state {@code new} (waiting for their invoice: skipped, not final), its
 * integration polled every I seconds; after the first cycle has seen them all, the orders are invoiced in the
 * simulator at a steady rate (admin API), and for each one the time from the start of the invoice call to the
 * order's record on {@code filtered-orders} is measured.
 *
 * <p>Single-file program: {@code java -cp <local-infra classes and classpath> OrderPathBench.java p1|p2 key=value...}.
 * Results are printed and appended as {@code key=value} lines to {@code out=FILE}.
 */
public class OrderPathBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String TOKEN = "bench-token";

    static Map<String, String> opts = new HashMap<>();
    static final Map<String, String> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try {
            switch (args[0]) {
                case "p1" -> p1();
                case "p2" -> p2();
                default -> throw new IllegalArgumentException("p1 or p2");
            }
        } finally {
            String out = opts.get("out");
            if (out != null) {
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
                    results.forEach((k, v) -> w.println(k + "=" + v));
                }
            }
        }
        System.exit(0);
    }

    static String opt(String name, String def) {
        return opts.getOrDefault(name, def);
    }

    static void result(String key, Object value) {
        String v = value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.3f", d) : String.valueOf(value);
        results.put(key, v);
        System.out.println("  " + key + " = " + v);
    }

    // ---------------------------------------------------------------- P1

    /**
     * P1 runs twice over the same processes, each pass with a new store and integration: the first pass ({@code p1.*})
     * meets services just started, so part of what it measures is the JIT compiling the order path; the second
     * ({@code p1.warm.*}, {@code warm} orders, default the same number, 0 to skip) is what a service that has run for
     * a while spends per order.
     */
    static void p1() throws Exception {
        int n = Integer.parseInt(opt("orders", "20000"));
        p1Pass("p1", n);
        int warm = Integer.parseInt(opt("warm", String.valueOf(n)));
        if (warm > 0) {
            p1Pass("p1.warm", warm);
        }
    }

    static void p1Pass(String pass, int n) throws Exception {
        String sim = opt("sim", "http://127.0.0.1:18090");
        String bootstrap = opt("bootstrap", "127.0.0.1:9092");
        int interval = Integer.parseInt(opt("interval", "2"));
        long timeoutMs = Long.parseLong(opt("timeout", "900")) * 1000;
        String tenant = "bench-p1-" + UUID.randomUUID().toString().substring(0, 8);

        createStore(sim, tenant);
        long seedStart = System.nanoTime();
        JsonNode seeded = admin("POST", sim + "/_sim/stores/" + tenant + "/orders/seed",
                "{\"count\":" + n + ",\"states\":{\"processing\":1},\"invoiced_fraction\":1.0,\"seed\":7}");
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        System.out.printf(pass + ": seeded %d orders in store %s in %.1f s (%s)%n", n, tenant, seedSeconds, seeded);
        result(pass + ".seed_seconds", seedSeconds);

        try (KafkaConsumer<String, String> consumer = consumerAtEnd(bootstrap, Topics.FILTERED_ORDERS, Topics.RAW_ORDERS);
             KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            IntegrationConfigured integration = new TestIntegrations(kafka, opt("key", ""))
                    .publish(sim + "/m/" + tenant, TOKEN, DownloadMode.WAIT_FOR_INVOICE, interval);
            long start = System.nanoTime();
            Map<String, Double> cpu0 = cpuSeconds();
            Map<String, Map<String, Double>> threads0 = threadSeconds();
            Map<String, Long> disk0 = topicBytes(bootstrap);
            String prefix = integration.integrationId() + ":";
            System.out.println(pass + ": published integration " + integration.integrationId() + " (Wait-For-Invoice); waiting for "
                    + n + " orders on filtered-orders");
            Set<String> raw = new HashSet<>();
            Set<String> released = new HashSet<>();
            long rawRecords = 0, filteredRecords = 0, valueBytes = 0, keyBytes = 0, headerBytes = 0;
            long firstRaw = -1, lastRaw = -1, firstFiltered = -1, lastFiltered = -1;
            List<String> samples = new ArrayList<>();
            long lastReport = System.nanoTime();
            while (released.size() < n) {
                if ((System.nanoTime() - start) / 1_000_000 > timeoutMs) {
                    System.out.printf(pass + ": TIMEOUT after %d s: %d on raw-orders, %d on filtered-orders%n",
                            timeoutMs / 1000, raw.size(), released.size());
                    result(pass + ".timeout", true);
                    break;
                }
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<String, String> r : records) {
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        continue;
                    }
                    if (r.topic().equals(Topics.RAW_ORDERS)) {
                        rawRecords++;
                        if (raw.add(r.key())) {
                            if (firstRaw < 0) firstRaw = now;
                            lastRaw = now;
                        }
                    } else {
                        filteredRecords++;
                        valueBytes += r.serializedValueSize();
                        keyBytes += r.serializedKeySize();
                        for (Header h : r.headers()) {
                            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
                        }
                        if (samples.size() < 2000 && r.value().indexOf('\n') < 0) {
                            samples.add(r.value());
                        }
                        if (released.add(r.key())) {
                            if (firstFiltered < 0) firstFiltered = now;
                            lastFiltered = now;
                        }
                    }
                }
                if (now - lastReport > 5_000_000_000L) {
                    System.out.printf(pass + ": %5.1f s: %d on raw-orders, %d on filtered-orders%n", (now - start) / 1e9,
                            raw.size(), released.size());
                    lastReport = now;
                }
            }
            double total = (lastFiltered - start) / 1e9;
            // CPU each process spent while the orders flowed, per order: on a small machine this is where time goes.
            Map<String, Double> cpu1 = cpuSeconds();
            double cpuTotal = 0;
            for (var e : cpu1.entrySet()) {
                double used = e.getValue() - cpu0.getOrDefault(e.getKey(), 0.0);
                cpuTotal += used;
                result(pass + ".cpu." + e.getKey() + ".s", used);
                result(pass + ".cpu." + e.getKey() + ".ms_per_order", used * 1000 / Math.max(1, released.size()));
            }
            result(pass + ".cpu.total.s", cpuTotal);
            // Where each process spent it, by kind of thread: the JIT's share is large while services are new.
            for (var e : threadSeconds().entrySet()) {
                Map<String, Double> before = threads0.getOrDefault(e.getKey(), Map.of());
                StringBuilder split = new StringBuilder();
                e.getValue().entrySet().stream()
                        .map(k -> Map.entry(k.getKey(), (k.getValue() - before.getOrDefault(k.getKey(), 0.0))
                                * 1000 / Math.max(1, released.size())))
                        .filter(k -> k.getValue() >= 0.0005)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .forEach(k -> split.append(split.isEmpty() ? "" : ", ")
                                .append(k.getKey()).append(' ')
                                .append(String.format(java.util.Locale.ROOT, "%.3f", k.getValue())));
                double jit = (e.getValue().getOrDefault("jit", 0.0) - before.getOrDefault("jit", 0.0))
                        * 1000 / Math.max(1, released.size());
                result(pass + ".cpu." + e.getKey() + ".jit_ms_per_order", jit);
                result(pass + ".cpu." + e.getKey() + ".threads_ms_per_order", split.toString());
            }
            result(pass + ".cpu.available.s", total * Runtime.getRuntime().availableProcessors());
            result(pass + ".orders", n);
            result(pass + ".released", released.size());
            result(pass + ".duplicates", filteredRecords - released.size());
            result(pass + ".seconds", total);
            result(pass + ".orders_per_s", released.size() / total);
            result(pass + ".first_raw_s", (firstRaw - start) / 1e9);
            result(pass + ".last_raw_s", (lastRaw - start) / 1e9);
            result(pass + ".raw_orders_per_s", raw.size() / ((lastRaw - firstRaw) / 1e9));
            result(pass + ".first_filtered_s", (firstFiltered - start) / 1e9);
            result(pass + ".steady_orders_per_s", released.size() / ((lastFiltered - firstRaw) / 1e9));
            result(pass + ".filter_lag_after_last_raw_s", (lastFiltered - lastRaw) / 1e9);
            long mean = filteredRecords == 0 ? 0 : Math.round((double) valueBytes / filteredRecords);
            result(pass + ".record_value_bytes", mean);
            result(pass + ".record_key_bytes", filteredRecords == 0 ? 0 : keyBytes / filteredRecords);
            result(pass + ".record_header_bytes", filteredRecords == 0 ? 0 : headerBytes / filteredRecords);
            brokerBytesPerOrder(pass, disk0, topicBytes(bootstrap), released.size());
            String payloads = pass.equals("p1") ? opt("payloads", null) : null;
            if (payloads != null && !samples.isEmpty()) {
                Files.write(Path.of(payloads), samples, StandardCharsets.UTF_8);
            }
        }
    }

    // ---------------------------------------------------------------- P2

    static void p2() throws Exception {
        String sim = opt("sim", "http://127.0.0.1:18090");
        String bootstrap = opt("bootstrap", "127.0.0.1:9092");
        int interval = Integer.parseInt(opt("interval", "2"));
        double rate = Double.parseDouble(opt("rate", "20"));
        int seconds = Integer.parseInt(opt("seconds", "30"));
        int m = (int) Math.round(rate * seconds);
        String tenant = "bench-p2-" + UUID.randomUUID().toString().substring(0, 8);

        createStore(sim, tenant);
        JsonNode seeded = admin("POST", sim + "/_sim/stores/" + tenant + "/orders/seed",
                "{\"count\":" + m + ",\"states\":{\"new\":1},\"invoiced_fraction\":0.0,\"seed\":11}");
        long firstId = seeded.path("first_entity_id").asLong();
        System.out.printf("P2: store %s with %d orders waiting for their invoice (ids %d..%d)%n", tenant, m, firstId,
                seeded.path("last_entity_id").asLong());

        try (KafkaConsumer<String, String> consumer = consumerAtEnd(bootstrap, Topics.FILTERED_ORDERS, Topics.RAW_ORDERS);
             KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            IntegrationConfigured integration = new TestIntegrations(kafka, opt("key", ""))
                    .publish(sim + "/m/" + tenant, TOKEN, DownloadMode.WAIT_FOR_INVOICE, interval);
            String prefix = integration.integrationId() + ":";
            // The first cycle: every order seen (and skipped: no invoice yet).
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (seen.size() < m && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key() != null && r.key().startsWith(prefix) && r.topic().equals(Topics.RAW_ORDERS)) {
                        seen.add(r.key());
                    }
                }
            }
            System.out.printf("P2: first cycle saw %d of %d orders; invoicing %d orders at %.0f/s, sync interval %d s%n",
                    seen.size(), m, m, rate, interval);

            Map<Long, Long> updated = new ConcurrentHashMap<>();
            ScheduledExecutorService updater = Executors.newScheduledThreadPool(4);
            long periodNanos = (long) (1e9 / rate);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
            var task = updater.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= m) {
                    return;
                }
                long id = firstId + i;
                long t = System.nanoTime();
                try {
                    admin("POST", sim + "/_sim/stores/" + tenant + "/orders/" + id + "/invoice", "{}");
                    updated.put(id, t);
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);

            Map<Long, Long> releasedAt = new HashMap<>();
            long end = System.nanoTime() + (seconds + interval * 3L + 60) * 1_000_000_000L;
            while (releasedAt.size() < m && System.nanoTime() < end) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (ConsumerRecord<String, String> r : records) {
                    if (r.key() != null && r.key().startsWith(prefix) && r.topic().equals(Topics.FILTERED_ORDERS)) {
                        releasedAt.putIfAbsent(Long.parseLong(r.key().substring(prefix.length())), now);
                    }
                }
            }
            task.cancel(false);
            updater.shutdownNow();
            long[] lat = releasedAt.entrySet().stream().filter(e -> updated.containsKey(e.getKey()))
                    .mapToLong(e -> e.getValue() - updated.get(e.getKey())).sorted().toArray();
            result("p2.interval_s", interval);
            result("p2.rate_per_s", rate);
            result("p2.updates", updated.size());
            result("p2.update_failures", failures.get());
            result("p2.released", releasedAt.size());
            if (lat.length > 0) {
                result("p2.p50_ms", pct(lat, 50) / 1e6);
                result("p2.p99_ms", pct(lat, 99) / 1e6);
                result("p2.max_ms", lat[lat.length - 1] / 1e6);
                result("p2.min_ms", lat[0] / 1e6);
            }
        }
    }

    /**
     * CPU seconds of each process named in pids=, by kind of thread (from each thread's name, which Linux keeps to 15
     * characters): {@code jit} (C1/C2 compiler threads), {@code gc} (the collector's and the VM's own threads),
     * {@code streams} (Kafka Streams' threads, named after the application id), {@code producer-io} and
     * {@code consumer-io} (Kafka clients' network threads), {@code cycles} (the poller's sync cycles), {@code event-loop},
     * {@code workers} (Quarkus' executor), {@code messaging} (SmallRye Kafka's polling threads), {@code other}. A thread
     * that ended takes its seconds along (the JVM adds and removes compiler threads), so each is a lower bound.
     */
    static Map<String, Map<String, Double>> threadSeconds() {
        Map<String, Map<String, Double>> all = new LinkedHashMap<>();
        for (String entry : opt("pids", "").split(",")) {
            if (entry.isBlank()) continue;
            String[] nv = entry.split(":");
            Map<String, Double> kinds = new TreeMap<>();
            try (var tasks = Files.list(Path.of("/proc/" + nv[1] + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String kind = threadKind(Files.readString(task.resolve("comm")).trim());
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        kinds.merge(kind, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
                all.put(nv[0], kinds);
            } catch (IOException | RuntimeException e) {
                // gone or not ours to read
            }
        }
        return all;
    }

    static String threadKind(String comm) {
        if (comm.contains("CompilerThre")) return "jit";
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")
                || comm.startsWith("VM Periodic")) return "gc";
        if (comm.startsWith("invoice-filter-")) return "streams";
        if (comm.startsWith("kafka-producer-")) return "producer-io";
        if (comm.startsWith("kafka-coordinat") || comm.startsWith("kafka-consumer-")) return "consumer-io";
        if (comm.startsWith("sync-cycle")) return "cycles";
        if (comm.startsWith("vert.x-eventloo")) return "event-loop";
        if (comm.startsWith("executor-thread")) return "workers";
        if (comm.startsWith("smallrye-kafka-")) return "messaging";
        return "other";
    }

    /** CPU seconds (user + system) of the processes named in pids=name:pid,... and of this driver. */
    static Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String entry : opt("pids", "").split(",")) {
            if (entry.isBlank()) continue;
            String[] nv = entry.split(":");
            try {
                String stat = Files.readString(Path.of("/proc/" + nv[1] + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.put(nv[0], (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0); // utime, stime (fields 14, 15)
            } catch (IOException | RuntimeException e) {
                // gone or not ours to read
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        cpu.put("bench-driver", os.getProcessCpuTime() / 1e9);
        return cpu;
    }

    /**
     * What the broker wrote to disk per order, by topic (as stored: compressed batches, headers, transaction markers,
     * changelogs and offsets included): the growth of every topic's log between two reads of the broker's log
     * directories. Other work on the same broker counts too, so P1 wants a broker of its own.
     */
    static void brokerBytesPerOrder(String pass, Map<String, Long> before, Map<String, Long> after, int orders) {
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        long total = 0;
        for (var e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                grown.add(Map.entry(e.getKey(), delta));
                total += delta;
            }
        }
        grown.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder byTopic = new StringBuilder();
        for (var e : grown) {
            long perOrder = Math.round((double) e.getValue() / Math.max(1, orders));
            if (perOrder > 0) {
                byTopic.append(byTopic.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(perOrder);
            }
        }
        result(pass + ".broker_bytes_per_order", Math.round((double) total / Math.max(1, orders)));
        result(pass + ".broker_bytes_by_topic", byTopic.toString());
    }

    /** Bytes on disk per topic, summed over the partitions of every log directory of every broker. */
    static Map<String, Long> topicBytes(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            Map<String, Long> bytes = new HashMap<>();
            for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    dir.replicaInfos().forEach((partition, replica) ->
                            bytes.merge(partition.topic(), replica.size(), Long::sum));
                }
            }
            return bytes;
        }
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---------------------------------------------------------------- helpers

    static void createStore(String sim, String tenant) throws IOException, InterruptedException {
        admin("POST", sim + "/_sim/stores", "{\"tenant\":\"" + tenant + "\",\"bearer_token\":\"" + TOKEN + "\"}");
    }

    static JsonNode admin(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + url + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** read_committed, every partition of the topics assigned at their current end: only what comes next. */
    static KafkaConsumer<String, String> consumerAtEnd(String bootstrap, String... topics) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before anything is published
        return consumer;
    }
}
