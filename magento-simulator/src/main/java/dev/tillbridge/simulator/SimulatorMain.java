package dev.tillbridge.simulator;

import dev.tillbridge.simulator.capacity.LatencyModel;
import dev.tillbridge.simulator.store.OrderSeed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone: {@code java -jar magento-simulator.jar [--port 8090] [--host 127.0.0.1] [--seed-demo] [--threads 256]
 * [--latency 150:50]}; the port may also come from {@code SIM_PORT}, the latency from {@code SIM_LATENCY}. Runs until the process is stopped.
 */
public final class SimulatorMain {

    /** The demo store the local stack's demo account points at. */
    public static final String DEMO_TENANT = "demo";

    public static final String DEMO_TOKEN = "demo-token";

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options = SimulatorOptions.defaults().port(8090);
        String envPort = System.getenv("SIM_PORT");
        if (envPort != null && !envPort.isBlank()) {
            options = options.port(Integer.parseInt(envPort.trim()));
        }
        String envLatency = System.getenv("SIM_LATENCY");
        if (envLatency != null && !envLatency.isBlank()) {
            options = options.latency(latency(envLatency));
        }
        boolean seedDemo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> options = options.port(Integer.parseInt(value(args, ++i, "--port")));
                case "--host" -> options = options.host(value(args, ++i, "--host"));
                case "--seed-demo" -> seedDemo = true;
                case "--threads" -> options = options.httpThreads(Integer.parseInt(value(args, ++i, "--threads")));
                case "--latency" -> options = options.latency(latency(value(args, ++i, "--latency")));
                case "--help", "-h" -> {
                    System.out.println(
                            "usage: java -jar magento-simulator.jar [--port N] [--host H] [--seed-demo] [--threads N]"
                                    + " [--latency MEAN_MS[:JITTER_MS]]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
            }
        }
        MagentoSimulator simulator = MagentoSimulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            simulator.close();
                            stopped.countDown();
                        },
                        "sim-shutdown"));
        System.out.println("Magento simulator listening on " + simulator.baseUrl() + " (admin API: "
                + simulator.baseUrl() + "/_sim/stores)");
        if (seedDemo) {
            SimulatedStore demo = seedDemo(simulator);
            System.out.println("Demo store: " + demo.magentoBaseUrl() + "/rest/V1/orders (Bearer " + DEMO_TOKEN + ", "
                    + demo.orderCount() + " orders, " + demo.productCount() + " products)");
        }
        stopped.await();
    }

    /** A store with a bearer token, OAuth values, ~50 orders of mixed states over the last week and 100 products. */
    public static SimulatedStore seedDemo(MagentoSimulator simulator) {
        SimulatedStore demo = simulator.createStore(StoreSpec.tenant(DEMO_TENANT)
                .withBearerToken(DEMO_TOKEN)
                .withOAuth(
                        "demo-consumer-key", "demo-consumer-secret", "demo-access-token", "demo-access-token-secret"));
        demo.seedOrders(OrderSeed.of(50)
                .withStates(Map.of(
                        "new", 15, "processing", 15, "complete", 10, "canceled", 4, "holded", 3, "pending_payment", 3))
                .withCreatedBetween(demo.now().minus(Duration.ofDays(7)), demo.now())
                .withSeed(2024));
        demo.seedProducts(100, "DEMO-");
        return demo;
    }

    /** {@code 150:50}: every Magento call waits 150 ± 50 ms (uniform); {@code 150} alone: exactly 150 ms. */
    static LatencyModel latency(String spec) {
        String[] parts = spec.split(":", 2);
        return new LatencyModel(
                Long.parseLong(parts[0].trim()), parts.length > 1 ? Long.parseLong(parts[1].trim()) : 0);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }
}
