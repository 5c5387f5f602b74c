package dev.tillbridge.pusher.messaging;

import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.KafkaClientSettings;
import dev.tillbridge.pusher.service.ProductPusher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code product-updates} for the pusher with a plain Kafka consumer, because offsets must be committed
 * only once Magento accepted a record (or its run counted it): the {@link OffsetTracker} keeps the commit point
 * at the oldest unfinished record of each partition, and it is committed every second, on a rebalance and at
 * shutdown. The pusher holds at most {@code maxBuffered} unfinished records; above that the partitions are
 * paused, so a slow store slows the reading, never the memory.
 */
public final class ProductUpdateConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProductUpdateConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration REVOKE_GRACE = Duration.ofSeconds(15);

    private final KafkaConsumer<String, String> consumer;
    private final OffsetTracker offsets;
    private final String topic;
    private final int maxBuffered;
    private final Thread thread;
    private volatile ProductPusher pusher;
    private volatile boolean running;
    private volatile boolean paused;
    private long lastCommitNanos = System.nanoTime();
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** To the local broker at {@code bootstrapServers} (PLAINTEXT): tests and the benchmark. */
    public ProductUpdateConsumer(
            String bootstrapServers,
            String groupId,
            String topic,
            int maxBuffered,
            OffsetTracker offsets,
            Map<String, Object> overrides) {
        this(KafkaClientSettings.bootstrapOnly(bootstrapServers), groupId, topic, maxBuffered, offsets, overrides);
    }

    /** @param kafka the service's whole {@code kafka.*} configuration (SASL_SSL settings in Kubernetes) */
    public ProductUpdateConsumer(
            Map<String, ?> kafka,
            String groupId,
            String topic,
            int maxBuffered,
            OffsetTracker offsets,
            Map<String, Object> overrides) {
        this.consumer = new KafkaConsumer<>(settings(kafka, groupId, overrides));
        this.offsets = offsets;
        this.topic = topic;
        this.maxBuffered = maxBuffered;
        this.thread = new Thread(this::run, "product-updates-consumer-" + THREADS.get());
    }

    /** The kafka.* configuration, then the consumer's own group and commit rules, then a test's overrides. */
    static Map<String, Object> settings(Map<String, ?> kafka, String groupId, Map<String, Object> overrides) {
        Map<String, Object> props = KafkaClientSettings.consumer(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + THREADS.incrementAndGet());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A POS connector may publish in transactions; only committed records are product updates.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.putAll(overrides);
        return props;
    }

    public static ProductUpdateConsumer forProductUpdates(
            Map<String, ?> kafka, String groupId, int maxBuffered, OffsetTracker offsets) {
        return new ProductUpdateConsumer(kafka, groupId, Topics.PRODUCT_UPDATES, maxBuffered, offsets, Map.of());
    }

    public static ProductUpdateConsumer forProductUpdates(
            String bootstrapServers, String groupId, int maxBuffered, OffsetTracker offsets) {
        return forProductUpdates(KafkaClientSettings.bootstrapOnly(bootstrapServers), groupId, maxBuffered, offsets);
    }

    /** Starts reading into {@code pusher} (which tells {@link #offsets()} what is finished). */
    public void start(ProductPusher target) {
        this.pusher = target;
        running = true;
        thread.start();
    }

    public OffsetTracker offsets() {
        return offsets;
    }

    public boolean alive() {
        return running && thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    List<ConsumerRecord<String, String>> batch = new ArrayList<>(records.count());
                    for (ConsumerRecord<String, String> record : records) {
                        offsets.received(new TopicPartition(record.topic(), record.partition()), record.offset());
                        batch.add(record);
                    }
                    pusher.accept(batch);
                }
                pusher.retryAwaiting();
                applyBackpressure();
                if (System.nanoTime() - lastCommitNanos > COMMIT_INTERVAL.toNanos()) {
                    commit(offsets.toCommit());
                }
            }
        } catch (WakeupException e) {
            // close() wakes a blocked poll; the final commit follows.
        } catch (RuntimeException e) {
            LOG.errorf(e, "The product-updates consumer stopped");
        } finally {
            try {
                commit(offsets.toCommit());
            } catch (RuntimeException e) {
                LOG.warnf("Last commit failed: %s", e.getMessage());
            }
            consumer.close(Duration.ofSeconds(5));
            running = false;
        }
    }

    private void applyBackpressure() {
        int buffered = pusher.buffered();
        if (!paused && buffered >= maxBuffered) {
            consumer.pause(consumer.assignment());
            paused = true;
            LOG.debugf("Paused reading: %d product updates unfinished", buffered);
        } else if (paused && buffered <= maxBuffered / 2) {
            consumer.resume(consumer.paused());
            paused = false;
            LOG.debugf("Resumed reading: %d product updates unfinished", buffered);
        } else if (paused) {
            // Partitions assigned by a rebalance since the pause start unpaused.
            consumer.pause(consumer.assignment());
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> commit) {
        lastCommitNanos = System.nanoTime();
        if (commit.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(commit);
            offsets.committed(commit);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Commit of product-updates offsets failed (records are read again, counted once): %s",
                    e.getMessage());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || pusher == null) {
                return;
            }
            int dropped = pusher.revoke(partitions);
            // Saves in flight end within the request timeout; their offsets go with this commit if they make it.
            // The waiting products just dropped stay outstanding, so the commit stops before them.
            long deadline = System.nanoTime() + REVOKE_GRACE.toNanos();
            while (offsets.outstanding(partitions) > dropped && System.nanoTime() < deadline && running) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            commit(offsets.toCommit(partitions));
            offsets.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debugf("product-updates partitions assigned: %s", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pusher.revoke(partitions);
            offsets.forget(partitions);
        }
    }

    /** Stops reading and commits what is finished. Call after the pusher stopped taking new work. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
