package dev.tillbridge.deploy;

import static dev.tillbridge.deploy.Manifests.find;
import static dev.tillbridge.deploy.Manifests.list;
import static dev.tillbridge.deploy.Manifests.map;
import static dev.tillbridge.deploy.Manifests.name;
import static dev.tillbridge.deploy.Manifests.ofKind;
import static dev.tillbridge.deploy.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.tillbridge.events.TopicSpec;
import dev.tillbridge.events.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every rendering of deploy/ (the base, and each overlay through a real Kustomize): each object's shape for
 * its kind, probes, resources, security context, disruption budgets, autoscalers, Services, Ingress, metrics.
 */
class KubernetesManifestsTest {

    /** apiVersion each kind must use (current, non-deprecated APIs; Strimzi 0.49+ `v1`). */
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Deployment", "apps/v1"),
            Map.entry("Service", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("Ingress", "networking.k8s.io/v1"),
            Map.entry("ServiceMonitor", "monitoring.coreos.com/v1"),
            Map.entry("PrometheusRule", "monitoring.coreos.com/v1"),
            Map.entry("Kafka", "kafka.strimzi.io/v1"),
            Map.entry("KafkaNodePool", "kafka.strimzi.io/v1"),
            Map.entry("KafkaTopic", "kafka.strimzi.io/v1"),
            Map.entry("KafkaUser", "kafka.strimzi.io/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"));

    static Stream<String> renderings() {
        return Stream.concat(Stream.of("base"), Project.OVERLAYS.stream().map(o -> "overlays/" + o));
    }

