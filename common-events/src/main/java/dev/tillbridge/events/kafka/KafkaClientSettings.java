package dev.tillbridge.events.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one way a client the code builds by hand (a plain producer, consumer or admin client) gets its connection
 * settings: from the same {@code kafka.*} configuration the messaging channels use. Quarkus hands that
 * configuration over as the {@code @Identifier("default-kafka-broker")} map (prefix stripped, {@code KAFKA_SASL_JAAS_CONFIG}
 * becomes {@code sasl.jaas.config}); in Kubernetes it holds the bootstrap address of the TLS listener,
 * {@code security.protocol}, {@code sasl.*} and {@code ssl.*}. A client built from {@code kafka.bootstrap.servers}
 * alone would talk PLAINTEXT to a listener that wants SASL_SSL and never connect.
 *
 * <p>Each method keeps the settings that kind of client knows (the map also holds other services' keys, such as
 * Kafka Streams' {@code state.dir}, which would only fill the log with "unknown configuration" warnings). The caller
 * puts its own fixed settings (acks, idempotence, serializers, group) on top, so configuration can never weaken them.
 */
public final class KafkaClientSettings {

    /** Quarkus' name of the {@code kafka.*} configuration map. */
    public static final String DEFAULT_KAFKA_BROKER = "default-kafka-broker";

    private KafkaClientSettings() {}

    public static Map<String, Object> producer(Map<String, ?> kafka) {
        return known(kafka, ProducerConfig.configNames());
    }

    public static Map<String, Object> consumer(Map<String, ?> kafka) {
        return known(kafka, ConsumerConfig.configNames());
    }

    public static Map<String, Object> admin(Map<String, ?> kafka) {
        return known(kafka, AdminClientConfig.configNames());
    }

    /** Only the broker address: what tests and benchmarks on the local PLAINTEXT broker need. */
    public static Map<String, Object> bootstrapOnly(String bootstrapServers) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    private static Map<String, Object> known(Map<String, ?> kafka, Set<String> names) {
        if (!kafka.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "the kafka.* configuration has no bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS)");
        }
        Map<String, Object> settings = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (names.contains(key) && value != null) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
