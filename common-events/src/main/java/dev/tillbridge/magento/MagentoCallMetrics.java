package dev.tillbridge.magento;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Magento call of a process, timed once in {@link MagentoTransport}:
 * {@code tillbridge_magento_calls_seconds{route, status_class}} (a histogram: {@code _bucket}, {@code _count}, {@code _sum}). Low cardinality on purpose: the
 * route is a template ({@code PUT /V1/products/{sku}}, never a SKU or an order id), the status is a class
 * ({@code 2xx}, {@code 4xx}, {@code 5xx}, or {@code timeout}, {@code connect_error}, {@code io_error},
 * {@code refused} when no status came back), and no integration id: per-integration detail is the read model's.
 */
public final class MagentoCallMetrics {

    public static final String CALLS = "tillbridge.magento.calls";

    /** Path segments that are ids: {@code /V1/orders/123}, {@code /V1/order/123/invoice}, {@code /V1/products/SKU}, {@code /V1/bulk/uuid}. */
    private static final Pattern ID_SEGMENT = Pattern.compile("(/V1/(?:orders|order|products|bulk))/[^/?]+");

    private static final Map<String, String> TEMPLATES =
            Map.of("/V1/orders", "{id}", "/V1/order", "{id}", "/V1/products", "{sku}", "/V1/bulk", "{uuid}");

    /** Few fixed buckets (not Micrometer's 60-odd percentile buckets): routes × classes × replicas stay small. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MagentoCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics nobody exports (tests and tools that open a transport of their own). */
    public static MagentoCallMetrics unregistered() {
        return new MagentoCallMetrics(new CompositeMeterRegistry());
    }

    /** {@code "PUT /V1/products/ABC-1"} → {@code "PUT /V1/products/{sku}"}. */
    static String template(String route) {
        var matcher = ID_SEGMENT.matcher(route);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(
                    out, Matcher.quoteReplacement(matcher.group(1) + "/" + TEMPLATES.get(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }

    void record(String route, String statusClass, Duration took) {
        String template = template(route);
        timers.computeIfAbsent(
                        template + "|" + statusClass,
                        k -> Timer.builder(CALLS)
                                .description("Magento calls by route template and status class")
                                .tag("route", template)
                                .tag("status_class", statusClass)
                                .serviceLevelObjectives(BUCKETS)
                                .register(registry))
                .record(took);
    }
}