    static List<Map<String, Object>> objects(String rendering) {
        if (rendering.equals("base")) {
            return Manifests.plainResources(Project.deploy().resolve("base"));
        }
        var rendered = Manifests.render(Project.deploy().resolve(rendering));
        Assumptions.assumeTrue(rendered.isPresent(), "no kustomize or kubectl on PATH: " + rendering + " not rendered");
        return rendered.get();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyObjectHasAKnownKindWithItsCurrentApiVersionAndADnsName(String rendering) {
        assertSoftly(soft -> {
            for (Map<String, Object> object : objects(rendering)) {
                String kind = Manifests.kind(object);
                soft.assertThat(API_VERSIONS)
                        .as(rendering + ": kind of " + name(object))
                        .containsKey(kind);
                soft.assertThat(string(object, "apiVersion"))
                        .as(rendering + ": " + kind + " " + name(object))
                        .isEqualTo(API_VERSIONS.get(kind));
                soft.assertThat(name(object))
                        .as(rendering + ": " + kind + " name")
                        .matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
                if (kind.equals("Deployment") || kind.equals("Service")) {
                    soft.assertThat(name(object))
                            .as("DNS label")
                            .hasSizeLessThanOrEqualTo(63)
                            .doesNotContain(".");
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceRunsWithProbesResourcesAndALockedDownSecurityContext(String rendering) {
        List<Map<String, Object>> objects = objects(rendering);
        assertSoftly(soft -> {
            for (String service : servicesIn(rendering)) {
                var deployment = find(objects, "Deployment", service);
                soft.assertThat(deployment)
                        .as(rendering + ": Deployment " + service)
                        .isPresent();
                if (deployment.isEmpty()) {
                    continue;
                }
                var pod = map(deployment.get(), "spec", "template", "spec");
                var labels = map(deployment.get(), "spec", "template", "metadata", "labels");
                soft.assertThat(map(deployment.get(), "spec", "selector", "matchLabels"))
                        .as(service + " selector")
                        .isNotEmpty()
                        .allSatisfy((k, v) -> assertThat(labels).containsEntry(k, v));
                soft.assertThat(map(pod, "securityContext"))
                        .as(service + " pod securityContext")
                        .containsEntry("runAsNonRoot", true)
                        .containsKey("runAsUser");
                soft.assertThat(string(pod, "securityContext", "runAsUser"))
                        .as(service + " uid")
                        .isNotEqualTo("0");
                Object container = list(pod, "containers").stream()
                        .filter(c -> service.equals(string(c, "name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(service + " has no container " + service));
                soft.assertThat(map(container, "securityContext"))
                        .as(service + " container securityContext")
                        .containsEntry("readOnlyRootFilesystem", true)
                        .containsEntry("allowPrivilegeEscalation", false);
                soft.assertThat(list(container, "securityContext", "capabilities", "drop"))
                        .as(service + " capabilities")
                        .contains("ALL");
                soft.assertThat(string(container, "startupProbe", "httpGet", "path"))
                        .as(service + " startupProbe")
                        .isEqualTo("/q/health/started");
                soft.assertThat(string(container, "livenessProbe", "httpGet", "path"))
                        .as(service + " livenessProbe")
                        .isEqualTo("/q/health/live");
                soft.assertThat(string(container, "readinessProbe", "httpGet", "path"))
                        .as(service + " readinessProbe")
                        .isEqualTo("/q/health/ready");
                soft.assertThat(map(container, "resources", "requests"))
                        .as(service + " requests")
                        .containsKeys("cpu", "memory");
                soft.assertThat(map(container, "resources", "limits"))
                        .as(service + " limits")
                        .containsKey("memory");
                // a read-only root filesystem needs a writable /tmp (Vert.x, Kafka clients) from a volume
                List<String> mounts = list(container, "volumeMounts").stream()
                        .map(m -> string(m, "mountPath"))
                        .toList();
                soft.assertThat(mounts).as(service + " mounts").contains("/tmp");
                soft.assertThat(string(container, "image"))
                        .as(service + " image")
                        .contains("/" + service + ":")
                        .doesNotEndWith(":latest");
                soft.assertThat(list(container, "ports").stream().map(p -> string(p, "name")))
                        .as(service + " ports")
                        .contains("http");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceHasAServiceAndADisruptionBudgetAndScalesNoFurtherThanItsPartitions(String rendering) {
        List<Map<String, Object>> objects = objects(rendering);
        Map<String, Integer> partitions = new LinkedHashMap<>();
        Topics.ALL.forEach(t -> partitions.put(t.name(), t.partitions()));
        assertSoftly(soft -> {
            for (var entry : Project.BASE_SERVICES.entrySet()) {
                String service = entry.getKey();
                var labels = map(
                        find(objects, "Deployment", service).orElseThrow(), "spec", "template", "metadata", "labels");
                var svc = find(objects, "Service", service);
                soft.assertThat(svc).as(rendering + ": Service " + service).isPresent();
                svc.ifPresent(s -> soft.assertThat(labels)
                        .as(service + " Service selector")
                        .containsAllEntriesOf(stringMap(map(s, "spec", "selector"))));
                var pdb = find(objects, "PodDisruptionBudget", service);
                soft.assertThat(pdb)
                        .as(rendering + ": PodDisruptionBudget " + service)
                        .isPresent();
                pdb.ifPresent(p -> soft.assertThat(labels)
                        .as(service + " PDB selector")
                        .containsAllEntriesOf(stringMap(map(p, "spec", "selector", "matchLabels"))));
                var hpa = find(objects, "HorizontalPodAutoscaler", service);
                soft.assertThat(hpa)
                        .as(rendering + ": HorizontalPodAutoscaler " + service)
                        .isPresent();
                if (hpa.isPresent()) {
                    soft.assertThat(string(hpa.get(), "spec", "scaleTargetRef", "name"))
                            .isEqualTo(service);
                    int min = ((Number) Manifests.at(hpa.get(), "spec", "minReplicas")).intValue();
                    int max = ((Number) Manifests.at(hpa.get(), "spec", "maxReplicas")).intValue();
                    soft.assertThat(min).as(service + " minReplicas").isBetween(1, max);
                    if (entry.getValue() != null) {
                        soft.assertThat(max)
                                .as(service + " maxReplicas vs partitions of " + entry.getValue())
                                .isLessThanOrEqualTo(partitions.get(entry.getValue()));
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void statusApiIsReachableThroughTheIngressAndEveryServiceIsScraped(String rendering) {
        List<Map<String, Object>> objects = objects(rendering);
        var ingress = find(objects, "Ingress", "status-api").orElseThrow();
        List<String> backends = new ArrayList<>();
        for (Object rule : list(ingress, "spec", "rules")) {
            for (Object path : list(rule, "http", "paths")) {
                backends.add(string(path, "backend", "service", "name"));
            }
        }
        assertThat(backends).containsOnly("status-api");

        var monitor = ofKind(objects, "ServiceMonitor");
        assertThat(monitor).hasSize(1);
        assertThat(list(monitor.get(0), "spec", "endpoints")).anySatisfy(e -> {
            assertThat(string(e, "path")).isEqualTo("/q/metrics");
            assertThat(string(e, "port")).isEqualTo("http");
        });
        var selector = stringMap(map(monitor.get(0), "spec", "selector", "matchLabels"));
        for (String service : Project.BASE_SERVICES.keySet()) {
            var svc = find(objects, "Service", service).orElseThrow();
            assertThat(stringMap(map(svc, "metadata", "labels")))
                    .as("labels of Service " + service)
                    .containsAllEntriesOf(selector);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void kafkaRunsInKraftModeWithANodePoolAndReplicatesEveryTopic(String rendering) {
        List<Map<String, Object>> objects = objects(rendering);
        var kafka = ofKind(objects, "Kafka");
        assertThat(kafka).hasSize(1);
        String cluster = name(kafka.get(0));
        assertThat(map(kafka.get(0), "spec")).doesNotContainKey("zookeeper");
        var pools = ofKind(objects, "KafkaNodePool");
        assertThat(pools)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(string(p, "metadata", "labels", "strimzi.io/cluster"))
                        .isEqualTo(cluster));
        assertThat(pools.stream()
                        .flatMap(p -> list(p, "spec", "roles").stream())
                        .map(String::valueOf))
                .contains("controller", "broker");
        int brokers = pools.stream()
                .filter(p -> list(p, "spec", "roles").contains("broker"))
                .mapToInt(p -> ((Number) Manifests.at(p, "spec", "replicas")).intValue())
                .sum();
        Map<String, Object> config = map(kafka.get(0), "spec", "kafka", "config");
        int minIsr = Integer.parseInt(String.valueOf(config.get("min.insync.replicas")));
        for (Map<String, Object> topic : ofKind(objects, "KafkaTopic")) {
            assertThat(string(topic, "metadata", "labels", "strimzi.io/cluster"))
                    .isEqualTo(cluster);
            int replicas = ((Number) Manifests.at(topic, "spec", "replicas")).intValue();
            assertThat(replicas).as(name(topic) + " replicas").isBetween(1, brokers);
            int topicMinIsr = Integer.parseInt(string(topic, "spec", "config", "min.insync.replicas"));
            assertThat(topicMinIsr).as(name(topic) + " min.insync.replicas").isLessThanOrEqualTo(replicas);
            if (rendering.equals("overlays/prod") || rendering.equals("base")) {
                // acks=all with one replica down must still be accepted
                assertThat(topicMinIsr)
                        .as(name(topic) + " min ISR in production")
                        .isLessThan(replicas);
            }
        }
        assertThat(minIsr).isLessThanOrEqualTo(brokers);
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyKafkaTopicMatchesTopicsJava(String rendering) {
        List<Map<String, Object>> objects = objects(rendering);
        Map<String, TopicSpec> expected = new LinkedHashMap<>();
        Topics.allWithDeadLetters().forEach(t -> expected.put(t.name(), t));
        var topics = ofKind(objects, "KafkaTopic");
        Map<String, String> actualNames = new LinkedHashMap<>();
        for (var topic : topics) {
            String topicName =
                    string(topic, "spec", "topicName") != null ? string(topic, "spec", "topicName") : name(topic);
            actualNames.put(topicName, name(topic));
        }
        assertThat(actualNames.keySet())
                .as(rendering + ": KafkaTopics")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertSoftly(soft -> {
            for (var topic : topics) {
                String topicName =
                        string(topic, "spec", "topicName") != null ? string(topic, "spec", "topicName") : name(topic);
                TopicSpec spec = expected.get(topicName);
                soft.assertThat(((Number) Manifests.at(topic, "spec", "partitions")).intValue())
                        .as(topicName + " partitions")
                        .isEqualTo(spec.partitions());
                Map<String, Object> config = map(topic, "spec", "config");
                spec.config()
                        .forEach((key, value) -> soft.assertThat(String.valueOf(config.get(key)))
                                .as(topicName + " " + key)
                                .isEqualTo(value));
                if (spec.compacted()) {
                    soft.assertThat(config)
                            .as(topicName + " is compacted: no retention.ms")
                            .doesNotContainKey("retention.ms");
                }
            }
        });
    }

    private static List<String> servicesIn(String rendering) {
        List<String> services = new ArrayList<>(Project.BASE_SERVICES.keySet());
        if (rendering.equals("overlays/dev")) {
            services.addAll(Project.DEMO_SERVICES);
        }
        return services;
    }

    private static Map<String, String> stringMap(Map<String, Object> map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }
}
