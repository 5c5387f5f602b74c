package dev.tillbridge.infra;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Publishes the local stack's demo account: one integration between the simulator's {@code demo} store
 * and the POS stand-in, in Auto-Invoice mode, syncing every 15 s. Re-running it changes nothing (same
 * id and revision).
 *
 * <p>Arguments: bootstrap servers, simulator base URL, base64 credentials key.
 */
public final class DemoSeeder {

    public static final String DEMO_INTEGRATION = "demo-store";
    public static final String DEMO_ACCOUNT = "demo-account";

    private DemoSeeder() {}

    public static void main(String[] args) {
        String bootstrap = args[0];
        String magentoBaseUrl = args[1];
        CredentialSealer sealer = CredentialSealer.fromBase64Key(args[2]);
        String sealed = sealer.seal(DEMO_INTEGRATION, new MagentoCredentials.Bearer("demo-token"));
        IntegrationConfigured config = IntegrationConfigured.builder(DEMO_INTEGRATION, DEMO_ACCOUNT)
                .name("Demo Magento store")
                .posName("Demo POS")
                .magento(magentoBaseUrl, "default", sealed)
                .storeIds(List.of(1))
                .downloadMode(DownloadMode.AUTO_INVOICE)
                .syncIntervalSeconds(15)
                .startDate(Instant.parse("2020-01-01T00:00:00Z"))
                .notificationEmails(List.of("owner@demo.test"))
                .build();
        LocalKafka.ensureTopics(bootstrap);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.sendEvent(
                    Topics.INTEGRATIONS,
                    DEMO_INTEGRATION,
                    EventEnvelope.withStableId(
                            DEMO_INTEGRATION + "@1", DEMO_ACCOUNT, DEMO_INTEGRATION, config, Clock.systemUTC()));
        }
        System.out.println("demo: integration " + DEMO_INTEGRATION + " of account " + DEMO_ACCOUNT + " published");
    }
}
