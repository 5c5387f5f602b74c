package dev.tillbridge.pos.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.kafka.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Receives the orders released to the POS ({@code filtered-orders}, read_committed as a POS connector reads
 * them) and logs each one; the latest are kept, overall and per integration, for {@code GET /pos/orders}.
 */
@Singleton
public class OrderReceiver {

    public static final String CHANNEL = "filtered-orders";
    private static final Logger LOG = Logger.getLogger(OrderReceiver.class);
    private static final int KEPT_PER_INTEGRATION = 50;
    private static final int INTEGRATIONS_KEPT = 500;

    /** An order as the POS took it in. */
    public record ReceivedOrder(
            String integrationId,
            long entityId,
            String incrementId,
            String state,
            int lines,
            String grandTotal,
            boolean redownload,
            Instant receivedAt) {}

    private final IncomingEvents incoming;
    private final ArrayDeque<ReceivedOrder> latest = new ArrayDeque<>();
    /** The latest orders of each integration, the least recently served integrations forgotten first. */
    private final LinkedHashMap<String, ArrayDeque<ReceivedOrder>> byIntegration =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<ReceivedOrder>> eldest) {
                    return size() > INTEGRATIONS_KEPT;
                }
            };

    private long received;

    public OrderReceiver(IncomingEvents incoming) {
        this.incoming = incoming;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onOrder(ConsumerRecord<String, String> record) {
        EventEnvelope<OrderReleased> envelope = incoming.read(record, OrderReleased.class);
        OrderReleased released = envelope.payload();
        var order = released.order();
        ReceivedOrder taken = new ReceivedOrder(
                released.integrationId(),
                order.entityId(),
                order.incrementId(),
                order.state(),
                order.items().size(),
                order.baseGrandTotal().toPlainString(),
                released.redownload(),
                Instant.now());
        synchronized (this) {
            received++;
            latest.addFirst(taken);
            while (latest.size() > KEPT_PER_INTEGRATION) {
                latest.removeLast();
            }
            ArrayDeque<ReceivedOrder> ofIntegration =
                    byIntegration.computeIfAbsent(taken.integrationId(), id -> new ArrayDeque<>());
            ofIntegration.addFirst(taken);
            while (ofIntegration.size() > KEPT_PER_INTEGRATION) {
                ofIntegration.removeLast();
            }
        }
        LOG.infof(
                "POS received order %s (entity %d) of integration %s: %d lines, total %s, state %s%s",
                order.incrementId(),
                order.entityId(),
                released.integrationId(),
                taken.lines(),
                taken.grandTotal(),
                order.state(),
                released.redownload() ? " (re-download)" : "");
    }

    public synchronized List<ReceivedOrder> latest() {
        return List.copyOf(latest);
    }

    public synchronized List<ReceivedOrder> latest(String integrationId) {
        ArrayDeque<ReceivedOrder> orders = byIntegration.get(integrationId);
        return orders == null ? List.of() : List.copyOf(orders);
    }

    public synchronized long received() {
        return received;
    }
}
