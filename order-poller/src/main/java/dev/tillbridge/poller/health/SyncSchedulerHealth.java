package dev.tillbridge.poller.health;

import dev.tillbridge.poller.service.SyncScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The poller is healthy only while its scheduler ticks: a tick stuck on a call that never returns starts no cycle
 * for any integration, yet the process would still answer. DOWN (ready and alive) once the scheduler has been
 * silent for longer than {@code tillbridge.poller.stall-after}, so Kubernetes restarts the pod.
 */
@Liveness
@Readiness
@ApplicationScoped
public class SyncSchedulerHealth implements HealthCheck {

    private final SyncScheduler scheduler;

    public SyncSchedulerHealth(SyncScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public HealthCheckResponse call() {
        return scheduler.heartbeat().health("Sync scheduler");
    }
}
