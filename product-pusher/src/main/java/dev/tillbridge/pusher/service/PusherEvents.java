package dev.tillbridge.pusher.service;

import dev.tillbridge.events.EventEnvelope;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the pusher tells the rest of Tillbridge: progress, log lines, alerts, and records it cannot use. */
public interface PusherEvents {

    /** product-pusher's name in the events it publishes (their source) and as a Kafka client. */
    String ORIGIN = "product-pusher";

    /** Completes when Kafka has the record ({@code acks=all}). */
    CompletableFuture<Void> publish(String topic, String key, EventEnvelope<?> envelope);

    /** Moves a consumed record, unchanged, to its topic's dead-letter topic with the reason in a header. */
    CompletableFuture<Void> deadLetter(ConsumerRecord<String, String> record, String reason);
}
