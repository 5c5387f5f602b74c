package dev.tillbridge.filter.service;

import static dev.tillbridge.filter.service.Orders.order;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderRetentionTest {

    private static final Duration KEEP = Duration.ofDays(90);
    private static final Instant T0 = Orders.CREATED;

    @Test
    void anEntryIsForgottenOnlyAfterTheRetentionWithoutAChange() {
        var record = new OrderRecord(true, null, order(1, "processing", "full"), T0);

        assertThat(OrderRetention.expired(record, T0.plus(KEEP), KEEP)).isFalse();
        assertThat(OrderRetention.expired(record, T0.plus(KEEP).plusSeconds(1), KEEP))
                .isTrue();
    }

    @Test
    void anEntryWrittenBeforeRetentionExistedCountsFromItsNewestMagentoVersion() {
        var old = new OrderRecord(true, null, order(1, "processing", "full", 1, T0, T0.plusSeconds(60)));

        assertThat(OrderRetention.expired(old, T0.plus(KEEP), KEEP)).isFalse();
        assertThat(OrderRetention.expired(old, T0.plus(KEEP).plusSeconds(61), KEEP))
                .isTrue();
    }

    @Test
    void theMarkIsTheNewestCreationTimeForgottenAndNeverMovesBack() {
        var older = new OrderRecord(true, null, order(1, "processing", "full", 1, T0, T0), T0);
        var newer = new OrderRecord(true, null, order(2, "processing", "full", 1, T0.plusSeconds(10), T0), T0);

        Instant mark = OrderRetention.markAfterForgetting(OrderRetention.markAfterForgetting(null, newer), older);

        assertThat(mark).isEqualTo(T0.plusSeconds(10));
        assertThat(OrderRetention.mayHaveBeenForgotten(order(3, "new", "none", 1, mark, mark), mark))
                .isTrue();
        assertThat(OrderRetention.mayHaveBeenForgotten(order(3, "new", "none", 1, mark.plusSeconds(1), mark), mark))
                .isFalse();
        assertThat(OrderRetention.mayHaveBeenForgotten(order(3, "new", "none", 1, T0, T0), null))
                .isFalse();
    }
}
