package dev.tillbridge.status.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.kafka.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Everything status-api writes to Kafka. Each send waits for the broker's acknowledgement (acks=all,
 * idempotent producer), so a caller that returns has published, and one that throws has not.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String INTEGRATIONS_OUT = "integrations-out";
    public static final String ALERTS_OUT = "alerts-out";
    public static final String RAW_ORDERS_OUT = "raw-orders-out";
    public static final String LOGS_OUT = "logs-out";
    public static final String SOURCE = "status-api";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final MutinyEmitter<String> integrations;
    private final MutinyEmitter<String> alerts;
    private final MutinyEmitter<String> rawOrders;
    private final MutinyEmitter<String> logs;

    public EventPublisher(@Channel(INTEGRATIONS_OUT) MutinyEmitter<String> integrations,
                          @Channel(ALERTS_OUT) MutinyEmitter<String> alerts,
                          @Channel(RAW_ORDERS_OUT) MutinyEmitter<String> rawOrders,
                          @Channel(LOGS_OUT) MutinyEmitter<String> logs) {
        this.integrations = integrations;
        this.alerts = alerts;
        this.rawOrders = rawOrders;
        this.logs = logs;
    }

    public void integration(EventEnvelope<IntegrationConfigured> envelope) {
        send(integrations, EventMessages.of(envelope.payload().integrationId(), envelope, SOURCE));
    }

    /** Deletes the integration from the compacted topic: every service drops it. */
    public void integrationTombstone(String integrationId) {
        Message<String> tombstone = Message.<String>of(null)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(integrationId).build());
        send(integrations, tombstone);
    }

    public void alert(EventEnvelope<AlertChanged> envelope) {
        send(alerts, EventMessages.of(Topics.alertKey(envelope.payload().integrationId(), envelope.payload().code()),
                envelope, SOURCE));
    }

    public void redownload(EventEnvelope<RedownloadRequested> envelope) {
        RedownloadRequested request = envelope.payload();
        send(rawOrders, EventMessages.of(Topics.orderKey(request.integrationId(), request.entityId()), envelope, SOURCE));
    }

    public void log(EventEnvelope<LogEntry> envelope) {
        send(logs, EventMessages.of(envelope.payload().integrationId(), envelope, SOURCE));
    }

    private static void send(MutinyEmitter<String> emitter, Message<String> message) {
        emitter.sendMessage(message).await().atMost(ACK_TIMEOUT);
    }
}
