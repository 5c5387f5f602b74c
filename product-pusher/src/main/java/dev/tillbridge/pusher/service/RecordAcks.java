package dev.tillbridge.pusher.service;

import org.apache.kafka.common.TopicPartition;

/** Told when a consumed record is finished, so its offset may be committed (see {@code OffsetTracker}). */
@FunctionalInterface
public interface RecordAcks {

    void done(TopicPartition partition, long offset);
}
