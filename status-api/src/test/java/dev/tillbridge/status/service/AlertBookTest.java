package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertBookTest {

    @Test
    void aNewFindingIsRaisedOnce() {
        assertThat(AlertBook.transitions(Map.of(AlertCode.SYNC_STALLED, "m"), Map.of()))
                .containsExactly(new AlertBook.Raise(AlertCode.SYNC_STALLED, "m"));
        assertThat(AlertBook.transitions(Map.of(AlertCode.SYNC_STALLED, "m"), Map.of(AlertCode.SYNC_STALLED, "m")))
                .isEmpty();
    }

    @Test
    void aChangedMessageIsAnUpdateAndAClearedFindingIsResolved() {
        assertThat(AlertBook.transitions(
                        Map.of(AlertCode.PRODUCT_SYNC_LOOPING, "3 times"),
                        Map.of(AlertCode.PRODUCT_SYNC_LOOPING, "2 times", AlertCode.SYNC_STALLED, "x")))
                .containsExactly(
                        new AlertBook.Resolve(AlertCode.SYNC_STALLED),
                        new AlertBook.Update(AlertCode.PRODUCT_SYNC_LOOPING, "3 times"));
    }

    @Test
    void alertsOfOtherServicesAreNotTouched() {
        assertThat(AlertBook.transitions(Map.of(AlertCode.MAGENTO_AUTH_FAILED, "m"), Map.of()))
                .isEmpty();
    }
}
