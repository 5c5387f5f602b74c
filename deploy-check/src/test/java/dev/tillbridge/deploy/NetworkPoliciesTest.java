package dev.tillbridge.deploy;

import static dev.tillbridge.deploy.Manifests.find;
import static dev.tillbridge.deploy.Manifests.list;
import static dev.tillbridge.deploy.Manifests.map;
import static dev.tillbridge.deploy.Manifests.ofKind;
import static dev.tillbridge.deploy.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ingress is denied unless named: status-api's HTTP from the ingress controller, every service's port from
 * Prometheus. Egress of each service is DNS, Kafka's TLS listener, PostgreSQL, and only what its job needs beyond:
 * public Magento addresses (poller, filter, pusher), the SMTP relay (notifier), the identity provider (status-api).
 */
class NetworkPoliciesTest {

    static final String INGRESS_CONTROLLER = "ingress-nginx";
    static final String MONITORING = "monitoring";
    static final Set<String> MAGENTO_CLIENTS = Set.of("order-poller", "invoice-filter", "product-pusher");
    /** What the outbound guard refuses and a Magento egress rule must leave out, with the cloud metadata address. */
    static final List<String> NEVER_MAGENTO = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.169.254/32");

    static Stream<String> renderings() {
        return KubernetesManifestsTest.renderings();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void ingressIsDeniedByDefault(String rendering) {
        assertThat(deniesIngressByDefault(KubernetesManifestsTest.objects(rendering)))
                .as(rendering)
                .isTrue();
    }

    @Test
    void aNamespaceWithoutTheDefaultDenyIsCaught() {
        List<Map<String, Object>> objects = KubernetesManifestsTest.objects("base").stream()
                .filter(o -> !"default-deny-ingress".equals(Manifests.name(o)))
                .toList();
        assertThat(deniesIngressByDefault(objects)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void servicesTakeTrafficOnlyFromTheIngressControllerAndPrometheus(String rendering) {
        List<Map<String, Object>> objects = KubernetesManifestsTest.objects(rendering);
        assertSoftly(soft -> {
            for (String service : Project.BASE_SERVICES.keySet()) {
                Set<String> expected = new TreeSet<>(Set.of("namespace " + MONITORING + " port http"));
                if (service.equals("status-api")) {
                    expected.add("namespace " + INGRESS_CONTROLLER + " port http");
                }
                soft.assertThat(ingressAllowed(objects, podLabels(objects, service)))
                        .as(rendering + ": ingress of " + service)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void servicesReachOnlyDnsKafkaPostgresAndWhatTheirJobNeeds(String rendering) {
        List<Map<String, Object>> objects = KubernetesManifestsTest.objects(rendering);
        Object listener = list(ofKind(objects, "Kafka").get(0), "spec", "kafka", "listeners")
                .get(0);
        String kafkaPort = string(listener, "port");
        String mailerPort = string(
                find(objects, "ConfigMap", configMapName(objects, "notifier", "notifier-config"))
                        .orElseThrow(),
                "data",
                "QUARKUS_MAILER_PORT");
        assertSoftly(soft -> {
            for (String service : KafkaUsersTest.kafkaServicesIn(rendering)) {
                List<Object> rules = egressRules(objects, podLabels(objects, service));
                String where = rendering + ": egress of " + service;
                soft.assertThat(rules).as(where + " is restricted").isNotEmpty();
                soft.assertThat(rules)
                        .as(where + ": every rule names its ports")
                        .allSatisfy(r -> assertThat(list(r, "ports")).isNotEmpty());
                soft.assertThat(ports(rules)).as(where).contains("UDP/53", "TCP/53", "TCP/" + kafkaPort);
                soft.assertThat(rules.stream()
                                .anyMatch(r -> ports(List.of(r)).contains("TCP/" + kafkaPort)
                                        && list(r, "to").stream()
                                                .anyMatch(p -> "Kafka"
                                                        .equals(string(
                                                                p, "podSelector", "matchLabels", "strimzi.io/kind")))))
                        .as(where + ": Kafka only at the brokers")
                        .isTrue();
                if (Project.BASE_SERVICES.containsKey(service)) {
                    soft.assertThat(ports(rules)).as(where + ": PostgreSQL").contains("TCP/5432");
                }
                List<Object> internet = rules.stream()
                        .filter(r ->
                                list(r, "to").stream().anyMatch(p -> "0.0.0.0/0".equals(string(p, "ipBlock", "cidr"))))
                        .toList();
                soft.assertThat(!internet.isEmpty())
                        .as(where + " reaches Magento stores")
                        .isEqualTo(MAGENTO_CLIENTS.contains(service));
                internet.forEach(
                        r -> soft.assertThat(magentoRuleProblems(r)).as(where).isEmpty());
                if (service.equals("notifier")) {
                    soft.assertThat(ports(rules))
                            .as(where + ": SMTP on QUARKUS_MAILER_PORT")
                            .contains("TCP/" + mailerPort);
                }
            }
        });
    }

    @Test
    void aMagentoRuleThatLetsInTheMetadataAddressIsCaught() {
        Object rule = Manifests.parse("""
                to:
                  - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 127.0.0.0/8]}
                ports: [{protocol: TCP, port: 443}]
                """).get(0);
        assertThat(magentoRuleProblems(rule)).containsExactly("169.254.169.254/32 is not left out");
    }

    static boolean deniesIngressByDefault(List<Map<String, Object>> objects) {
        return ofKind(objects, "NetworkPolicy").stream()
                .anyMatch(p -> map(p, "spec", "podSelector").isEmpty()
                        && list(p, "spec", "policyTypes").contains("Ingress")
                        && list(p, "spec", "ingress").isEmpty());
    }

    /** "namespace N port P" or "pods S port P" for each peer and port any policy selecting the pod lets in. */
    static Set<String> ingressAllowed(List<Map<String, Object>> objects, Map<String, Object> labels) {
        Set<String> allowed = new TreeSet<>();
        for (Map<String, Object> policy : selecting(objects, labels, "Ingress")) {
            for (Object rule : list(policy, "spec", "ingress")) {
                List<String> peers = new ArrayList<>();
                for (Object peer : list(rule, "from")) {
                    String namespace = string(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name");
                    peers.add(namespace != null ? "namespace " + namespace : "pods " + map(peer, "podSelector"));
                }
                if (peers.isEmpty()) {
                    peers.add("anywhere");
                }
                for (String peer : peers) {
                    for (Object port : list(rule, "ports").isEmpty()
                            ? List.<Object>of(Map.of("port", "any"))
                            : list(rule, "ports")) {
                        allowed.add(peer + " port " + string(port, "port"));
                    }
                }
            }
        }
        return allowed;
    }

    static List<Object> egressRules(List<Map<String, Object>> objects, Map<String, Object> labels) {
        List<Object> rules = new ArrayList<>();
        selecting(objects, labels, "Egress").forEach(p -> rules.addAll(list(p, "spec", "egress")));
        return rules;
    }

    /** Why a rule to 0.0.0.0/0 could reach an address the outbound guard refuses; empty when it cannot. */
    static List<String> magentoRuleProblems(Object rule) {
        List<String> problems = new ArrayList<>();
        for (Object peer : list(rule, "to")) {
            List<AddressBlockCheck> except = list(peer, "ipBlock", "except").stream()
                    .map(e -> new AddressBlockCheck(String.valueOf(e)))
                    .toList();
            for (String block : NEVER_MAGENTO) {
                if (except.stream().noneMatch(e -> e.covers(new AddressBlockCheck(block)))) {
                    problems.add(block + " is not left out");
                }
            }
        }
        return problems;
    }

    private static Set<String> ports(List<Object> rules) {
        Set<String> ports = new TreeSet<>();
        rules.forEach(r -> list(r, "ports")
                .forEach(p -> ports.add(
                        (string(p, "protocol") == null ? "TCP" : string(p, "protocol")) + "/" + string(p, "port"))));
        return ports;
    }

    private static List<Map<String, Object>> selecting(
            List<Map<String, Object>> objects, Map<String, Object> labels, String type) {
        return ofKind(objects, "NetworkPolicy").stream()
                .filter(p -> list(p, "spec", "policyTypes").contains(type))
                .filter(p -> matches(map(p, "spec", "podSelector"), labels))
                .toList();
    }

    /** A label selector's verdict: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
    static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        for (var entry : map(selector, "matchLabels").entrySet()) {
            if (!String.valueOf(entry.getValue()).equals(String.valueOf(labels.get(entry.getKey())))) {
                return false;
            }
        }
        for (Object expression : list(selector, "matchExpressions")) {
            Object value = labels.get(string(expression, "key"));
            List<String> values =
                    list(expression, "values").stream().map(String::valueOf).toList();
            boolean ok = switch (string(expression, "operator")) {
                case "In" -> value != null && values.contains(String.valueOf(value));
                case "NotIn" -> value == null || !values.contains(String.valueOf(value));
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> podLabels(List<Map<String, Object>> objects, String service) {
        return map(find(objects, "Deployment", service).orElseThrow(), "spec", "template", "metadata", "labels");
    }

    /** The name a ConfigMap has in this rendering (Kustomize may add a hash), as the service's envFrom names it. */
    private static String configMapName(List<Map<String, Object>> objects, String service, String prefix) {
        Object container = list(
                        find(objects, "Deployment", service).orElseThrow(), "spec", "template", "spec", "containers")
                .get(0);
        return list(container, "envFrom").stream()
                .map(s -> string(s, "configMapRef", "name"))
                .filter(n -> n != null && n.startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    /** An IPv4 CIDR block, enough to tell whether one block holds another. */
    record AddressBlockCheck(long start, int bits) {
        AddressBlockCheck(String cidr) {
            this(address(cidr.split("/")[0]), Integer.parseInt(cidr.split("/")[1]));
        }

        boolean covers(AddressBlockCheck other) {
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return other.bits >= bits && (other.start & mask) == (start & mask);
        }

        private static long address(String dotted) {
            long value = 0;
            for (String part : dotted.split("\\.")) {
                value = (value << 8) | Integer.parseInt(part);
            }
            return value;
        }
    }
}
