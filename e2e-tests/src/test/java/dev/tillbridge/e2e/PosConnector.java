package dev.tillbridge.e2e;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.ConsumerGroups;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A POS connector as docs/architecture.md asks one to be written: a plain {@link KafkaConsumer} in its own group, reading
 * {@code filtered-orders} with {@code isolation.level=read_committed}, committing its offsets only after it has
 * processed (here: kept) what it polled. Its group starts at the end of the topic, positioned before any order of
 * the test is published.
 */
final class PosConnector implements AutoCloseable {

    /** One order as the POS took it in. */
    record Received(String key, String integrationId, long entityId, String incrementId, boolean redownload) {}

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    PosConnector(String bootstrapServers, String groupId) {
        ConsumerGroups.startAtEnd(bootstrapServers, groupId, List.of(Topics.FILTERED_ORDERS));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()));
        consumer.subscribe(List.of(Topics.FILTERED_ORDERS));
        thread = new Thread(this::run, "pos-connector-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> record : records) {
                    process(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void process(ConsumerRecord<String, String> record) {
        EventEnvelope<OrderReleased> envelope;
        try {
            envelope = EventJson.decode(record.value(), OrderReleased.class);
        } catch (RuntimeException e) {
            return; // not an order release: a real connector would dead-letter it; none of this test's
        }
        OrderReleased release = envelope.payload();
        received.add(new Received(
                record.key(),
                release.integrationId(),
                release.order().entityId(),
                release.order().incrementId(),
                release.redownload()));
    }

    /** Everything received for the integration so far, in arrival order. */
    List<Received> receivedFor(String integrationId) {
        assertHealthy();
        return received.stream()
                .filter(r -> r.integrationId().equals(integrationId))
                .toList();
    }

    /** How often each order (by entity id) was released to the POS, re-downloads not counted. */
    Map<Long, Long> releaseCounts(String integrationId) {
        return receivedFor(integrationId).stream()
                .filter(r -> !r.redownload())
                .collect(Collectors.groupingBy(Received::entityId, Collectors.counting()));
    }

    /** How often each order key ({@code integrationId:entityId}) was released, re-downloads not counted. */
    Map<String, Long> releaseCountsByKey(String integrationId) {
        return receivedFor(integrationId).stream()
                .filter(r -> !r.redownload())
                .collect(Collectors.groupingBy(Received::key, Collectors.counting()));
    }

    private void assertHealthy() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw new IllegalStateException("The POS connector stopped: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
