package dev.tillbridge.pusher.service;

import org.apache.kafka.common.TopicPartition;

/**
 * One consumed record that a pending change answers for: its place in its run (counted once, whatever
 * happens) and its place in Kafka (committed once the run has counted it).
 */
public record Carried(RunKey run, int position, TopicPartition partition, long offset) {
}
