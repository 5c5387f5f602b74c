import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * status-api read benchmark, run by run.sh against a running status-api and the real broker.
 *
 * <ol>
 * <li>Seeds one integration with a realistic status document (cycle, skipped orders by reason, downloads,
 *     alerts, a product run) through the Kafka topics, as the other services would.</li>
 * <li>Reads {@code GET /api/v1/integrations/{id}/status} open-loop at a fixed rate (default 500 rps, 30 s)
 *     while product progress keeps changing (5 records/s, so the precomputed document is rebuilt all the
 *     time). Latency is measured from each request's scheduled start, so a stall counts for every request
 *     queued behind it (no coordinated omission).</li>
 * <li>Measures read-model lag: a product-progress record is published (acks=all) and the status document is
 *     polled until it shows the record; the time between the send and the first read that shows it.</li>
 * </ol>
 * Single-file program: {@code java -cp "<kafka-clients and its deps>" StatusReadBench.java --base URL ...}.
 */
public class StatusReadBench {

    static String base = "http://127.0.0.1:18080";
    static String account;
    static String token;
    static String bootstrap = "127.0.0.1:9092";
    static int rate = 500;
    static int seconds = 30;
    static int warmupSeconds = 30;
    static int lagSamples = 200;
    static int burst = 0;
    static long pid = 0;
    static String orderJson;
    static int CONNECTIONS = 32;

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--account" -> account = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--bootstrap" -> bootstrap = args[i + 1];
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--duration" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmupSeconds = Integer.parseInt(args[i + 1]);
                case "--lag-samples" -> lagSamples = Integer.parseInt(args[i + 1]);
                case "--burst" -> burst = Integer.parseInt(args[i + 1]);
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--order-json" -> orderJson = java.nio.file.Files.readString(java.nio.file.Path.of(args[i + 1]));
                case "--connections" -> CONNECTIONS = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // HTTP/1.1 keep-alive, as browsers talk to a plain-HTTP service (the JDK client would upgrade to h2c).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        if (account == null || token == null) {
            throw new IllegalArgumentException("--account and --token are required (run.sh mints the token with bin/demo-token)");
        }
        String id = createIntegration(http, token, "bench-int-", "Benchmark store");
        String statusUrl = base + "/api/v1/integrations/" + id + "/status";

        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", "0");
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(props)) {
            seed(kafka, account, id);
            waitUntil(http, token, statusUrl, body -> body.contains("\"sent\":1000,") && body.contains("MAGENTO_ERROR"),
                    Duration.ofSeconds(60));
            System.out.printf("Seeded integration %s (account %s); status document %d bytes%n", id, account,
                    get(http, token, statusUrl).body().length());

            System.out.printf("Warm-up: %d s at %d rps%n", warmupSeconds, rate);
            readAtFixedRate(http, token, statusUrl, kafka, account, id, warmupSeconds, 2000);
            System.out.printf("Measuring: GET /status at %d rps for %d s (progress changes 5/s meanwhile)%n", rate, seconds);
            Result reads = readAtFixedRate(http, token, statusUrl, kafka, account, id, seconds, 100_000);
            reads.print();

            System.out.printf("Read-model lag: %d product-progress records, one at a time%n", lagSamples);
            long[] lags = new long[lagSamples];
            for (int i = 0; i < lagSamples; i++) {
                int sent = 200_000 + i;
                long t0 = System.nanoTime();
                kafka.send(progress(account, id, sent)).get();
                String marker = "\"sent\":" + sent + ",";
                while (!get(http, token, statusUrl).body().contains(marker)) {
                    Thread.sleep(1);
                }
                lags[i] = System.nanoTime() - t0;
                Thread.sleep(20);
            }
            Arrays.sort(lags);
            System.out.printf("  lag (publish acked by the broker -> visible in GET /status): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    ms(pct(lags, 50)), ms(pct(lags, 99)), ms(lags[lags.length - 1]));
            System.out.printf("RESULT read_p50_ms=%.2f read_p99_ms=%.2f read_max_ms=%.2f achieved_rps=%.0f errors=%d lag_p50_ms=%.1f lag_p99_ms=%.1f%n",
                    ms(reads.p(50)), ms(reads.p(99)), ms(reads.max()), reads.achievedRps(), reads.errors,
                    ms(pct(lags, 50)), ms(pct(lags, 99)));
            if (burst > 0) {
                orderBurst(http, token, kafka, account);
            }
        }
    }

    /**
     * A burst of orders, as a store's history or a resync brings them: {@code burst} orders of a new integration, each
     * an observation on raw-orders and a release on filtered-orders (whole orders, the payload of
     * bench/json/release.json), published as fast as the producer goes; measured from the first send to the status
     * document counting them all, with status-api's CPU (its /proc stat) over the same span.
     */
    static void orderBurst(HttpClient http, String token, KafkaProducer<String, String> kafka, String account)
            throws Exception {
        String id = createIntegration(http, token, "bench-burst-", "Burst store");
        String statusUrl = base + "/api/v1/integrations/" + id + "/status";
        waitUntil(http, token, statusUrl, body -> body.contains("\"downloaded\""), Duration.ofSeconds(60));
        // The release's order object: from after "order": to the payload's closing brace (the envelope's is last).
        int end = orderJson.lastIndexOf('}', orderJson.lastIndexOf('}') - 1);
        String order = orderJson.substring(orderJson.indexOf("\"order\":") + 8, end).trim();
        Pattern entity = Pattern.compile("\"entityId\":\\d+");
        Pattern increment = Pattern.compile("\"incrementId\":\"[^\"]*\"");
        System.out.printf("Order burst: %d orders (an observation and a release each, %d bytes per order)%n",
                burst, order.length());
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        for (int i = 1; i <= burst; i++) {
            String one = increment.matcher(entity.matcher(order).replaceFirst("\"entityId\":" + i))
                    .replaceFirst("\"incrementId\":\"" + (900000000 + i) + "\"");
            String key = id + ":" + i;
            Instant now = Instant.now();
            kafka.send(record("raw-orders", key, envelope("order.observed.v1", account, id, now,
                    "{\"integrationId\":\"%s\",\"cycleId\":\"%s\",\"observedBy\":\"ORDER_SEARCH\",\"order\":%s}"
                            .formatted(id, UUID.randomUUID(), one))));
            kafka.send(record("filtered-orders", key, envelope("order.released.v1", account, id, now,
                    "{\"integrationId\":\"%s\",\"downloadMode\":\"AUTO_INVOICE\",\"redownload\":false,\"order\":%s}"
                            .formatted(id, one))));
        }
        kafka.flush();
        long sent = System.nanoTime();
        Pattern downloaded = Pattern.compile("\"downloaded\":\\{[^}]*\"today\":(\\d+)");
        int seen = 0;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (seen < burst && Instant.now().isBefore(deadline)) {
            Matcher m = downloaded.matcher(get(http, token, statusUrl).body());
            seen = m.find() ? Integer.parseInt(m.group(1)) : 0;
            if (seen < burst) {
                Thread.sleep(50);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        System.out.printf("  %d of %d counted in %.1f s (sent in %.1f s): %.0f orders/s; status-api %.2f CPU-ms per order%n",
                seen, burst, seconds, (sent - t0) / 1e9, seen / seconds, pid > 0 ? cpu * 1000 / burst : Double.NaN);
        System.out.printf("RESULT burst_orders=%d burst_counted=%d burst_seconds=%.2f burst_orders_per_s=%.0f burst_cpu_ms_per_order=%.3f%n",
                burst, seen, seconds, seen / seconds, pid > 0 ? cpu * 1000 / burst : Double.NaN);
    }

    /** Creates an Auto-Invoice integration through the API; returns its id. */
    static String createIntegration(HttpClient http, String token, String idPrefix, String name) throws Exception {
        String id = idPrefix + UUID.randomUUID().toString().substring(0, 8);
        post(http, base + "/api/v1/integrations", token, """
                {"integrationId": "%s", "name": "%s", "posName": "Bench POS",
                 "magento": {"baseUrl": "https://bench.example.test", "credentials": {"kind": "bearer", "accessToken": "t"}},
                 "downloadMode": "AUTO_INVOICE", "syncIntervalSeconds": 60}""".formatted(id, name));
        return id;
    }

    /** status-api's user + system CPU seconds, from /proc (0 when its pid was not given). */
    static double cpuSeconds() throws Exception {
        if (pid <= 0) {
            return 0;
        }
        String[] stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"))
                .replaceFirst("^.*\\) ", "").split(" ");
        // After the command name: state is field 3, utime 14 and stime 15 (1-based), so 11 and 12 here.
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
    }

    record Result(long[] latencies, int errors, int scheduled, double elapsedSeconds) {
        long p(double q) {
            return pct(latencies, q);
        }

        long max() {
            return latencies.length == 0 ? 0 : latencies[latencies.length - 1];
        }

        double achievedRps() {
            return latencies.length / elapsedSeconds;
        }

        void print() {
            System.out.printf("  requests %d scheduled, %d answered 200, %d errors, %.0f rps achieved%n", scheduled,
                    latencies.length, errors, achievedRps());
            System.out.printf("  latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                    ms(p(50)), ms(p(90)), ms(p(99)), ms(p(99.9)), ms(max()));
        }
    }

    /**
     * Open loop with a bounded pool of connections: each request is due at {@code start + i / rate}; a pool of
     * {@code CONNECTIONS} workers (one keep-alive connection each, as a browser or proxy would hold) sends
     * them, and a request's latency runs from its due time, so queueing behind a slow answer is counted.
     */
    static Result readAtFixedRate(HttpClient http, String token, String url, KafkaProducer<String, String> kafka,
                                  String account, String id, int durationSeconds, int progressBase) throws Exception {
        int total = rate * durationSeconds;
        long intervalNanos = 1_000_000_000L / rate;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).GET().build();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger(progressBase);
        progress.scheduleAtFixedRate(() -> kafka.send(progress(account, id, sent.incrementAndGet())), 0, 200,
                TimeUnit.MILLISECONDS);
        var workers = Executors.newFixedThreadPool(CONNECTIONS);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            workers.execute(() -> {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        latencies.add(System.nanoTime() - scheduled);
                        return;
                    }
                    fail(errors, failures, "HTTP " + response.statusCode());
                } catch (Exception e) {
                    fail(errors, failures, e.toString());
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        progress.shutdownNow();
        failures.stream().distinct().limit(5).forEach(f -> System.out.println("  failure: " + f));
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted, errors.get(), total, elapsed);
    }

    static void fail(AtomicInteger errors, ConcurrentLinkedQueue<String> failures, String what) {
        errors.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    static void seed(KafkaProducer<String, String> kafka, String account, String id) throws Exception {
        Instant now = Instant.now();
        kafka.send(record("sync-cycles", id, envelope("sync-cycle.ended.v1", account, id, now, """
                {"integrationId":"%s","cycleId":"%s","phase":"ENDED","windowFrom":"%s","windowTo":"%s","ordersSeen":42,
                 "ordersPublished":42,"invoicesSeen":3,"pages":1,"magentoNewestUpdatedAt":"%s","outcome":"SUCCEEDED","durationMs":812}"""
                .formatted(id, UUID.randomUUID(), now.minusSeconds(120), now, now.minusSeconds(3))))).get();
        String[] reasons = {"ALREADY_INVOICED", "AWAITING_INVOICE", "CANCELED", "ON_HOLD", "PAYMENT_PENDING"};
        for (int i = 1; i <= 50; i++) {
            kafka.send(record("skipped-orders", id + ":" + i, envelope("order.skipped.v1", account, id, now, """
                    {"integrationId":"%s","entityId":%d,"incrementId":"1000%05d","reason":"%s","finalDecision":false}"""
                    .formatted(id, i, i, reasons[i % reasons.length]))));
        }
        for (int i = 51; i <= 100; i++) {
            kafka.send(record("filtered-orders", id + ":" + i, envelope("order.released.v1", account, id, now, """
                    {"integrationId":"%s","downloadMode":"AUTO_INVOICE","redownload":false,"order":{"entityId":%d,
                     "incrementId":"1000%05d","state":"processing","status":"processing","storeId":1,"baseGrandTotal":10.00,
                     "createdAt":"%s","updatedAt":"%s"}}""".formatted(id, i, i, now.minusSeconds(600), now.minusSeconds(60)))));
        }
        for (String code : new String[] {"MAGENTO_ERROR", "DOWNLOAD_MODE_MISMATCH"}) {
            kafka.send(record("integration-alerts", id + ":" + code, envelope("alert.raised.v1", account, id, now, """
                    {"integrationId":"%s","code":"%s","state":"RAISED","service":"MAGENTO","message":"Benchmark alert %s",
                     "firstSeenAt":"%s","lastSeenAt":"%s","occurrences":3,"origin":"bench"}"""
                    .formatted(id, code, code, now, now))));
        }
        kafka.send(progress(account, id, 1000)).get();
        kafka.flush();
    }

    static ProducerRecord<String, String> progress(String account, String id, int sent) {
        Instant now = Instant.now();
        return record("product-progress", id, envelope("product.progress.v1", account, id, now, """
                {"integrationId":"%s","runId":"bench-run","sent":%d,"failed":0,"total":1000000,"state":"RUNNING",
                 "ratePerSecond":40.0,"etaSeconds":600,"lastSku":"SKU-%d","lastSentAt":"%s","startedAt":"%s","restarts":0}"""
                .formatted(id, sent, sent, now, now.minusSeconds(3600))));
    }

    static ProducerRecord<String, String> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value);
    }

    static String envelope(String type, String account, String id, Instant at, String payload) {
        return """
                {"id":"%s","type":"%s","accountId":"%s","integrationId":"%s","occurredAt":"%s","schemaVersion":1,"payload":%s}"""
                .formatted(UUID.randomUUID(), type, account, id, at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        payload.replace("\n", ""));
    }

    static void waitUntil(HttpClient http, String token, String url, java.util.function.Predicate<String> ready,
                          Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = get(http, token, url);
            if (r.statusCode() == 200 && ready.test(r.body())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The seeded records did not show in " + url + " within " + timeout);
    }

    static HttpResponse<String> get(HttpClient http, String token, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String post(HttpClient http, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String json(String body, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("No " + field + " in " + body);
        }
        return m.group(1);
    }

    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
