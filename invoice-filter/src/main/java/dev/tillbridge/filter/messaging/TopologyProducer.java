package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.Topics;
import dev.tillbridge.filter.config.FilterConfig;
import dev.tillbridge.filter.service.MismatchWatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.apache.kafka.streams.Topology;

/** Hands the topology to Quarkus' Kafka Streams extension, which runs it with exactly_once_v2. */
@ApplicationScoped
public class TopologyProducer {

    private final FilterConfig config;
    private final Clock clock;
    private final Counter malformed;

    public TopologyProducer(FilterConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.malformed = Counter.builder("tillbridge.events.malformed").tag("topic", Topics.RAW_ORDERS)
                .description("Records that could not be read as events and went to the dead-letter topic")
                .register(registry);
    }

    @Produces
    Topology topology() {
        var thresholds = new MismatchWatch.Thresholds(config.mismatch().alreadyInvoicedCount(), config.mismatch().window());
        return DownloadModeTopology.build(clock, thresholds, config.mismatch().checkInterval(), malformed::increment);
    }
}
