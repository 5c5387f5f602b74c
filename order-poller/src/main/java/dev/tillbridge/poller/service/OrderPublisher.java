package dev.tillbridge.poller.service;

import dev.tillbridge.events.EventEnvelope;
import java.util.concurrent.CompletableFuture;

/** Where a cycle's records go (Kafka in production). Sends are asynchronous: the future completes with the ack. */
public interface OrderPublisher {

    CompletableFuture<Void> send(String topic, String key, EventEnvelope<?> envelope);
}
