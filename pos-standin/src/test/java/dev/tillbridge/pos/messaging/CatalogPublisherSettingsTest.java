package dev.tillbridge.pos.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stand-in's catalog producer talks to the broker the way its channel does (SASL_SSL in the dev cluster). */
class CatalogPublisherSettingsTest {

    @Test
    void theProducerGetsTheSecuritySettingsOfTheKafkaConfiguration() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "tillbridge-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt",
                "acks", "0");
        assertThat(CatalogPublisher.settings(kafka))
                .containsEntry("bootstrap.servers", "tillbridge-kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt")
                .containsEntry("acks", "all");
    }
}
