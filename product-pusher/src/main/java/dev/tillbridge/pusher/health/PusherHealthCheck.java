package dev.tillbridge.pusher.health;

import dev.tillbridge.pusher.messaging.PusherRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the product-updates consumer and the dispatcher run; a dead one needs a restart. */
@Liveness
@ApplicationScoped
public class PusherHealthCheck implements HealthCheck {

    private final PusherRuntime runtime;

    public PusherHealthCheck(PusherRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Product pusher")
                .status(runtime.alive())
                .build();
    }
}
