package dev.tillbridge.events.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How every Kafka consumer handles one record: the work is run, and when it fails, {@link FailureKind} decides.
 * <ul>
 * <li>done: the message is acknowledged (its offset may be committed);</li>
 * <li>{@link FailureKind#POISON}: nacked, so the channel's {@code dead-letter-queue} failure strategy moves it to
 *     {@code <topic>.dlq} and the consumer goes on;</li>
 * <li>{@link FailureKind#TRANSIENT}: run again in place, on the same worker thread, after a bounded exponential
 *     back-off (100 ms doubling up to 5 s), for as long as it takes. The channel is ordered ({@code @Blocking}),
 *     so the partition waits behind it, keeps its order, and no later offset is committed; the hold-up is
 *     reported to {@link ConsumerProgress} (readiness DOWN after a few seconds);</li>
 * <li>while the service shuts down: neither acknowledged nor nacked, so the offset is not committed and the
 *     record is read again after the restart.</li>
 * </ul>
 * The consumer method takes a {@code Message<String>} and returns this stage:
 * {@code return retry.consume(CHANNEL, message, record -> ...)}; a channel read in batches takes a
 * {@code KafkaRecordBatch<String, String>} and returns {@link #consumeBatch}.
 */
@Singleton
public class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ConsumerProgress progress;
    private final MeterRegistry registry;
    private volatile boolean stopping;

    public TransientRetry(ConsumerProgress progress, MeterRegistry registry) {
        this.progress = progress;
        this.registry = registry;
    }

    /** Early in shutdown, before the database pool closes: records still arriving are left for the restart. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    public CompletionStage<Void> consume(
            String channel, Message<String> message, Consumer<ConsumerRecord<String, String>> work) {
        if (stopping) {
            return leftForRestart();
        }
        Outcome outcome = attempt(channel, message, work);
        if (outcome.left()) {
            return leftForRestart();
        }
        return outcome.poison() == null ? message.ack() : message.nack(outcome.poison());
    }

    /**
     * A whole poll's records at once, for a channel read with {@code batch=true}: {@code together} runs them all,
     * in one transaction of its own (one commit per poll instead of one per record), and the batch is acknowledged
     * once they are done. A transient failure is tried again as a whole, with the same back-off as
     * {@link #consume}. When a record is poison, the batch is run again record by record with {@code alone}, each
     * as {@link #consume} would: the good ones are applied, only the poison one goes to {@code <topic>.dlq}, and
     * the batch is acknowledged after the dead-letter topic has them.
     */
    public CompletionStage<Void> consumeBatch(
            String channel,
            KafkaRecordBatch<String, String> batch,
            Consumer<List<ConsumerRecord<String, String>>> together,
            Consumer<ConsumerRecord<String, String>> alone) {
        if (stopping) {
            return leftForRestart();
        }
        List<ConsumerRecord<String, String>> records =
                batch.getRecords().stream().map(TransientRetry::recordOf).toList();
        if (records.isEmpty()) {
            return batch.ack();
        }
        ConsumerRecord<String, String> first = records.get(0);
        Outcome outcome = untilDone(
                channel, () -> together.accept(records), () -> records.size() + " records from " + position(first));
        if (outcome.left()) {
            return leftForRestart();
        }
        return outcome.poison() == null ? batch.ack() : oneByOne(channel, batch, alone);
    }

    private CompletionStage<Void> oneByOne(
            String channel, KafkaRecordBatch<String, String> batch, Consumer<ConsumerRecord<String, String>> alone) {
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch.getRecords()) {
            Outcome outcome = attempt(channel, message, alone);
            if (outcome.left()) {
                return leftForRestart();
            }
            if (outcome.poison() != null) {
                deadLettered.add(message.nack(outcome.poison()).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new))
                .thenCompose(done -> batch.ack());
    }

    /** What became of one record: done, poison (to be dead-lettered), or left for the restart. */
    private record Outcome(boolean left, RuntimeException poison) {
        static final Outcome DONE = new Outcome(false, null);
        static final Outcome LEFT = new Outcome(true, null);
    }

    private Outcome attempt(String channel, Message<String> message, Consumer<ConsumerRecord<String, String>> work) {
        ConsumerRecord<String, String> record = recordOf(message);
        Outcome outcome =
                untilDone(channel, () -> work.accept(record), () -> position(record) + " (key " + record.key() + ")");
        if (outcome.poison() != null) {
            progress.progressed(channel);
            LOG.errorf(
                    outcome.poison(),
                    "%s (key %s) can never be processed; it goes to the dead-letter topic",
                    position(record),
                    record.key());
            DeadLetters.counter(registry, record.topic()).increment();
        }
        return outcome;
    }

    /**
     * Runs the work until it is done, turns out poison (returned, for the caller to dead-letter), or the service
     * stops; a transient failure holds everything back, waits with back-off and tries again.
     */
    private Outcome untilDone(String channel, Runnable work, Supplier<String> what) {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                progress.progressed(channel);
                return Outcome.DONE;
            } catch (RuntimeException e) {
                if (stopping) {
                    return Outcome.LEFT;
                }
                if (FailureKind.of(e) == FailureKind.POISON) {
                    return new Outcome(false, e);
                }
                progress.failed(channel, e);
                LOG.warnf(
                        "%s failed transiently (attempt %d), nothing committed, trying again: %s",
                        what.get(), attempt, e.getMessage());
                if (!pause(attempt)) {
                    return Outcome.LEFT;
                }
            }
        }
    }

    private static String position(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static ConsumerRecord<String, String> recordOf(Message<String> message) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, String>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("Not a Kafka record"));
        return record;
    }

    /** Never completes: the record is neither acknowledged nor dead-lettered, so it is read again later. */
    private static CompletionStage<Void> leftForRestart() {
        return new CompletableFuture<>();
    }

    static long backoffMillis(int attempt) {
        return Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
    }

    private static boolean pause(int attempt) {
        try {
            Thread.sleep(backoffMillis(attempt));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
