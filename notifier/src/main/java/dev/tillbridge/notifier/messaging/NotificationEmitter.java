package dev.tillbridge.notifier.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.kafka.EventMessages;
import dev.tillbridge.notifier.service.NotificationPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes each sent mail to {@code notifications}, keyed by account, and waits for the broker's ack. */
@ApplicationScoped
public class NotificationEmitter implements NotificationPublisher {

    public static final String CHANNEL = "notifications";
    static final String SOURCE = "tillbridge/notifier";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<String> emitter;

    public NotificationEmitter(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void publish(String accountId, EventEnvelope<NotificationSent> envelope) {
        emitter.sendMessage(EventMessages.of(accountId, envelope, SOURCE))
                .await()
                .atMost(ACK_TIMEOUT);
    }
}
