package dev.tillbridge.events.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of every service that consumes Kafka: DOWN while a consumer has been retrying a record for longer than
 * {@code tillbridge.consumers.stalled-after} because of a transient failure (it cannot do its job now), with the
 * channel, since when, and the last failure. Shared from common-events (discovered through its beans.xml).
 */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {

    public static final String NAME = "Kafka consumers progress";

    private final ConsumerProgress progress;
    private final Duration stalledAfter;

    public ConsumersReadiness(
            ConsumerProgress progress,
            @ConfigProperty(name = "tillbridge.consumers.stalled-after", defaultValue = "PT5S") Duration stalledAfter) {
        this.progress = progress;
        this.stalledAfter = stalledAfter;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, ConsumerProgress.Stall> stalled = progress.stalledLongerThan(stalledAfter);
        var response = HealthCheckResponse.named(NAME).status(stalled.isEmpty());
        stalled.forEach((channel, stall) -> response.withData(
                channel,
                "retrying one record since " + stall.since() + " (" + stall.attempts()
                        + " attempts), nothing committed meanwhile: " + stall.reason()));
        return response.build();
    }
}
