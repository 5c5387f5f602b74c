package dev.tillbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillbridge.events.json.EventJson;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationConfiguredTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T08:00:00Z"), ZoneOffset.UTC);

    private static IntegrationConfigured.Builder minimal() {
        return IntegrationConfigured.builder("int-1", "acc-1")
                .magento("https://shop.example.test", null, "v1:x")
                .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
                .syncIntervalSeconds(60);
    }

    @Test
    void aNewIntegrationIsEnabledAtRevisionOneWithNoStoresAndNoEmails() {
        IntegrationConfigured config = minimal().build();

        assertThat(config.enabled()).isTrue();
        assertThat(config.revision()).isEqualTo(1);
        assertThat(config.storeIds()).isEmpty();
        assertThat(config.notificationEmails()).isEmpty();
        assertThat(config.magento().storeCode()).isEqualTo("default");
    }

    @Test
    void toBuilderKeepsEveryFieldSoTheNextRevisionChangesOnlyWhatItSets() {
        IntegrationConfigured config = (IntegrationConfigured) SampleEvents.all().stream()
                .filter(IntegrationConfigured.class::isInstance)
                .findFirst()
                .orElseThrow();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        IntegrationConfigured disabled =
                config.toBuilder().enabled(false).nextRevision().build();
        assertThat(disabled)
                .usingRecursiveComparison()
                .ignoringFields("enabled", "revision")
                .isEqualTo(config);
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.revision()).isEqualTo(config.revision() + 1);
    }

    @Test
    void theBuilderChecksWhatTheConstructorChecks() {
        assertThatThrownBy(() -> minimal().syncIntervalSeconds(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncIntervalSeconds");
        assertThatThrownBy(() -> minimal().magento(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("magento");
    }

    @Test
    void theJsonShapeIsTheRecordsComponentsOnly() throws Exception {
        var envelope = EventEnvelope.of("acc-1", "int-1", minimal().build(), CLOCK);

        var payload = EventJson.mapper().readTree(EventJson.encode(envelope)).get("payload");

        List<String> names = new ArrayList<>();
        payload.fieldNames().forEachRemaining(names::add);
        List<String> components = Arrays.stream(IntegrationConfigured.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        assertThat(components).containsAll(names);
        assertThat(names).contains("integrationId", "magento", "enabled", "revision");
    }
}
