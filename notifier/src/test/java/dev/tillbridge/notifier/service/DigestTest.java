package dev.tillbridge.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.AlertState;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.notifier.store.StoredAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final Instant DUE = Instant.parse("2025-03-01T10:00:05Z");
    private static final AccountContact CONTACT = new AccountContact(
            "acc-1",
            List.of("ops@example.test"),
            Map.of("int-1", "North Store", "int-2", "South\r\nBcc: x@evil.test"),
            Optional.empty());

    private static StoredAlert alert(String integrationId, AlertCode code, AlertState state) {
        return new StoredAlert(
                integrationId,
                code,
                "acc-1",
                state,
                LogService.MAGENTO,
                "message",
                null,
                DUE,
                DUE,
                1,
                DUE,
                DUE,
                null,
                DUE,
                state == AlertState.RESOLVED,
                null,
                null,
                null,
                0);
    }

    @Test
    void oneOpenAlertNamesItsTitleAndIntegration() {
        Digest digest = new Digest("acc-1", List.of(alert("int-1", AlertCode.MAGENTO_AUTH_FAILED, AlertState.RAISED)));
        assertThat(digest.subject("Tillbridge", CONTACT))
                .isEqualTo("[Tillbridge] Alert: Magento auth failed on North Store");
        assertThat(digest.kind()).isEqualTo(NotificationSent.Kind.ALERT);
    }

    @Test
    void severalAlertsAreCountedAndTheirIntegrationsListedOnOneCleanLine() {
        Digest digest = new Digest(
                "acc-1",
                List.of(
                        alert("int-2", AlertCode.SYNC_STALLED, AlertState.RAISED),
                        alert("int-1", AlertCode.MAGENTO_ERROR, AlertState.RAISED),
                        alert("int-1", AlertCode.PRODUCT_REJECTIONS, AlertState.RESOLVED)));
        assertThat(digest.subject("Tillbridge", CONTACT))
                .isEqualTo("[Tillbridge] 2 open alerts on North Store, South Bcc: x@evil.test; 1 resolved");
        assertThat(digest.kind()).isEqualTo(NotificationSent.Kind.ALERT);
        assertThat(digest.codes())
                .containsExactly(AlertCode.MAGENTO_ERROR, AlertCode.PRODUCT_REJECTIONS, AlertCode.SYNC_STALLED);
        assertThat(digest.integrationIds()).containsExactly("int-1", "int-2");
    }

    @Test
    void onlyResolutionsMakeAResolvedMail() {
        Digest digest = new Digest("acc-1", List.of(alert("int-1", AlertCode.MAGENTO_ERROR, AlertState.RESOLVED)));
        assertThat(digest.kind()).isEqualTo(NotificationSent.Kind.RESOLVED);
        assertThat(digest.subject("Tillbridge", CONTACT))
                .isEqualTo("[Tillbridge] Resolved: Magento error on North Store");
    }

    @Test
    void theSameDueAlertsGiveTheSameMessageIdAndTheNextDueTimeANewOne() {
        StoredAlert a = alert("int-1", AlertCode.MAGENTO_ERROR, AlertState.RAISED);
        String first = new Digest("acc-1", List.of(a)).messageId("notifier.test");
        assertThat(new Digest("acc-1", List.of(a)).messageId("notifier.test")).isEqualTo(first);
        assertThat(first).matches("<[0-9a-f]{32}@notifier\\.test>");
        StoredAlert later = new AlertThrottle(Duration.ZERO).afterMailed(a, DUE, first, Duration.ofMinutes(10));
        assertThat(new Digest("acc-1", List.of(later)).messageId("notifier.test"))
                .isNotEqualTo(first);
    }
}
