package dev.tillbridge.filter.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.alert.AlertBook;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.filter.service.MismatchWatch.State;
import dev.tillbridge.filter.service.MismatchWatch.Thresholds;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MismatchWatchTest {

    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    private static final Thresholds T = Thresholds.DEFAULT;

    @Test
    void fiveAlreadyInvoicedSkipsInADayRaiseTheAlertWithTheSwitchAdvice() {
        State state = State.EMPTY;
        for (int i = 0; i < 4; i++) {
            state = MismatchWatch.onSkip(state, i, SkipReason.ALREADY_INVOICED, NOW, NOW.plusSeconds(i), T);
        }
        assertThat(MismatchWatch.evaluate(state, DownloadMode.AUTO_INVOICE, NOW.plusSeconds(5), T)
                        .publish())
                .isEmpty();

        state = MismatchWatch.onSkip(state, 5, SkipReason.ALREADY_INVOICED, NOW, NOW.plusSeconds(5), T);
        var raise = MismatchWatch.evaluate(state, DownloadMode.AUTO_INVOICE, NOW.plusSeconds(6), T);
        assertThat(raise.publish()).hasValueSatisfying(t -> {
            assertThat(t).isInstanceOf(AlertBook.Raise.class);
            assertThat(t.held().message()).startsWith("5 orders were skipped in the last 24 hours");
        });
        assertThat(raise.advice()).contains("switch the integration to Wait-For-Invoice");

        // Still mismatched: the raised alert is kept, not raised again.
        State raised = raise.state();
        assertThat(MismatchWatch.evaluate(raised, DownloadMode.AUTO_INVOICE, NOW.plusSeconds(7), T)
                        .publish())
                .isEmpty();

        // A day later the skips have aged out and the raised alert is resolved.
        var resolve = MismatchWatch.evaluate(raised, DownloadMode.AUTO_INVOICE, NOW.plus(Duration.ofHours(25)), T);
        assertThat(resolve.publish()).containsInstanceOf(AlertBook.Resolve.class);
        assertThat(resolve.state().alert()).isNull();
    }

    @Test
    void anOrderAwaitingAnInvoiceForMoreThanADayRaisesTheAlertUntilItIsReleased() {
        Instant created = NOW.minus(Duration.ofHours(30));
        State state = MismatchWatch.onSkip(State.EMPTY, 42, SkipReason.AWAITING_INVOICE, created, NOW, T);

        var raise = MismatchWatch.evaluate(state, DownloadMode.WAIT_FOR_INVOICE, NOW, T);
        assertThat(raise.publish())
                .hasValueSatisfying(t -> assertThat(t.held().message())
                        .isEqualTo("1 order has waited more than 24 hours for an invoice in Magento."));
        assertThat(raise.advice()).contains("switch the integration to Auto-Invoice");

        State released = MismatchWatch.onRelease(raise.state(), 42);
        assertThat(MismatchWatch.evaluate(released, DownloadMode.WAIT_FOR_INVOICE, NOW, T)
                        .publish())
                .containsInstanceOf(AlertBook.Resolve.class);
    }

    @Test
    void aRecentAwaitingOrderIsNoMismatch() {
        State state = MismatchWatch.onSkip(State.EMPTY, 42, SkipReason.AWAITING_INVOICE, NOW.minusSeconds(60), NOW, T);
        assertThat(MismatchWatch.evaluate(state, DownloadMode.WAIT_FOR_INVOICE, NOW, T)
                        .publish())
                .isEmpty();
    }

    @Test
    void anAlertRaisedByAnEarlierVersionIsStillResolvedAndARollbackStillSeesTheRaisedFlag() throws Exception {
        State legacy = EventJson.mapper()
                .readValue("{\"alreadyInvoicedAt\":[],\"awaitingSince\":{},\"raised\":true}", State.class);
        assertThat(legacy.raised()).isTrue();
        assertThat(MismatchWatch.evaluate(legacy, DownloadMode.WAIT_FOR_INVOICE, NOW, T)
                        .publish())
                .containsInstanceOf(AlertBook.Resolve.class);

        State raised = MismatchWatch.evaluate(
                        MismatchWatch.onSkip(
                                State.EMPTY, 42, SkipReason.AWAITING_INVOICE, NOW.minus(Duration.ofDays(2)), NOW, T),
                        DownloadMode.WAIT_FOR_INVOICE,
                        NOW,
                        T)
                .state();
        String json = EventJson.mapper().writeValueAsString(raised);
        assertThat(EventJson.mapper().readTree(json).get("raised").asBoolean()).isTrue();
        assertThat(EventJson.mapper().readValue(json, State.class)).isEqualTo(raised);
    }
}
