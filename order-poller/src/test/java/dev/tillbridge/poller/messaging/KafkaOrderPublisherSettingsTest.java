package dev.tillbridge.poller.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The poller's own producer talks to the broker the way its channels do: the whole kafka.* configuration. */
class KafkaOrderPublisherSettingsTest {

    private static final Map<String, Object> KUBERNETES = Map.of(
            "bootstrap.servers", "tillbridge-kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.type", "PEM",
            "ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt",
            "acks", "1");

    @Test
    void theProducerGetsTheSecuritySettingsOfTheKafkaConfiguration() {
        assertThat(KafkaOrderPublisher.settings(KUBERNETES, Map.of()))
                .containsEntry("bootstrap.servers", "tillbridge-kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt");
    }

    @Test
    void configurationCannotWeakenTheWatermarksGuarantees() {
        assertThat(KafkaOrderPublisher.settings(KUBERNETES, Map.of()))
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true);
    }
}
