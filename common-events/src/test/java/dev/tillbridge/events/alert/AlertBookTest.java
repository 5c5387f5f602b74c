package dev.tillbridge.events.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.alert.AlertBook.Held;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertBookTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final List<AlertCode> OWN = List.of(AlertCode.SYNC_STALLED, AlertCode.PRODUCT_SYNC_LOOPING);

    @Test
    void aFirstSightingIsRaisedAndHeld() {
        var seen = AlertBook.seen(null, AlertCode.MAGENTO_UNREACHABLE, "down", NOW, Duration.ofMinutes(5));

        Held first = new Held(AlertCode.MAGENTO_UNREACHABLE, "down", NOW, NOW, 1, NOW);
        assertThat(seen.held()).isEqualTo(first);
        assertThat(seen.publish()).contains(new AlertBook.Raise(first));
        assertThat(seen.publish().orElseThrow().state()).isEqualTo(AlertState.RAISED);
    }

    @Test
    void aHeldAlertIsCountedEverySightingAndRefreshedOnlyOncePerRepeat() {
        Held first = Held.first(AlertCode.MAGENTO_UNREACHABLE, "down", NOW);
        Duration repeat = Duration.ofMinutes(5);

        var soon = AlertBook.seen(first, AlertCode.MAGENTO_UNREACHABLE, "still down", NOW.plusSeconds(60), repeat);
        assertThat(soon.publish()).isEmpty();
        assertThat(soon.held())
                .isEqualTo(new Held(AlertCode.MAGENTO_UNREACHABLE, "still down", NOW, NOW.plusSeconds(60), 2, NOW));

        Instant later = NOW.plus(repeat);
        var due = AlertBook.seen(soon.held(), AlertCode.MAGENTO_UNREACHABLE, "down again", later, repeat);
        Held refreshed = new Held(AlertCode.MAGENTO_UNREACHABLE, "down again", NOW, later, 3, later);
        assertThat(due.held()).isEqualTo(refreshed);
        assertThat(due.publish()).contains(new AlertBook.Refresh(refreshed));
    }

    @Test
    void aZeroRepeatPublishesEverySightingAndNoRepeatNoneAfterTheFirst() {
        Held first = Held.first(AlertCode.MAGENTO_UNREACHABLE, "down", NOW);

        assertThat(AlertBook.seen(first, AlertCode.MAGENTO_UNREACHABLE, "down", NOW, Duration.ZERO)
                        .publish())
                .containsInstanceOf(AlertBook.Refresh.class);
        var never = AlertBook.seen(first, AlertCode.MAGENTO_UNREACHABLE, "down", NOW.plus(Duration.ofDays(30)), null);
        assertThat(never.publish()).isEmpty();
        assertThat(never.held().occurrences()).isEqualTo(2);
    }

    @Test
    void aClearedAlertIsResolvedOnceAsItWasHeld() {
        Held held = new Held(AlertCode.PRODUCT_REJECTIONS, "m", NOW, NOW.plusSeconds(9), 4, NOW);

        assertThat(AlertBook.cleared(held)).contains(new AlertBook.Resolve(held));
        assertThat(AlertBook.cleared(held).orElseThrow().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(AlertBook.cleared(null)).isEmpty();
    }

    @Test
    void aNewFindingIsRaisedOnce() {
        assertThat(AlertBook.transitions(OWN, Map.of(AlertCode.SYNC_STALLED, "m"), Map.of(), NOW))
                .containsExactly(new AlertBook.Raise(Held.first(AlertCode.SYNC_STALLED, "m", NOW)));
        Held raised = Held.first(AlertCode.SYNC_STALLED, "m", NOW.minusSeconds(30));
        assertThat(AlertBook.transitions(
                        OWN, Map.of(AlertCode.SYNC_STALLED, "m"), Map.of(AlertCode.SYNC_STALLED, raised), NOW))
                .isEmpty();
    }

    @Test
    void aChangedMessageIsARefreshAndAClearedFindingIsResolved() {
        Instant before = NOW.minusSeconds(30);
        Held looping = Held.first(AlertCode.PRODUCT_SYNC_LOOPING, "2 times", before);
        Held stalled = Held.first(AlertCode.SYNC_STALLED, "x", before);

        assertThat(AlertBook.transitions(
                        OWN,
                        Map.of(AlertCode.PRODUCT_SYNC_LOOPING, "3 times"),
                        Map.of(AlertCode.PRODUCT_SYNC_LOOPING, looping, AlertCode.SYNC_STALLED, stalled),
                        NOW))
                .containsExactly(
                        new AlertBook.Resolve(stalled),
                        new AlertBook.Refresh(
                                new Held(AlertCode.PRODUCT_SYNC_LOOPING, "3 times", before, NOW, 2, NOW)));
    }

    @Test
    void alertsOfOtherServicesAreNotTouched() {
        Held theirs = Held.first(AlertCode.MAGENTO_UNREACHABLE, "m", NOW);

        assertThat(AlertBook.transitions(
                        OWN,
                        Map.of(AlertCode.MAGENTO_AUTH_FAILED, "m"),
                        Map.of(AlertCode.MAGENTO_UNREACHABLE, theirs),
                        NOW))
                .isEmpty();
    }
}
