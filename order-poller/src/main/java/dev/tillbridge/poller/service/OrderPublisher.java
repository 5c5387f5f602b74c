package dev.tillbridge.poller.service;

import dev.tillbridge.events.EventEnvelope;
import java.util.concurrent.CompletableFuture;

/** Where a cycle's records go (Kafka in production). Sends are asynchronous; {@link #await} waits for the acks. */
public interface OrderPublisher {

    CompletableFuture<Void> send(String topic, String key, EventEnvelope<?> envelope);
}
