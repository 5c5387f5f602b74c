package dev.tillbridge.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.LogService;
import dev.tillbridge.notifier.store.StoredAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertThrottleTest {

    private static final Duration GATHER = Duration.ofSeconds(5);
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final AlertThrottle throttle = new AlertThrottle(GATHER);

    private static AlertChanged raised(int occurrences, String message) {
        return new AlertChanged(
                "int-1",
                AlertCode.MAGENTO_UNREACHABLE,
                AlertState.RAISED,
                LogService.MAGENTO,
                message,
                null,
                T0.minusSeconds(60),
                T0,
                occurrences,
                "poller");
    }

    private static AlertChanged resolved() {
        return new AlertChanged(
                "int-1",
                AlertCode.MAGENTO_UNREACHABLE,
                AlertState.RESOLVED,
                LogService.MAGENTO,
                "ok again",
                null,
                null,
                T0,
                0,
                "poller");
    }

    private StoredAlert apply(StoredAlert current, AlertChanged alert, Instant at) {
        AlertThrottle.Outcome outcome =
                throttle.onAlert(Optional.ofNullable(current), alert, "acc-1", at, at, INTERVAL);
        assertThat(outcome).isInstanceOf(AlertThrottle.Outcome.Store.class);
        return ((AlertThrottle.Outcome.Store) outcome).alert();
    }

    @Test
    void aNewAlertIsDueAtTheEndOfTheGatherWindow() {
        StoredAlert alert = apply(null, raised(1, "503"), T0);
        assertThat(alert.nextDueAt()).isEqualTo(T0.plus(GATHER));
        assertThat(alert.resolvedPending()).isFalse();
        assertThat(alert.isDue(T0.plus(GATHER).minusMillis(1))).isFalse();
        assertThat(alert.isDue(T0.plus(GATHER))).isTrue();
    }

    @Test
    void aRaisedAlertIsDueAgainOneIntervalAfterEachMail() {
        StoredAlert alert = apply(null, raised(1, "503"), T0);
        Instant sent = T0.plus(GATHER);
        StoredAlert mailed = throttle.afterMailed(alert, sent, "<m1@x>", INTERVAL);
        assertThat(mailed.nextDueAt()).isEqualTo(sent.plus(INTERVAL));
        assertThat(mailed.lastAlertMailedAt()).isEqualTo(sent);
        assertThat(mailed.mailsSent()).isEqualTo(1);
        assertThat(mailed.lastMessageId()).isEqualTo("<m1@x>");
    }

    @Test
    void newOccurrencesUpdateTheDetailsButDoNotMoveTheNextMail() {
        StoredAlert mailed = throttle.afterMailed(apply(null, raised(1, "503"), T0), T0, "<m1@x>", INTERVAL);
        StoredAlert again = apply(mailed, raised(5, "504"), T0.plusSeconds(120));
        assertThat(again.nextDueAt()).isEqualTo(T0.plus(INTERVAL));
        assertThat(again.occurrences()).isEqualTo(5);
        assertThat(again.message()).isEqualTo("504");
        assertThat(again.mailsSent()).isEqualTo(1);
    }

    @Test
    void aResolveMakesOneResolvedMailDueAndNothingAfterIt() {
        StoredAlert mailed = throttle.afterMailed(apply(null, raised(1, "503"), T0), T0, "<m1@x>", INTERVAL);
        StoredAlert resolved = apply(mailed, resolved(), T0.plusSeconds(300));
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.resolvedPending()).isTrue();
        assertThat(resolved.nextDueAt()).isEqualTo(T0.plusSeconds(300).plus(GATHER));

        StoredAlert told = throttle.afterMailed(resolved, T0.plusSeconds(305), "<m2@x>", INTERVAL);
        assertThat(told.nextDueAt()).isNull();
        assertThat(told.resolvedPending()).isFalse();
        assertThat(told.lastAlertMailedAt())
                .as("a resolved mail is not an alert mail")
                .isEqualTo(T0);
    }

    @Test
    void anAlertResolvedBeforeItsFirstMailStillGetsTheResolvedMail() {
        StoredAlert alert = apply(null, raised(1, "503"), T0);
        StoredAlert resolved = apply(alert, resolved(), T0.plusSeconds(2));
        assertThat(resolved.resolvedPending()).isTrue();
        assertThat(resolved.nextDueAt()).isEqualTo(T0.plusSeconds(2).plus(GATHER));
    }

    @Test
    void aResolveOfAnAlertNeverSeenRaisedMailsNothing() {
        StoredAlert alert = apply(null, resolved(), T0);
        assertThat(alert.nextDueAt()).isNull();
        assertThat(alert.resolvedPending()).isFalse();
    }

    @Test
    void aRepeatedResolveChangesNoSchedule() {
        StoredAlert mailed = throttle.afterMailed(apply(null, raised(1, "503"), T0), T0, "<m1@x>", INTERVAL);
        StoredAlert resolved = apply(mailed, resolved(), T0.plusSeconds(60));
        StoredAlert told = throttle.afterMailed(resolved, T0.plusSeconds(65), "<m2@x>", INTERVAL);
        StoredAlert again = apply(told, resolved(), T0.plusSeconds(70));
        assertThat(again.nextDueAt()).isNull();
        assertThat(again.resolvedPending()).isFalse();
    }

    @Test
    void aFlappingAlertIsNotMailedAgainInsideItsInterval() {
        StoredAlert mailed = throttle.afterMailed(apply(null, raised(1, "503"), T0), T0, "<m1@x>", INTERVAL);
        StoredAlert resolved = apply(mailed, resolved(), T0.plusSeconds(60));
        StoredAlert told = throttle.afterMailed(resolved, T0.plusSeconds(65), "<m2@x>", INTERVAL);
        StoredAlert back = apply(told, raised(1, "503 again"), T0.plusSeconds(120));
        assertThat(back.state()).isEqualTo(AlertState.RAISED);
        assertThat(back.nextDueAt()).isEqualTo(T0.plus(INTERVAL));
    }

    @Test
    void anAlertRaisedAgainAfterItsIntervalIsMailedAtOnce() {
        StoredAlert mailed = throttle.afterMailed(apply(null, raised(1, "503"), T0), T0, "<m1@x>", INTERVAL);
        StoredAlert resolved = apply(mailed, resolved(), T0.plusSeconds(60));
        StoredAlert told = throttle.afterMailed(resolved, T0.plusSeconds(65), "<m2@x>", INTERVAL);
        Instant later = T0.plus(Duration.ofHours(1));
        StoredAlert back = apply(told, raised(1, "503 again"), later);
        assertThat(back.nextDueAt()).isEqualTo(later.plus(GATHER));
    }

    @Test
    void aRaiseBeforeThePendingResolvedMailCancelsIt() {
        StoredAlert mailed = throttle.afterMailed(apply(null, raised(1, "503"), T0), T0, "<m1@x>", INTERVAL);
        StoredAlert resolved = apply(mailed, resolved(), T0.plusSeconds(60));
        StoredAlert back = apply(resolved, raised(2, "503"), T0.plusSeconds(61));
        assertThat(back.resolvedPending()).isFalse();
        assertThat(back.state()).isEqualTo(AlertState.RAISED);
        assertThat(back.nextDueAt()).isEqualTo(T0.plus(INTERVAL));
    }

    @Test
    void aRecordOlderThanTheOneAppliedLastIsIgnored() {
        StoredAlert resolved = apply(apply(null, raised(1, "503"), T0), resolved(), T0.plusSeconds(60));
        AlertThrottle.Outcome outcome = throttle.onAlert(
                Optional.of(resolved), raised(1, "503"), "acc-1", T0.plusSeconds(30), T0.plusSeconds(90), INTERVAL);
        assertThat(outcome).isInstanceOf(AlertThrottle.Outcome.Ignore.class);
    }
}
