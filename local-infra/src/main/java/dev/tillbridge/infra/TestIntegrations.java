package dev.tillbridge.infra;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoCredentials;
import java.time.Clock;
import java.util.UUID;

/**
 * Publishes integrations the way status-api's control plane does (sealed credentials, on the compacted
 * {@code integrations} topic), for tests of the services that read them.
 */
public final class TestIntegrations {

    /** Where the alerts of every integration published here are mailed. */
    public static final String NOTIFICATION_ADDRESS = TestIntegration.NOTIFICATION_ADDRESS;

    private final KafkaTestClient kafka;
    private final CredentialSealer sealer;

    public TestIntegrations(KafkaTestClient kafka, String credentialsKey) {
        this.kafka = kafka;
        this.sealer = CredentialSealer.fromBase64Key(credentialsKey);
    }

    /** A new integration (fresh id and account) for a Magento store reached with a Bearer token. */
    public IntegrationConfigured publish(
            String magentoBaseUrl, String token, DownloadMode mode, int syncIntervalSeconds) {
        String id = "int-" + UUID.randomUUID().toString().substring(0, 8);
        IntegrationConfigured config = TestIntegration.of(id, "acc-" + id)
                .name("Test store " + id)
                .posName("Test POS")
                .baseUrl(magentoBaseUrl)
                .sealedCredentials(sealer.seal(id, new MagentoCredentials.Bearer(token)))
                .storeIds()
                .downloadMode(mode)
                .syncIntervalSeconds(syncIntervalSeconds)
                .configured();
        publish(config);
        return config;
    }

    public void publish(IntegrationConfigured config) {
        kafka.sendEvent(
                Topics.INTEGRATIONS,
                config.integrationId(),
                EventEnvelope.of(config.accountId(), config.integrationId(), config, Clock.systemUTC()));
    }

    /** The same integration at its next revision, disabled: the services stop working for it. */
    public void disable(IntegrationConfigured config) {
        publish(config.toBuilder().enabled(false).nextRevision().build());
    }
}
