package dev.tillbridge.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.infra.TestIntegration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An account's addresses and interval from its integrations, and the settings link every mail carries. */
class AccountSettingsTest {

    private static IntegrationConfigured integration(String id, List<String> emails, Integer intervalMinutes) {
        return TestIntegration.of(id, "acc-1")
                .posName("POS")
                .baseUrl("https://m.test")
                .notificationEmails(emails)
                .alertIntervalMinutes(intervalMinutes)
                .configured();
    }

    @Test
    void theShortestIntervalAnyIntegrationAsksForWinsOverTheDefault() {
        AccountContact contact = DirectoryContacts.from(
                "acc-1",
                List.of(
                        integration("a", List.of("ops@example.test"), 30),
                        integration("b", List.of("ops@example.test", "boss@example.test"), 5),
                        integration("c", List.of(), null)));
        assertThat(contact.interval(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(5));
        assertThat(contact.addresses()).containsExactly("ops@example.test", "boss@example.test");
        assertThat(contact.nameOf("b")).isEqualTo("Store b");
        assertThat(contact.nameOf("unknown")).isEqualTo("unknown");
    }

    @Test
    void withoutAnOverrideTheDefaultIntervalApplies() {
        AccountContact contact = DirectoryContacts.from("acc-1", List.of(integration("a", List.of(), 0)));
        assertThat(contact.interval(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theSettingsLinkCarriesTheAccountIdEncoded() {
        DispatchSettings settings = new DispatchSettings(
                Duration.ofMinutes(10),
                10,
                "https://app.test/settings",
                "notifier.test",
                "Tillbridge",
                new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(settings.settingsLink("acc 1\r\n>x")).isEqualTo("https://app.test/settings?account=acc+1%0D%0A%3Ex");
    }

    @Test
    void aSettingsUrlThatIsNotAnAbsoluteHttpUrlIsRefused() {
        for (String bad : List.of("javascript:alert(1)", "/settings", "https://app.test/a\r\nBcc: x@evil.test")) {
            assertThatThrownBy(() -> new DispatchSettings(
                            Duration.ofMinutes(10),
                            10,
                            bad,
                            "notifier.test",
                            "T",
                            new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2))))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
