package dev.tillbridge.filter.health;

import dev.tillbridge.filter.messaging.StreamsCondition;
import dev.tillbridge.filter.messaging.StreamsWatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The filter's health is its decision stream's: a filter whose stream died must never report ready (it would
 * look healthy while no order is decided). Readiness is UP only while the stream runs or rebalances; liveness
 * goes DOWN once it stopped for good, so Kubernetes restarts the pod. The body names the state and the cause.
 */
public final class DecisionStreamHealth {

    static final String NAME = "Order decision stream";

    private DecisionStreamHealth() {}

    static HealthCheckResponse response(StreamsCondition condition, boolean up) {
        var builder = HealthCheckResponse.named(NAME)
                .status(up)
                .withData("state", condition.state().name())
                .withData("since", condition.since().toString());
        if (condition.error() != null) {
            builder.withData("error", condition.error());
        }
        if (!up) {
            builder.withData(
                    "reason",
                    condition.stopped()
                            ? "The decision stream stopped (" + condition.state() + " since " + condition.since()
                                    + "); no order is decided until the process restarts."
                            : "The decision stream is not running (" + condition.state() + ").");
        }
        return builder.build();
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final StreamsWatch watch;

        public Ready(StreamsWatch watch) {
            this.watch = watch;
        }

        @Override
        public HealthCheckResponse call() {
            StreamsCondition condition = watch.condition();
            return response(condition, condition.ready());
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        private final StreamsWatch watch;

        public Alive(StreamsWatch watch) {
            this.watch = watch;
        }

        @Override
        public HealthCheckResponse call() {
            StreamsCondition condition = watch.condition();
            return response(condition, !condition.stopped());
        }
    }
}
