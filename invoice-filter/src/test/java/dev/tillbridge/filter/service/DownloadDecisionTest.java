package dev.tillbridge.filter.service;

import static dev.tillbridge.filter.service.Orders.integration;
import static dev.tillbridge.filter.service.Orders.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.SkipReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownloadDecisionTest {

    /** Every Magento state × invoiced status × mode, with the outcome docs/architecture.md expects written out. */
    @ParameterizedTest(name = "{0} order, {1} invoiced, {2} → {3}")
    @CsvSource({
        // state,         invoiced, mode,             expected
        "new,             none,     AUTO_INVOICE,     DOWNLOAD",
        "new,             partly,   AUTO_INVOICE,     ALREADY_INVOICED",
        "new,             full,     AUTO_INVOICE,     ALREADY_INVOICED",
        "processing,      none,     AUTO_INVOICE,     DOWNLOAD",
        "processing,      partly,   AUTO_INVOICE,     ALREADY_INVOICED",
        "processing,      full,     AUTO_INVOICE,     ALREADY_INVOICED",
        "complete,        none,     AUTO_INVOICE,     ALREADY_INVOICED",
        "complete,        partly,   AUTO_INVOICE,     ALREADY_INVOICED",
        "complete,        full,     AUTO_INVOICE,     ALREADY_INVOICED",
        "pending_payment, none,     AUTO_INVOICE,     PAYMENT_PENDING",
        "pending_payment, partly,   AUTO_INVOICE,     PAYMENT_PENDING",
        "pending_payment, full,     AUTO_INVOICE,     PAYMENT_PENDING",
        "payment_review,  none,     AUTO_INVOICE,     PAYMENT_PENDING",
        "payment_review,  partly,   AUTO_INVOICE,     PAYMENT_PENDING",
        "payment_review,  full,     AUTO_INVOICE,     PAYMENT_PENDING",
        "holded,          none,     AUTO_INVOICE,     ON_HOLD",
        "holded,          partly,   AUTO_INVOICE,     ON_HOLD",
        "holded,          full,     AUTO_INVOICE,     ON_HOLD",
        "canceled,        none,     AUTO_INVOICE,     CANCELED",
        "canceled,        partly,   AUTO_INVOICE,     CANCELED",
        "canceled,        full,     AUTO_INVOICE,     CANCELED",
        "closed,          none,     AUTO_INVOICE,     CANCELED",
        "closed,          partly,   AUTO_INVOICE,     CANCELED",
        "closed,          full,     AUTO_INVOICE,     CANCELED",
        "new,             none,     WAIT_FOR_INVOICE, AWAITING_INVOICE",
        "new,             partly,   WAIT_FOR_INVOICE, AWAITING_INVOICE",
        "new,             full,     WAIT_FOR_INVOICE, DOWNLOAD",
        "processing,      none,     WAIT_FOR_INVOICE, AWAITING_INVOICE",
        "processing,      partly,   WAIT_FOR_INVOICE, AWAITING_INVOICE",
        "processing,      full,     WAIT_FOR_INVOICE, DOWNLOAD",
        "processing,      almost,   WAIT_FOR_INVOICE, DOWNLOAD",
        "complete,        none,     WAIT_FOR_INVOICE, AWAITING_INVOICE",
        "complete,        partly,   WAIT_FOR_INVOICE, AWAITING_INVOICE",
        "complete,        full,     WAIT_FOR_INVOICE, DOWNLOAD",
        "pending_payment, none,     WAIT_FOR_INVOICE, PAYMENT_PENDING",
        "pending_payment, partly,   WAIT_FOR_INVOICE, PAYMENT_PENDING",
        "pending_payment, full,     WAIT_FOR_INVOICE, PAYMENT_PENDING",
        "payment_review,  none,     WAIT_FOR_INVOICE, PAYMENT_PENDING",
        "payment_review,  partly,   WAIT_FOR_INVOICE, PAYMENT_PENDING",
        "payment_review,  full,     WAIT_FOR_INVOICE, PAYMENT_PENDING",
        "holded,          none,     WAIT_FOR_INVOICE, ON_HOLD",
        "holded,          partly,   WAIT_FOR_INVOICE, ON_HOLD",
        "holded,          full,     WAIT_FOR_INVOICE, ON_HOLD",
        "canceled,        none,     WAIT_FOR_INVOICE, CANCELED",
        "canceled,        partly,   WAIT_FOR_INVOICE, CANCELED",
        "canceled,        full,     WAIT_FOR_INVOICE, CANCELED",
        "closed,          none,     WAIT_FOR_INVOICE, CANCELED",
        "closed,          partly,   WAIT_FOR_INVOICE, CANCELED",
        "closed,          full,     WAIT_FOR_INVOICE, CANCELED",
    })
    void everyStateInvoicedStatusAndMode(String state, String invoiced, DownloadMode mode, String expected) {
        Decision decision = DownloadDecision.decide(order(7, state, invoiced), integration(mode));

        if (expected.equals("DOWNLOAD")) {
            assertThat(decision).isEqualTo(Decision.DOWNLOAD);
        } else {
            assertThat(decision).isEqualTo(new Decision.Skip(SkipReason.valueOf(expected)));
        }
    }

    @Test
    void anOrderOfAnUnmappedStoreIsSkippedWhateverItsState() {
        var integration = integration(DownloadMode.AUTO_INVOICE, List.of(1, 2), null);
        assertThat(DownloadDecision.decide(order(1, "new", "none", 3, Orders.CREATED, Orders.CREATED), integration))
                .isEqualTo(new Decision.Skip(SkipReason.STORE_NOT_MAPPED));
        assertThat(DownloadDecision.decide(order(1, "new", "none", 2, Orders.CREATED, Orders.CREATED), integration))
                .isEqualTo(Decision.DOWNLOAD);
    }

    @Test
    void noStoreIdsMeansEveryStoreIsMapped() {
        var integration = integration(DownloadMode.AUTO_INVOICE, List.of(), null);
        assertThat(DownloadDecision.decide(order(1, "new", "none", 9, Orders.CREATED, Orders.CREATED), integration))
                .isEqualTo(Decision.DOWNLOAD);
    }

    @Test
    void anOrderCreatedBeforeTheStartDateIsSkipped() {
        Instant start = Instant.parse("2026-11-21T00:00:00Z");
        var integration = integration(DownloadMode.AUTO_INVOICE, List.of(1), start);
        assertThat(DownloadDecision.decide(order(1, "new", "none", 1, start.minusSeconds(1), start), integration))
                .isEqualTo(new Decision.Skip(SkipReason.BEFORE_START_DATE));
        assertThat(DownloadDecision.decide(order(1, "new", "none", 1, start, start), integration))
                .isEqualTo(Decision.DOWNLOAD);
    }

    @Test
    void finalAndNotFinalReasonsFollowTheDesign() {
        assertThat(SkipReason.ALREADY_INVOICED.isFinal()).isTrue();
        assertThat(SkipReason.CANCELED.isFinal()).isTrue();
        assertThat(SkipReason.BEFORE_START_DATE.isFinal()).isTrue();
        assertThat(SkipReason.STORE_NOT_MAPPED.isFinal()).isTrue();
        assertThat(SkipReason.AWAITING_INVOICE.isFinal()).isFalse();
        assertThat(SkipReason.ON_HOLD.isFinal()).isFalse();
        assertThat(SkipReason.PAYMENT_PENDING.isFinal()).isFalse();
    }
}
