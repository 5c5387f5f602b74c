package dev.tillbridge.poller.service;

/** Kafka did not take the cycle's records; the watermark must not move. */
final class KafkaUnavailable extends RuntimeException {

    KafkaUnavailable(String message) {
        super(message);
    }
}
