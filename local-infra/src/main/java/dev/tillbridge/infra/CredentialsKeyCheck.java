package dev.tillbridge.infra;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.magento.CredentialSealer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Before {@code bin/tillbridge up} starts any service: can the run folder's credentials key open the Magento
 * credentials of every integration on its broker? If not, every cycle of those integrations would fail with
 * "Cannot open the credentials", so the stack is refused with a clear message instead of running half-broken.
 *
 * <p>Arguments: bootstrap servers, path of the base64 key file. Exit 0 when every integration's credentials
 * open (or there are none), 1 otherwise. Prints integration ids only, never a sealed or opened value.
 */
public final class CredentialsKeyCheck {

    private CredentialsKeyCheck() {}

    public static void main(String[] args) throws IOException {
        String bootstrap = args[0];
        CredentialSealer sealer = CredentialSealer.fromBase64Key(Files.readString(Path.of(args[1])));
        LocalKafka.ensureTopics(bootstrap);
        List<String> unopenable = unopenable(bootstrap, sealer);
        if (!unopenable.isEmpty()) {
            System.err.printf(
                    "The credentials of %d integration(s) on this run folder's broker were sealed with another"
                            + " key than %s: %s%n",
                    unopenable.size(), args[1], String.join(", ", unopenable));
            System.exit(1);
        }
    }

    /** The live integrations (latest record per key, tombstones dropped) whose credentials the key cannot open. */
    static List<String> unopenable(String bootstrap, CredentialSealer sealer) {
        Map<String, String> latest = new LinkedHashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (ConsumerRecord<String, String> record : kafka.readAll(Topics.INTEGRATIONS, r -> true)) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), record.value());
                }
            }
        }
        List<String> unopenable = new ArrayList<>();
        latest.forEach((id, json) -> {
            IntegrationConfigured integration;
            try {
                integration =
                        EventJson.decode(json, IntegrationConfigured.class).payload();
            } catch (RuntimeException e) {
                return; // not an integration record the services could use either; their DLQ has it
            }
            String sealed =
                    integration.magento() == null ? null : integration.magento().sealedCredentials();
            if (sealed == null) {
                return;
            }
            try {
                sealer.open(integration.integrationId(), sealed);
            } catch (IllegalArgumentException e) {
                unopenable.add(integration.integrationId());
            }
        });
        return unopenable;
    }
}
