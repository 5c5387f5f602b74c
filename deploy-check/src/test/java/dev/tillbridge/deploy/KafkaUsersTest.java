package dev.tillbridge.deploy;

import static dev.tillbridge.deploy.Manifests.find;
import static dev.tillbridge.deploy.Manifests.list;
import static dev.tillbridge.deploy.Manifests.name;
import static dev.tillbridge.deploy.Manifests.ofKind;
import static dev.tillbridge.deploy.Manifests.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.tillbridge.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One KafkaUser per service, with ACLs equal to what the service's configuration and code use (ServiceKafkaUse), no
 * ACL on a topic that does not exist, and `integrations` written by status-api alone.
 */
class KafkaUsersTest {

    /** One permission: an operation on a resource (topic, group, transactionalId, cluster) named literally or by prefix. */
    record Acl(String type, String name, String pattern, String operation) implements Comparable<Acl> {
        @Override
        public int compareTo(Acl other) {
            return toString().compareTo(other.toString());
        }
    }

    static Stream<String> renderings() {
        return KubernetesManifestsTest.renderings();
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyServiceHasAKafkaUserWhoseAclsAreExactlyWhatItUses(String rendering) {
        List<Map<String, Object>> objects = KubernetesManifestsTest.objects(rendering);
        assertSoftly(soft -> {
            for (String service : kafkaServicesIn(rendering)) {
                var user = find(objects, "KafkaUser", service);
                soft.assertThat(user).as(rendering + ": KafkaUser " + service).isPresent();
                user.ifPresent(u -> soft.assertThat(acls(u))
                        .as(rendering + ": ACLs of " + service)
                        .containsExactlyElementsOf(expected(ServiceKafkaUse.of(service))));
            }
            soft.assertThat(ofKind(objects, "KafkaUser").stream().map(Manifests::name))
                    .as(rendering + ": KafkaUsers")
                    .containsExactlyInAnyOrderElementsOf(kafkaServicesIn(rendering));
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyUserLogsInWithScramAndIsAuthorizedBySimpleAclsOfItsCluster(String rendering) {
        List<Map<String, Object>> objects = KubernetesManifestsTest.objects(rendering);
        String cluster = name(ofKind(objects, "Kafka").get(0));
        assertThat(ofKind(objects, "KafkaUser")).isNotEmpty().allSatisfy(user -> {
            assertThat(string(user, "metadata", "labels", "strimzi.io/cluster"))
                    .as(name(user))
                    .isEqualTo(cluster);
            assertThat(string(user, "spec", "authentication", "type"))
                    .as(name(user))
                    .isEqualTo("scram-sha-512");
            assertThat(string(user, "spec", "authorization", "type"))
                    .as(name(user))
                    .isEqualTo("simple");
            assertThat(acls(user))
                    .as(name(user) + ": no All, no cluster-wide rights")
                    .noneMatch(
                            acl -> acl.operation().equals("All") || acl.type().equals("cluster"));
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void onlyStatusApiMayWriteIntegrations(String rendering) {
        assertThat(writersOf(Topics.INTEGRATIONS, KubernetesManifestsTest.objects(rendering)))
                .containsExactly("status-api");
    }

    @Test
    void anotherServiceGivenWriteOnIntegrationsIsCaught() {
        List<Map<String, Object>> objects = new ArrayList<>(KubernetesManifestsTest.objects("base"));
        objects.add(Manifests.parse("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: notifier-too-much}
                spec:
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: integ, patternType: prefix}
                        operations: [Describe, Write]
                """).get(0));
        assertThat(writersOf(Topics.INTEGRATIONS, objects))
                .containsExactlyInAnyOrder("status-api", "notifier-too-much");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyAclNamesATopicThatExistsOrAStreamsApplicationsOwnPrefix(String rendering) {
        List<Map<String, Object>> objects = KubernetesManifestsTest.objects(rendering);
        Set<String> topics = new TreeSet<>();
        ofKind(objects, "KafkaTopic")
                .forEach(t ->
                        topics.add(string(t, "spec", "topicName") != null ? string(t, "spec", "topicName") : name(t)));
        Set<String> streamsPrefixes = new TreeSet<>();
        ServiceKafkaUse.SERVICES.forEach(
                s -> streamsPrefixes.addAll(ServiceKafkaUse.of(s).internalTopicPrefixes()));
        assertSoftly(soft -> {
            for (var user : ofKind(objects, "KafkaUser")) {
                for (Acl acl : acls(user)) {
                    if (!acl.type().equals("topic")) {
                        continue;
                    }
                    if (acl.pattern().equals("literal")) {
                        soft.assertThat(topics)
                                .as(rendering + ": " + name(user) + " " + acl)
                                .contains(acl.name());
                    } else {
                        soft.assertThat(streamsPrefixes)
                                .as(rendering + ": " + name(user) + " " + acl)
                                .contains(acl.name());
                        soft.assertThat(topics)
                                .as("a Streams prefix covers only its internal topics: " + acl)
                                .noneMatch(t -> t.startsWith(acl.name()));
                    }
                }
            }
        });
    }

    @Test
    void everyTopicTheCodeNamesIsInItsServicesUseAndTheDesignAgrees() {
        Map<String, EventChannels.Channel> design = new LinkedHashMap<>();
        EventChannels.ALL.forEach(c -> design.put(c.topic(), c));
        Set<String> internal = new TreeSet<>();
        Topics.INTERNAL.forEach(t -> internal.add(t.name()));
        assertSoftly(soft -> {
            for (String service : ServiceKafkaUse.SERVICES) {
                KafkaAccess use = ServiceKafkaUse.of(service);
                soft.assertThat(use.topics())
                        .as(service + ": topics its code names (add its hand-built clients to ServiceKafkaUse)")
                        .containsAll(ServiceKafkaUse.topicsNamedInCode(service));
                String designName = service.equals("pos-standin") ? "pos-connector" : service;
                for (String topic : use.writes()) {
                    if (!topic.endsWith(Topics.DEAD_LETTER_SUFFIX) && !internal.contains(topic)) {
                        soft.assertThat(design.get(topic).senders())
                                .as(service + " writes " + topic)
                                .contains(designName);
                    }
                }
                for (String topic : use.reads()) {
                    if (!internal.contains(topic)) {
                        soft.assertThat(design.get(topic).receivers())
                                .as(service + " reads " + topic)
                                .contains(designName);
                    }
                }
                design.values().forEach(channel -> {
                    if (channel.senders().contains(designName)) {
                        soft.assertThat(use.writes())
                                .as("docs/architecture.md has " + service + " send to " + channel.topic())
                                .contains(channel.topic());
                    }
                    if (channel.receivers().contains(designName)) {
                        soft.assertThat(use.reads())
                                .as("docs/architecture.md has " + service + " receive " + channel.topic())
                                .contains(channel.topic());
                    }
                });
            }
            // Quarkus waits at start for every topic its Streams application names: each must be the filter's
            KafkaAccess filter = ServiceKafkaUse.of("invoice-filter");
            soft.assertThat(filter.topics()).containsAll(streamsTopics("invoice-filter"));
        });
    }

    /** The ACLs that give exactly {@code use}: Read+Describe to read, Write+Describe to write, Read on a group. */
    static Set<Acl> expected(KafkaAccess use) {
        Set<Acl> acls = new TreeSet<>();
        use.reads()
                .forEach(
                        t -> Stream.of("Read", "Describe").forEach(op -> acls.add(new Acl("topic", t, "literal", op))));
        use.writes()
                .forEach(t ->
                        Stream.of("Write", "Describe").forEach(op -> acls.add(new Acl("topic", t, "literal", op))));
        use.groups().forEach(g -> acls.add(new Acl("group", g, "literal", "Read")));
        // Kafka Streams creates, reads, writes, checks and purges its changelog and repartition topics
        use.internalTopicPrefixes()
                .forEach(p -> Stream.of("Create", "Delete", "Describe", "DescribeConfigs", "Read", "Write")
                        .forEach(op -> acls.add(new Acl("topic", p, "prefix", op))));
        // exactly_once_v2: <application.id>-<process id>-<thread> transactional ids
        use.transactionalIdPrefixes()
                .forEach(p -> Stream.of("Write", "Describe")
                        .forEach(op -> acls.add(new Acl("transactionalId", p, "prefix", op))));
        return acls;
    }

    static Set<Acl> acls(Map<String, Object> user) {
        Set<Acl> acls = new TreeSet<>();
        for (Object rule : list(user, "spec", "authorization", "acls")) {
            String pattern = string(rule, "resource", "patternType") == null
                    ? "literal"
                    : string(rule, "resource", "patternType");
            for (Object operation : list(rule, "operations")) {
                acls.add(new Acl(
                        string(rule, "resource", "type"),
                        string(rule, "resource", "name"),
                        pattern,
                        String.valueOf(operation)));
            }
        }
        return acls;
    }

    /** The users with Write (or All) on {@code topic}, by any literal, wildcard or prefix rule. */
    static Set<String> writersOf(String topic, List<Map<String, Object>> objects) {
        Set<String> writers = new TreeSet<>();
        for (var user : ofKind(objects, "KafkaUser")) {
            for (Acl acl : acls(user)) {
                boolean names = acl.pattern().equals("prefix")
                        ? topic.startsWith(acl.name())
                        : acl.name().equals(topic) || acl.name().equals("*");
                if (acl.type().equals("topic")
                        && names
                        && (acl.operation().equals("Write") || acl.operation().equals("All"))) {
                    writers.add(name(user));
                }
            }
        }
        return writers;
    }

    static List<String> kafkaServicesIn(String rendering) {
        List<String> services = new ArrayList<>(Project.BASE_SERVICES.keySet());
        if (rendering.equals("overlays/dev")) {
            services.addAll(Project.DEMO_SERVICES);
        }
        return services;
    }

    private static Set<String> streamsTopics(String service) {
        var properties = new Properties();
        try {
            properties.load(Files.newBufferedReader(
                    Project.root().resolve(service).resolve("src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> topics = new TreeSet<>();
        for (String topic :
                properties.getProperty("quarkus.kafka-streams.topics", "").split(",")) {
            if (!topic.isBlank()) {
                topics.add(topic.trim());
            }
        }
        return topics;
    }
}
