package dev.tillbridge.pusher.service;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * Lets a consumed record go, exactly once: its offset to the consumer's acknowledgements, its run to the
 * next progress tick. Counts the records taken and not finished, which the consumer pauses on.
 */
final class RecordFinisher {

    private final RecordAcks acks;
    private final RunProgress progress;
    private final AtomicInteger buffered = new AtomicInteger();

    RecordFinisher(RecordAcks acks, RunProgress progress) {
        this.acks = acks;
        this.progress = progress;
    }

    void taken(int records) {
        buffered.addAndGet(records);
    }

    /** Records handed back unfinished (their partitions went to another consumer, which reads them again). */
    void dropped(int records) {
        buffered.addAndGet(-records);
    }

    int buffered() {
        return buffered.get();
    }

    void finished(Carried carried) {
        progress.moved(carried.run());
        finished(carried.partition(), carried.offset());
    }

    void finished(TopicPartition partition, long offset) {
        acks.done(partition, offset);
        buffered.decrementAndGet();
    }
}
