package dev.tillbridge.pusher.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.ProductUpdate;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingProductsTest {

    private static final RunKey RUN = new RunKey("int-1", "run-1");
    private static final TopicPartition P0 = new TopicPartition("product-updates", 0);
    private static final TopicPartition P1 = new TopicPartition("product-updates", 1);

    private static ProductUpdate update(int position, String sku, String price) {
        return new ProductUpdate(
                "int-1",
                "run-1",
                position,
                10,
                sku,
                "Name " + sku,
                new BigDecimal(price),
                null,
                null,
                null,
                null,
                null,
                Map.of());
    }

    private static Carried at(int position, TopicPartition partition, long offset) {
        return new Carried(RUN, position, partition, offset);
    }

    @Test
    void severalWaitingUpdatesOfOneSkuAreSentOnceWithTheLatestValues() {
        PendingProducts pending = new PendingProducts();
        assertThat(pending.offer(update(1, "A", "1.00"), at(1, P0, 10))).isFalse();
        assertThat(pending.offer(update(2, "B", "2.00"), at(2, P1, 20))).isFalse();
        assertThat(pending.offer(update(3, "a", "3.00"), at(3, P0, 11)))
                .as("SKUs compare without case")
                .isTrue();

        ProductChange first = pending.take();
        assertThat(first.latest().price()).isEqualByComparingTo("3.00");
        assertThat(first.carried()).extracting(Carried::position).containsExactly(1, 3);
        assertThat(pending.take().sku()).isEqualTo("B");
        assertThat(pending.take()).isNull();
    }

    @Test
    void anUpdateArrivingWhileItsSkuIsInFlightWaitsForThatSendToEnd() {
        PendingProducts pending = new PendingProducts();
        pending.offer(update(1, "A", "1.00"), at(1, P0, 10));
        ProductChange inFlight = pending.take();
        pending.offer(update(2, "A", "2.00"), at(2, P0, 11));

        assertThat(pending.take()).as("never two saves of one SKU at once").isNull();
        pending.finished(inFlight);
        ProductChange next = pending.take();
        assertThat(next.latest().price()).isEqualByComparingTo("2.00");
        assertThat(next.carried()).extracting(Carried::position).containsExactly(2);
    }

    @Test
    void aRetriedSendGoesFirstAndTakesTheValuesThatArrivedMeanwhile() {
        PendingProducts pending = new PendingProducts();
        pending.offer(update(1, "A", "1.00"), at(1, P0, 10));
        pending.offer(update(2, "B", "2.00"), at(2, P1, 20));
        ProductChange a = pending.take();
        pending.offer(update(3, "A", "3.00"), at(3, P0, 11));

        pending.retry(a);

        ProductChange retried = pending.take();
        assertThat(retried.sku()).isEqualTo("A");
        assertThat(retried.latest().price()).isEqualByComparingTo("3.00");
        assertThat(retried.carried()).extracting(Carried::position).containsExactly(1, 3);
        assertThat(pending.take().sku()).isEqualTo("B");
        assertThat(pending.waitingCount()).isZero();
    }

    @Test
    void revokedPartitionsLoseTheirWaitingProductsButNotThoseInFlight() {
        PendingProducts pending = new PendingProducts();
        pending.offer(update(1, "A", "1.00"), at(1, P0, 10));
        pending.offer(update(2, "B", "2.00"), at(2, P1, 20));
        pending.offer(update(3, "C", "3.00"), at(3, P0, 11));
        ProductChange inFlight = pending.take();

        assertThat(pending.drop(c -> c.partition().equals(P0)))
                .extracting(Carried::position)
                .containsExactly(3);
        assertThat(inFlight.sku()).isEqualTo("A");
        assertThat(pending.inFlightCount()).isEqualTo(1);
        assertThat(pending.take().sku()).isEqualTo("B");
    }
}
