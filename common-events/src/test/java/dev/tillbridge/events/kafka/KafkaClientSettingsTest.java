package dev.tillbridge.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    /** What Quarkus' default-kafka-broker map holds in Kubernetes (deploy/base: KAFKA_* variables). */
    private static final Map<String, Object> KUBERNETES = Map.of(
            "bootstrap.servers", "tillbridge-kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.type", "PEM",
            "ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt",
            // keys of other clients that land in the same map
            "group.id", "order-poller",
            "streams.state.dir", "/var/lib/tillbridge/streams");

    @Test
    void everyKindOfClientGetsTheSecuritySettingsOfTheKafkaConfiguration() {
        for (Map<String, Object> settings : new Map[] {
            KafkaClientSettings.producer(KUBERNETES),
            KafkaClientSettings.consumer(KUBERNETES),
            KafkaClientSettings.admin(KUBERNETES)
        }) {
            assertThat(settings)
                    .containsEntry("bootstrap.servers", "tillbridge-kafka-bootstrap:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsKey("sasl.jaas.config")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt");
        }
    }

    @Test
    void settingsAClientDoesNotKnowAreLeftOut() {
        assertThat(KafkaClientSettings.producer(KUBERNETES)).doesNotContainKeys("group.id", "streams.state.dir");
        assertThat(KafkaClientSettings.consumer(KUBERNETES))
                .containsKey("group.id")
                .doesNotContainKey("streams.state.dir");
    }

    @Test
    void aConfigurationWithoutABrokerAddressIsRefusedWithTheVariableToSet() {
        assertThatThrownBy(() -> KafkaClientSettings.producer(Map.of("security.protocol", "SASL_SSL")))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theResultCanTakeTheClientsOwnSettings() {
        Map<String, Object> settings =
                KafkaClientSettings.producer(KafkaClientSettings.bootstrapOnly("127.0.0.1:9092"));
        settings.put("acks", "all");
        assertThat(settings).containsOnlyKeys("bootstrap.servers", "acks");
    }
}
