package dev.tillbridge.deploy;

import static dev.tillbridge.deploy.Manifests.find;
import static dev.tillbridge.deploy.Manifests.list;
import static dev.tillbridge.deploy.Manifests.map;
import static dev.tillbridge.deploy.Manifests.name;
import static dev.tillbridge.deploy.Manifests.ofKind;
import static dev.tillbridge.deploy.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broker takes only TLS connections with a SCRAM-SHA-512 login and authorizes by ACLs; every service connects to
 * that listener with SASL_SSL, its own KafkaUser's login from the Secret the User Operator writes, and the cluster CA
 * as its truststore. invoice-filter's Kafka Streams client gets the same through quarkus.kafka-streams.*.
 */
class KafkaClientSecurityTest {

    /** The label Strimzi's listener NetworkPolicy lets in (networkPolicyPeers); every Kafka client's pods carry it. */
    static final String CLIENT_LABEL = "tillbridge.dev/kafka-client";

    static Stream<String> renderings() {
        return KubernetesManifestsTest.renderings();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyListenerIsTlsWithAuthenticationAndAuthorizationIsSimple(String rendering) {
        var kafka = ofKind(KubernetesManifestsTest.objects(rendering), "Kafka").get(0);
        List<Object> listeners = list(kafka, "spec", "kafka", "listeners");
        assertThat(listeners).as(rendering + ": listeners").isNotEmpty().allSatisfy(listener -> {
            assertThat(Manifests.at(listener, "tls"))
                    .as(string(listener, "name") + " tls")
                    .isEqualTo(true);
            assertThat(string(listener, "authentication", "type"))
                    .as(string(listener, "name") + " authentication")
                    .isIn("scram-sha-512", "tls");
            assertThat(list(listener, "networkPolicyPeers"))
                    .as(string(listener, "name") + " peers")
                    .containsExactly(Map.of("podSelector", Map.of("matchLabels", Map.of(CLIENT_LABEL, "true"))));
        });
        assertThat(string(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceConnectsWithSaslSslAsItsOwnUserTrustingTheClusterCa(String rendering) {
        List<Map<String, Object>> objects = KubernetesManifestsTest.objects(rendering);
        var kafka = ofKind(objects, "Kafka").get(0);
        String cluster = name(kafka);
        Object listener = list(kafka, "spec", "kafka", "listeners").get(0);
        assertSoftly(soft -> {
            for (String service : KafkaUsersTest.kafkaServicesIn(rendering)) {
                var deployment = find(objects, "Deployment", service).orElseThrow();
                Map<String, Object> pod = map(deployment, "spec", "template", "spec");
                Object container = list(pod, "containers").stream()
                        .filter(c -> service.equals(string(c, "name")))
                        .findFirst()
                        .orElseThrow();
                Map<String, EnvSource> env = environment(container, objects);
                String caFile = caFile(pod, container, cluster);
                soft.assertThat(caFile)
                        .as(rendering + ": " + service + " mounts " + cluster + "-cluster-ca-cert")
                        .isNotNull();
                soft.assertThat(string(deployment, "spec", "template", "metadata", "labels", CLIENT_LABEL))
                        .as(rendering + ": " + service + " pods may reach the listener")
                        .isEqualTo("true");
                List<String> prefixes =
                        ServiceKafkaUse.of(service).internalTopicPrefixes().isEmpty()
                                ? List.of("KAFKA_")
                                : List.of("KAFKA_", "QUARKUS_KAFKA_STREAMS_");
                for (String prefix : prefixes) {
                    String where = rendering + ": " + service + " " + prefix;
                    soft.assertThat(value(env, prefix + "SECURITY_PROTOCOL"))
                            .as(where)
                            .isEqualTo("SASL_SSL");
                    soft.assertThat(value(env, prefix + "SASL_MECHANISM"))
                            .as(where)
                            .isEqualTo("SCRAM-SHA-512");
                    soft.assertThat(value(env, prefix + "SSL_TRUSTSTORE_TYPE"))
                            .as(where)
                            .isEqualTo("PEM");
                    soft.assertThat(value(env, prefix + "SSL_TRUSTSTORE_LOCATION"))
                            .as(where)
                            .isNotNull()
                            .isEqualTo(caFile);
                    soft.assertThat(env.get(prefix + "SASL_JAAS_CONFIG"))
                            .as(where + " login")
                            .isEqualTo(new EnvSource(null, "Secret", service, "sasl.jaas.config"));
                }
                soft.assertThat(value(env, "KAFKA_BOOTSTRAP_SERVERS"))
                        .as(rendering + ": " + service + " bootstrap")
                        .isEqualTo(cluster + "-kafka-bootstrap:" + Manifests.at(listener, "port"));
                soft.assertThat(find(objects, "KafkaUser", service))
                        .as(rendering + ": the user " + service + " logs in as")
                        .isPresent();
            }
        });
    }

    /** Where a variable's value comes from: a literal, or a key of a ConfigMap or Secret. */
    record EnvSource(String value, String kind, String object, String key) {}

    /** The container's environment: envFrom ConfigMaps first, then env, as Kubernetes resolves it. */
    static Map<String, EnvSource> environment(Object container, List<Map<String, Object>> objects) {
        Map<String, EnvSource> env = new LinkedHashMap<>();
        for (Object source : list(container, "envFrom")) {
            String configMap = string(source, "configMapRef", "name");
            if (configMap != null) {
                find(objects, "ConfigMap", configMap)
                        .ifPresent(cm -> map(cm, "data")
                                .forEach((k, v) ->
                                        env.put(k, new EnvSource(String.valueOf(v), "ConfigMap", configMap, k))));
            }
        }
        for (Object variable : list(container, "env")) {
            String key = string(variable, "name");
            if (string(variable, "valueFrom", "secretKeyRef", "name") != null) {
                env.put(
                        key,
                        new EnvSource(
                                null,
                                "Secret",
                                string(variable, "valueFrom", "secretKeyRef", "name"),
                                string(variable, "valueFrom", "secretKeyRef", "key")));
            } else if (string(variable, "valueFrom", "configMapKeyRef", "name") != null) {
                String configMap = string(variable, "valueFrom", "configMapKeyRef", "name");
                String cmKey = string(variable, "valueFrom", "configMapKeyRef", "key");
                Optional<Map<String, Object>> cm = find(objects, "ConfigMap", configMap);
                env.put(
                        key,
                        new EnvSource(
                                cm.map(c -> string(c, "data", cmKey)).orElse(null), "ConfigMap", configMap, cmKey));
            } else {
                env.put(key, new EnvSource(string(variable, "value"), null, null, null));
            }
        }
        return env;
    }

    private static String value(Map<String, EnvSource> env, String name) {
        EnvSource source = env.get(name);
        return source == null ? null : source.value();
    }

    /** The path of ca.crt from the Secret {@code <cluster>-cluster-ca-cert} as the container mounts it, or null. */
    private static String caFile(Map<String, Object> pod, Object container, String cluster) {
        for (Object volume : list(pod, "volumes")) {
            if (!(cluster + "-cluster-ca-cert").equals(string(volume, "secret", "secretName"))) {
                continue;
            }
            String path = "ca.crt";
            for (Object item : list(volume, "secret", "items")) {
                if ("ca.crt".equals(string(item, "key"))) {
                    path = string(item, "path");
                }
            }
            for (Object mount : list(container, "volumeMounts")) {
                if (string(volume, "name").equals(string(mount, "name"))) {
                    return Path.of(string(mount, "mountPath"), path).toString();
                }
            }
        }
        return null;
    }
}
