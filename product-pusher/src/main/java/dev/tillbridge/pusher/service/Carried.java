package dev.tillbridge.pusher.service;

import org.apache.kafka.common.TopicPartition;

/**
 * One consumed record that a pending change answers for: its place in its run (counted once, whatever
 * happens), its place in Kafka (committed once the run has counted it), and the trace it came with, if any
 * ({@link SaveTrace}).
 */
public record Carried(RunKey run, int position, TopicPartition partition, long offset, String traceparent) {

    /** A record that came without a trace (W3C {@code traceparent} header). */
    public Carried(RunKey run, int position, TopicPartition partition, long offset) {
        this(run, position, partition, offset, null);
    }
}
