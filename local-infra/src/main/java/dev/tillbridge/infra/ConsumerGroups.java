package dev.tillbridge.infra;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Positions a not-yet-started consumer group (or Kafka Streams application id) on a long-lived test broker.
 *
 * <p>A fresh group must not replay the history earlier runs left on the broker, yet must not miss a record a
 * test publishes right after the service reports ready. {@code auto.offset.reset=latest} cannot promise the
 * second: the reset is resolved lazily on the first fetch, after readiness. Committed offsets can.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /** Commits the current end offset of every partition of {@code topics} for {@code groupId}. */
    public static void startAtEnd(String bootstrapServers, String groupId, Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> request =
                    admin.describeTopics(topics).allTopicNames().get().values().stream()
                            .flatMap(topic -> topic.partitions().stream()
                                    .map(p -> new TopicPartition(topic.name(), p.partition())))
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listOffsets(request).all().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey,
                            e -> new OffsetAndMetadata(e.getValue().offset())));
            admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while positioning consumer group " + groupId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot position consumer group " + groupId + " at the end of " + topics, e.getCause());
        }
    }
}
