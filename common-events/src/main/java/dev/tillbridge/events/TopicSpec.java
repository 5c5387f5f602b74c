package dev.tillbridge.events;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** How one topic is created: name, partitions and clean-up policy. */
public record TopicSpec(String name, int partitions, boolean compacted, Duration retention) {

    public TopicSpec {
        Objects.requireNonNull(name, "name is required");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1 for " + name);
        }
    }

    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, true, null);
    }

    public static TopicSpec deleting(String name, int partitions, Duration retention) {
        return new TopicSpec(name, partitions, false, Objects.requireNonNull(retention));
    }

    /** Topic-level configuration as Kafka's AdminClient and Strimzi's KafkaTopic expect it. */
    public Map<String, String> config() {
        if (compacted) {
            return Map.of("cleanup.policy", "compact");
        }
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
    }
}
