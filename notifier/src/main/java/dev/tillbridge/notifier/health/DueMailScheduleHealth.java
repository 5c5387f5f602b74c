package dev.tillbridge.notifier.health;

import dev.tillbridge.notifier.service.DueMailSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The notifier is healthy only while its due-mail tick completes: a tick stuck on SMTP or a lock sends no alert
 * mail to anyone, yet the process would still answer. DOWN once it has been silent for longer than
 * {@code tillbridge.notifier.stall-after}, so Kubernetes restarts the pod.
 */
@Liveness
@Readiness
@ApplicationScoped
public class DueMailScheduleHealth implements HealthCheck {

    private final DueMailSchedule schedule;

    public DueMailScheduleHealth(DueMailSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public HealthCheckResponse call() {
        return schedule.heartbeat().health("Due-mail scheduler");
    }
}
