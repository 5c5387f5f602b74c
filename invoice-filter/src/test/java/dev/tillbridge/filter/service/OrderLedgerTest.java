package dev.tillbridge.filter.service;

import static dev.tillbridge.filter.service.Orders.integration;
import static dev.tillbridge.filter.service.Orders.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.service.OrderLedger.Effect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderLedgerTest {

    private static final Instant T0 = Orders.CREATED;

    private static OrderSnapshot version(String state, String invoiced, int secondsLater) {
        return order(5, state, invoiced, 1, T0, T0.plusSeconds(secondsLater));
    }

    @Test
    void anOrderIsReleasedOnceAndOurOwnInvoiceDoesNotReleaseItAgain() {
        var auto = integration(DownloadMode.AUTO_INVOICE);
        var first = OrderLedger.observe(null, version("new", "none", 1), auto);
        assertThat(first.effect()).containsInstanceOf(Effect.Release.class);

        var repeat = OrderLedger.observe(first.next(), version("new", "none", 1), auto);
        var afterOurInvoice = OrderLedger.observe(repeat.next(), version("processing", "full", 2), auto);

        assertThat(repeat.effect()).isEmpty();
        assertThat(afterOurInvoice.effect()).isEmpty();
        assertThat(afterOurInvoice.next().released()).isTrue();
        assertThat(afterOurInvoice.next().latest().state()).isEqualTo("processing");
    }

    @Test
    void awaitingInvoiceIsPublishedOnceThenTheOrderDownloadsWhenInvoiced() {
        var wait = integration(DownloadMode.WAIT_FOR_INVOICE);
        var first = OrderLedger.observe(null, version("new", "none", 1), wait);
        var touched = OrderLedger.observe(first.next(), version("new", "none", 5), wait);
        var invoiced = OrderLedger.observe(touched.next(), version("processing", "full", 9), wait);

        assertThat(first.effect()).containsInstanceOf(Effect.RecordSkip.class);
        assertThat(touched.effect())
                .as("unchanged reason is not published again")
                .isEmpty();
        assertThat(invoiced.effect()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(Effect.Release.class));
    }

    @Test
    void aChangedReasonIsPublishedAgain() {
        var wait = integration(DownloadMode.WAIT_FOR_INVOICE);
        var held = OrderLedger.observe(null, version("holded", "none", 1), wait);
        var released = OrderLedger.observe(held.next(), version("new", "none", 2), wait);

        assertThat(released.effect())
                .hasValueSatisfying(
                        e -> assertThat(((Effect.RecordSkip) e).reason()).isEqualTo(SkipReason.AWAITING_INVOICE));
    }

    @Test
    void aFinalSkipStaysEvenWhenTheOrderChanges() {
        var auto = integration(DownloadMode.AUTO_INVOICE);
        var skipped = OrderLedger.observe(null, version("processing", "full", 1), auto);
        var later = OrderLedger.observe(skipped.next(), version("processing", "full", 30), auto);

        assertThat(skipped.effect())
                .hasValueSatisfying(
                        e -> assertThat(((Effect.RecordSkip) e).reason()).isEqualTo(SkipReason.ALREADY_INVOICED));
        assertThat(later.effect()).isEmpty();
        assertThat(later.next().released()).isFalse();
    }

    @Test
    void aStaleVersionArrivingLateChangesNothing() {
        var wait = integration(DownloadMode.WAIT_FOR_INVOICE);
        var invoiced = OrderLedger.observe(null, version("processing", "full", 9), wait);
        var stale = OrderLedger.observe(invoiced.next(), version("new", "none", 1), wait);

        assertThat(stale.effect()).isEmpty();
        assertThat(stale.next()).isEqualTo(invoiced.next());
    }

    @Test
    void aRedownloadReleasesTheNewestSnapshotAgainAndNeedsOne() {
        var auto = integration(DownloadMode.AUTO_INVOICE);
        var released = OrderLedger.observe(null, version("new", "none", 1), auto);

        assertThat(OrderLedger.redownload(released.next(), UUID.randomUUID()))
                .hasValueSatisfying(step ->
                        assertThat(step.effect()).hasValue(new Effect.Release(version("new", "none", 1), true, null)));
        assertThat(OrderLedger.redownload(null, UUID.randomUUID())).isEmpty();
    }

    @Test
    void aRedownloadRequestDeliveredAgainReleasesNothingButAnotherRequestDoes() {
        var auto = integration(DownloadMode.AUTO_INVOICE);
        var released = OrderLedger.observe(null, version("new", "none", 1), auto);
        UUID request = UUID.randomUUID();
        var first = OrderLedger.redownload(released.next(), request).orElseThrow();
        var newerVersion = OrderLedger.observe(first.next(), version("processing", "full", 2), auto);
        var repeat = OrderLedger.redownload(newerVersion.next(), request).orElseThrow();
        var another = OrderLedger.redownload(repeat.next(), UUID.randomUUID()).orElseThrow();

        assertThat(first.effect()).containsInstanceOf(Effect.Release.class);
        assertThat(repeat.effect())
                .as("the same request again, after another observation")
                .isEmpty();
        assertThat(repeat.changes(newerVersion.next())).isFalse();
        assertThat(another.effect()).containsInstanceOf(Effect.Release.class);
    }

    @Test
    void onlyTheNewestRedownloadRequestsAreRemembered() {
        var auto = integration(DownloadMode.AUTO_INVOICE);
        OrderRecord order =
                OrderLedger.observe(null, version("new", "none", 1), auto).next();
        List<UUID> requests = new ArrayList<>();
        for (int i = 0; i < OrderRecord.REMEMBERED_REDOWNLOADS + 5; i++) {
            requests.add(UUID.randomUUID());
            order = OrderLedger.redownload(order, requests.get(i)).orElseThrow().next();
        }
        assertThat(order.redownloads())
                .hasSize(OrderRecord.REMEMBERED_REDOWNLOADS)
                .containsExactlyElementsOf(requests.subList(5, requests.size()));
    }

    @Test
    void theSameSecondInvoiceIsDecidedAgain() {
        // updated_at has whole seconds: an invoice landing in the same second must still be seen.
        var wait = integration(DownloadMode.WAIT_FOR_INVOICE);
        var unpaid = OrderLedger.observe(null, version("new", "none", 3), wait);
        var invoicedSameSecond = OrderLedger.observe(unpaid.next(), version("processing", "full", 3), wait);

        assertThat(invoicedSameSecond.effect()).containsInstanceOf(Effect.Release.class);
        assertThat(List.of(unpaid.effect().orElseThrow())).hasOnlyElementsOfType(Effect.RecordSkip.class);
    }

    @Test
    void onlyAReleaseThatEndsASkipConcernsTheMismatchWatch() {
        var wait = integration(DownloadMode.WAIT_FOR_INVOICE);
        var straightAway = OrderLedger.observe(null, version("processing", "full", 1), wait);
        var awaiting = OrderLedger.observe(null, version("new", "none", 1), wait);
        var afterWaiting = OrderLedger.observe(awaiting.next(), version("processing", "full", 2), wait);

        assertThat(straightAway.effect())
                .hasValueSatisfying(
                        e -> assertThat(((Effect.Release) e).endsASkip()).isFalse());
        assertThat(afterWaiting.effect()).hasValueSatisfying(e -> {
            assertThat(((Effect.Release) e).endsASkip()).isTrue();
            assertThat(((Effect.Release) e).priorSkip()).isEqualTo(SkipReason.AWAITING_INVOICE);
        });
        assertThat(OrderLedger.redownload(afterWaiting.next(), UUID.randomUUID()))
                .hasValueSatisfying(
                        step -> assertThat(((Effect.Release) step.effect().orElseThrow()).endsASkip())
                                .isTrue());
    }

    @Test
    void aRepeatChangesNothingToRememberButANewerVersionDoes() {
        var auto = integration(DownloadMode.AUTO_INVOICE);
        var first = OrderLedger.observe(null, version("new", "none", 1), auto);
        var repeat = OrderLedger.observe(first.next(), version("new", "none", 1), auto);
        var newer = OrderLedger.observe(repeat.next(), version("processing", "full", 2), auto);
        var stale = OrderLedger.observe(newer.next(), version("new", "none", 1), auto);

        assertThat(first.changes(null)).isTrue();
        assertThat(repeat.changes(first.next())).isFalse();
        assertThat(newer.changes(repeat.next())).isTrue();
        assertThat(stale.changes(newer.next())).isFalse();
    }

    @Test
    void aFirstSightingOfAnOrderOlderThanAForgottenOneIsSkippedForGoodButCanBeRedownloaded() {
        var wait = integration(DownloadMode.WAIT_FOR_INVOICE);
        Instant mark = T0; // an order created at T0 was forgotten in this partition
        var back = OrderLedger.observe(null, version("processing", "full", 100), wait, mark);
        var onHoldThenReleased = OrderLedger.observe(
                OrderLedger.observe(back.next(), version("holded", "full", 200), wait, mark)
                        .next(),
                version("processing", "full", 300),
                wait,
                mark);

        assertThat(back.effect())
                .hasValue(new Effect.RecordSkip(SkipReason.PAST_RETENTION, version("processing", "full", 100)));
        assertThat(SkipReason.PAST_RETENTION.isFinal()).isTrue();
        assertThat(onHoldThenReleased.effect())
                .as("no version of it releases it again on its own")
                .isEmpty();
        assertThat(onHoldThenReleased.next().released()).isFalse();
        assertThat(OrderLedger.redownload(onHoldThenReleased.next(), UUID.randomUUID()))
                .hasValueSatisfying(step -> assertThat(step.effect()).containsInstanceOf(Effect.Release.class));
    }

    @Test
    void anOrderCreatedAfterTheMarkOrAlreadyRememberedIsDecidedAsUsual() {
        var wait = integration(DownloadMode.WAIT_FOR_INVOICE);
        var newer = order(6, "processing", "full", 1, T0.plusSeconds(1), T0.plusSeconds(2));
        var remembered = OrderLedger.observe(null, version("new", "none", 1), wait);

        assertThat(OrderLedger.observe(null, newer, wait, T0).effect()).containsInstanceOf(Effect.Release.class);
        assertThat(OrderLedger.observe(remembered.next(), version("processing", "full", 9), wait, T0)
                        .effect())
                .containsInstanceOf(Effect.Release.class);
    }

    @Test
    void whenARecordWasWrittenIsNotAChange() {
        var auto = integration(DownloadMode.AUTO_INVOICE);
        var first = OrderLedger.observe(null, version("new", "none", 1), auto);
        var stamped = first.next().changedAt(T0.plusSeconds(5));

        assertThat(OrderLedger.observe(stamped, version("new", "none", 1), auto).changes(stamped))
                .isFalse();
    }
}
