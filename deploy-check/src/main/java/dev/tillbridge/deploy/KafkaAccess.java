package dev.tillbridge.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one service does on Kafka, as its configuration says: the topics it reads and writes, its consumer groups,
 * and for a Kafka Streams application the prefixes of its internal topics and transactional ids. Derived from
 * {@code application.properties} (default and {@code %prod} profile: dev and test are not deployed) over common-events'
 * {@code microprofile-config.properties} (the {@code integrations} channel every service gets), the way SmallRye
 * Kafka and Quarkus read them:
 * <ul>
 * <li>an incoming channel reads {@code topics} (a comma-separated list) or {@code topic} (default: the channel's name) in {@code group.id} (default:
 * {@code kafka.group.id}, else the application's name), and with {@code failure-strategy=dead-letter-queue} writes
 * {@code dead-letter-queue.topic} (default {@code dead-letter-topic-<channel>}); {@code enabled=false} drops it;</li>
 * <li>an outgoing channel writes {@code topic} (default: the channel's name);</li>
 * <li>{@code quarkus.kafka-streams.application-id} is the Streams consumer group and the prefix
 * {@code <id>-} of its internal topics and, with an {@code exactly_once} guarantee, of its transactional ids.</li>
 * </ul>
 * Clients a service builds by hand (plain producers and consumers, a Streams topology's sources and sinks) are not in
 * its properties; {@link #plus} adds what the caller knows of them.
 */
public record KafkaAccess(
        Set<String> reads,
        Set<String> writes,
        Set<String> groups,
        Set<String> internalTopicPrefixes,
        Set<String> transactionalIdPrefixes) {

    private static final String IN = "mp.messaging.incoming.";
    private static final String OUT = "mp.messaging.outgoing.";

    public KafkaAccess {
        reads = Set.copyOf(reads);
        writes = Set.copyOf(writes);
        groups = Set.copyOf(groups);
        internalTopicPrefixes = Set.copyOf(internalTopicPrefixes);
        transactionalIdPrefixes = Set.copyOf(transactionalIdPrefixes);
    }

    /** The access of the module in {@code moduleDir}, with {@code defaults} under its own application.properties. */
    public static KafkaAccess of(Path moduleDir, Path defaults) {
        Properties properties = load(defaults);
        properties.putAll(load(moduleDir.resolve("src/main/resources/application.properties")));
        return fromProperties(properties);
    }

    public static KafkaAccess fromProperties(Properties all) {
        Properties p = new Properties();
        all.stringPropertyNames().stream()
                .filter(k -> !k.startsWith("%"))
                .forEach(k -> p.setProperty(k, all.getProperty(k).trim()));
        all.stringPropertyNames().stream()
                .filter(k -> k.startsWith("%prod."))
                .forEach(k -> p.setProperty(
                        k.substring("%prod.".length()), all.getProperty(k).trim()));
        String application = p.getProperty("quarkus.application.name", "");
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (String channel : channels(p, IN)) {
            String prefix = IN + channel + ".";
            if ("false".equals(p.getProperty(prefix + "enabled")) || !isKafka(p, prefix)) {
                continue;
            }
            String topics = p.getProperty(prefix + "topics");
            if (topics != null) {
                for (String topic : topics.split(",")) {
                    reads.add(topic.trim());
                }
            } else {
                reads.add(p.getProperty(prefix + "topic", channel));
            }
            groups.add(p.getProperty(prefix + "group.id", p.getProperty("kafka.group.id", application)));
            if ("dead-letter-queue".equals(p.getProperty(prefix + "failure-strategy"))) {
                writes.add(p.getProperty(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + channel));
            }
        }
        for (String channel : channels(p, OUT)) {
            String prefix = OUT + channel + ".";
            if (!"false".equals(p.getProperty(prefix + "enabled")) && isKafka(p, prefix)) {
                writes.add(p.getProperty(prefix + "topic", channel));
            }
        }
        Set<String> internal = new TreeSet<>();
        Set<String> transactional = new TreeSet<>();
        String streams = p.getProperty("quarkus.kafka-streams.application-id");
        if (streams != null) {
            groups.add(streams);
            internal.add(streams + "-");
            if (p.getProperty("kafka-streams.processing.guarantee", "").startsWith("exactly_once")) {
                transactional.add(streams + "-");
            }
        }
        return new KafkaAccess(reads, writes, groups, internal, transactional);
    }

    /** This access and what a service's hand-built clients read, write and join. */
    public KafkaAccess plus(Set<String> moreReads, Set<String> moreWrites, Set<String> moreGroups) {
        return new KafkaAccess(
                union(reads, moreReads),
                union(writes, moreWrites),
                union(groups, moreGroups),
                internalTopicPrefixes,
                transactionalIdPrefixes);
    }

    /** Every topic it names, read or written. */
    public Set<String> topics() {
        return union(reads, writes);
    }

    private static boolean isKafka(Properties p, String prefix) {
        return p.getProperty(prefix + "connector", "smallrye-kafka").equals("smallrye-kafka");
    }

    private static Set<String> channels(Properties p, String prefix) {
        Set<String> channels = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                // channel names may hold dots only if quoted; ours hold none
                channels.add(rest.substring(0, rest.indexOf('.') < 0 ? rest.length() : rest.indexOf('.')));
            }
        }
        return channels;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try {
                properties.load(new StringReader(Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }
}
