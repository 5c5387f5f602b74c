package dev.tillbridge.simulator.bench;

import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.store.OrderSeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many {@code GET /V1/orders} pages of 100 the simulator serves per second with unlimited capacity, so later
 * benchmarks know the stand-in is not their bottleneck. Not a test: run it with {@code bench/simulator/run.sh}.
 * The clients run in the same process on the same cores, so the figure is a lower bound for the server alone.
 *
 * <p>Arguments (all optional): {@code orders=10000 threads=4 seconds=15 warmup=3 pageSize=100}.
 */
public final class OrdersPageThroughput {

    private OrdersPageThroughput() {}

    public static void main(String[] args) throws Exception {
        int orders = arg(args, "orders", 10_000);
        int threads = arg(args, "threads", 4);
        int seconds = arg(args, "seconds", 15);
        int warmup = arg(args, "warmup", 3);
        int pageSize = arg(args, "pageSize", 100);

        try (MagentoSimulator sim = MagentoSimulator.start(SimulatorOptions.defaults())) {
            SimulatedStore store = sim.createStore(StoreSpec.tenant("bench").withBearerToken("bench-token"));
            long seedStart = System.nanoTime();
            store.seedOrders(OrderSeed.of(orders).withSeed(1));
            System.out.printf("seeded %d orders in %.1f s%n", orders, (System.nanoTime() - seedStart) / 1e9);

            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int pages = (orders + pageSize - 1) / pageSize;
            String base = store.magentoBaseUrl() + "/rest/V1/orders?"
                    + "searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=updated_at"
                    + "&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2000-01-01%2000%3A00%3A00"
                    + "&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=gteq"
                    + "&searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=updated_at"
                    + "&searchCriteria%5BsortOrders%5D%5B0%5D%5Bdirection%5D=ASC"
                    + "&searchCriteria%5BsortOrders%5D%5B1%5D%5Bfield%5D=entity_id"
                    + "&searchCriteria%5BsortOrders%5D%5B1%5D%5Bdirection%5D=ASC"
                    + "&searchCriteria%5BpageSize%5D=" + pageSize + "&searchCriteria%5BcurrentPage%5D=";

            run(http, base, pages, threads, Duration.ofSeconds(warmup), null);
            Result result = run(http, base, pages, threads, Duration.ofSeconds(seconds), store);
            System.out.printf(
                    "GET /V1/orders pages of %d, %d orders, %d client threads, %d s, capacity unlimited:%n",
                    pageSize, orders, threads, seconds);
            System.out.printf(
                    "  %.0f requests/s (%.1f MB/s), %d requests, %d non-200%n",
                    result.requests / result.seconds,
                    result.bytes / result.seconds / 1e6,
                    result.requests,
                    result.failures);
            System.out.printf("  latency p50 %.1f ms, p99 %.1f ms%n", result.p50Ms, result.p99Ms);
        }
    }

    private record Result(long requests, long failures, long bytes, double seconds, double p50Ms, double p99Ms) {}

    private static Result run(
            HttpClient http, String base, int pages, int threads, Duration duration, SimulatedStore store)
            throws Exception {
        LongAdder requests = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder bytes = new LongAdder();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> latencies = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            latencies.add(pool.submit(() -> {
                long[] samples = new long[1 << 20];
                int count = 0;
                int page = 1 + offset * pages / Math.max(1, threads);
                while (System.nanoTime() < deadline) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + page))
                            .header("Authorization", "Bearer bench-token")
                            .build();
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (count < samples.length) {
                        samples[count++] = System.nanoTime() - sent;
                    }
                    requests.increment();
                    bytes.add(response.body().length);
                    if (response.statusCode() != 200) {
                        failures.increment();
                    }
                    page = page % pages + 1;
                }
                return Arrays.copyOf(samples, count);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : latencies) {
            for (long sample : f.get()) {
                all.add(sample);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        all.sort(null);
        double p50 = all.isEmpty() ? 0 : all.get(all.size() / 2) / 1e6;
        double p99 = all.isEmpty() ? 0 : all.get((int) (all.size() * 0.99)) / 1e6;
        return new Result(requests.sum(), failures.sum(), bytes.sum(), seconds, p50, p99);
    }

    private static int arg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
