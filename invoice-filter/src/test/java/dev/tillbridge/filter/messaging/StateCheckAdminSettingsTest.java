package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin client that checks local state against the broker talks to it the way the channels do. */
class StateCheckAdminSettingsTest {

    @Test
    void theStateCheckGetsTheSecuritySettingsOfTheKafkaConfiguration() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "tillbridge-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt",
                "streams.state.dir", "/var/lib/tillbridge/streams");
        assertThat(TopologyProducer.adminSettings(kafka))
                .containsEntry("bootstrap.servers", "tillbridge-kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/tillbridge/kafka-ca/ca.crt")
                .doesNotContainKey("streams.state.dir")
                .containsKey("default.api.timeout.ms");
    }
}
