package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.NotificationSent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationLinesTest {

    @Test
    void anEmailIsListedUnderTheServiceItsAlertNamed() {
        assertThat(NotificationLines.servicesOf(
                        List.of(AlertCode.PRODUCT_REJECTIONS), code -> Optional.of(LogService.POS)))
                .containsExactly(LogService.POS);
        assertThat(NotificationLines.servicesOf(List.of(AlertCode.MAGENTO_ERROR), code -> Optional.empty()))
                .containsExactly(LogService.MAGENTO);
        assertThat(NotificationLines.servicesOf(List.of(), code -> Optional.empty()))
                .containsExactly(LogService.TILLBRIDGE);
    }

    @Test
    void theLineSaysWhoGotWhat() {
        NotificationSent sent = new NotificationSent(
                "acc",
                List.of("i"),
                List.of("a@example.test", "b@example.test"),
                "Resolved: Magento is reachable again",
                List.of(AlertCode.MAGENTO_UNREACHABLE),
                NotificationSent.Kind.RESOLVED,
                Instant.EPOCH,
                null);
        assertThat(NotificationLines.message(sent))
                .isEqualTo(
                        "Resolved notice sent to a@example.test, b@example.test: Resolved: Magento is reachable again");
        assertThat(NotificationLines.reference(sent)).isEqualTo("MAGENTO_UNREACHABLE");
    }
}
