package dev.tillbridge.pusher.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pusher builds its producer and consumer by hand; both talk to the broker the way its channels do. */
class PusherClientSettingsTest {

    private static final Map<String, Object> KUBERNETES = Map.of(
            "bootstrap.servers", "tillbridge-kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.type", "PEM",
            "ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt",
            // Quarkus puts the application's name here; the consumer has a group of its own
            "group.id", "product-pusher",
            "isolation.level", "read_uncommitted");

    @Test
    void theProducerGetsTheSecuritySettingsAndKeepsItsGuarantees() {
        assertThat(KafkaPusherEvents.settings(KUBERNETES, Map.of()))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt")
                .containsEntry("acks", "all");
    }

    @Test
    void theConsumerGetsTheSecuritySettingsAndKeepsItsGroupAndReadCommitted() {
        assertThat(ProductUpdateConsumer.settings(KUBERNETES, "product-pusher-updates", Map.of()))
                .containsEntry("bootstrap.servers", "tillbridge-kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt")
                .containsEntry("group.id", "product-pusher-updates")
                .containsEntry("isolation.level", "read_committed");
    }
}
