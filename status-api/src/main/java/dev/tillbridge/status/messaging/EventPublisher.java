package dev.tillbridge.status.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The alerts status-api raises itself, sent straight to Kafka: each send waits for the broker's acknowledgement
 * (acks=all, idempotent producer), so a caller that returns has published, and one that throws has not.
 * The control plane's records (integrations, re-download requests, their log lines) go through the
 * {@link Outbox} instead.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String ALERTS_OUT = "alerts-out";
    public static final String SOURCE = "status-api";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final MutinyEmitter<String> alerts;

    public EventPublisher(@Channel(ALERTS_OUT) MutinyEmitter<String> alerts) {
        this.alerts = alerts;
    }

    public void alert(EventEnvelope<AlertChanged> envelope) {
        send(
                alerts,
                EventMessages.of(
                        Topics.alertKey(
                                envelope.payload().integrationId(),
                                envelope.payload().code()),
                        envelope,
                        SOURCE));
    }

    private static void send(MutinyEmitter<String> emitter, Message<String> message) {
        emitter.sendMessage(message).await().atMost(ACK_TIMEOUT);
    }
}
