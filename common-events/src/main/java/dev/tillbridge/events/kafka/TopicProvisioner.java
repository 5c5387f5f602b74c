package dev.tillbridge.events.kafka;

import dev.tillbridge.events.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics that do not exist yet, with their partitions and clean-up policy. Safe to run
 * any number of times and from several processes at once: a topic someone else created is fine.
 * In production Strimzi's KafkaTopic resources own the topics and this is switched off.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {}

    /** @return the names of the topics this call created. */
    public static List<String> ensure(Admin admin, List<TopicSpec> specs, short replicationFactor)
            throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.config()))
                    .toList();
            var created = new ArrayList<String>();
            var results = admin.createTopics(missing).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Cannot create topic " + entry.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot reach Kafka to create topics: " + e.getMessage(), e);
        }
    }
}
