package dev.tillbridge.notifier.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.kafka.TransientRetry;
import dev.tillbridge.notifier.service.AlertIntake;
import dev.tillbridge.notifier.service.AlertThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code integration-alerts} into the throttle state. Ordered (records of one alert apply in order) and
 * blocking for the database; it never sends mail, so it cannot hit the mailer deadlock of ordered consumers.
 * Failures are handled by {@link TransientRetry}: an unreadable record goes to {@code integration-alerts.dlq}; while
 * the database is unavailable the record is held and tried again (nothing committed), so no alert mail is lost.
 */
@ApplicationScoped
public class AlertConsumer {

    public static final String CHANNEL = "integration-alerts";

    private final IncomingEvents incoming;
    private final AlertIntake intake;
    private final TransientRetry retry;
    private final MeterRegistry registry;

    public AlertConsumer(IncomingEvents incoming, AlertIntake intake, TransientRetry retry, MeterRegistry registry) {
        this.incoming = incoming;
        this.intake = intake;
        this.retry = retry;
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRecord(Message<String> message) {
        return retry.consume(CHANNEL, message, this::apply);
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // A tombstone compacts a forgotten alert away; the notifier keeps its own history.
            return;
        }
        EventEnvelope<AlertChanged> alert = incoming.read(record, AlertChanged.class);
        if (intake.apply(alert) instanceof AlertThrottle.Outcome.Store) {
            // Every service's alerts pass here, each change once (a redelivered or older record is ignored), so
            // this is the one count of alerts raised and resolved: tillbridge_notifier_alerts_total{state,code}.
            Counter.builder("tillbridge.notifier.alerts")
                    .description("Alert changes applied, by state and code")
                    .tag("state", alert.payload().state().name())
                    .tag("code", alert.payload().code().name())
                    .register(registry)
                    .increment();
        }
    }
}
