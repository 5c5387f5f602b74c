package dev.tillbridge.notifier.messaging;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.notifier.service.AlertIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code integration-alerts} into the throttle state. Ordered (records of one alert apply in order) and
 * blocking for the database; it never sends mail, so it cannot hit the mailer deadlock of ordered consumers.
 * An unreadable record goes to {@code integration-alerts.dlq}.
 */
@ApplicationScoped
public class AlertConsumer {

    public static final String CHANNEL = "integration-alerts";

    private final IncomingEvents incoming;
    private final AlertIntake intake;

    public AlertConsumer(IncomingEvents incoming, AlertIntake intake) {
        this.incoming = incoming;
        this.intake = intake;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onRecord(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // A tombstone compacts a forgotten alert away; the notifier keeps its own history.
            return;
        }
        intake.apply(incoming.read(record, AlertChanged.class));
    }
}
