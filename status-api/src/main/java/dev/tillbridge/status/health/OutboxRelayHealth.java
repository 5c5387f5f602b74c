package dev.tillbridge.status.health;

import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the control plane's announcements: DOWN while the oldest record in the outbox has waited longer
 * than {@code tillbridge.status.outbox.max-age} (the broker refuses or is unreachable: changes are saved, the
 * other services do not know them yet), or while the relay is stuck. The data says how far behind it is.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {

    public static final String NAME = "Outbox relay";

    private final OutboxRelay relay;
    private final Duration maxAge;

    public OutboxRelayHealth(OutboxRelay relay, StatusApiConfig config) {
        this.relay = relay;
        this.maxAge = config.outbox().maxAge();
    }

    @Override
    public HealthCheckResponse call() {
        Duration age = relay.oldestAge();
        Optional<String> reason = relay.heartbeat().stalled();
        if (reason.isEmpty() && age.compareTo(maxAge) > 0) {
            reason = Optional.of(
                    "The oldest outbox record has waited " + age.toSeconds() + " s (limit " + maxAge.toSeconds()
                            + " s): integration changes, re-downloads and their log lines are saved but not published yet.");
        }
        var response = HealthCheckResponse.named(NAME)
                .status(reason.isEmpty())
                .withData("pending", relay.backlog().pending())
                .withData("oldestAgeSeconds", age.toSeconds())
                .withData("lastTickSecondsAgo", relay.heartbeat().silence().toSeconds());
        reason.ifPresent(r -> response.withData("reason", r));
        Optional.ofNullable(relay.lastError()).ifPresent(e -> response.withData("lastError", e));
        return response.build();
    }
}
