package dev.tillbridge.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one count of records sent to a dead-letter topic, whichever path sent them (a channel's
 * {@code dead-letter-queue} strategy after {@link TransientRetry} nacked a poison record, invoice-filter's
 * topology, product-pusher's own producer): {@code tillbridge_dlq_records_total{topic}}, where {@code topic} is
 * the topic the record was read from (its dead letters are on {@code <topic>.dlq}). A record lands there only
 * when it can never be processed, so any increase is worth a look (the DLQ alert in deploy/monitoring).
 */
public final class DeadLetters {

    public static final String METRIC = "tillbridge.dlq.records";

    private DeadLetters() {}

    public static Counter counter(MeterRegistry registry, String topic) {
        return Counter.builder(METRIC)
                .description("Records sent to the dead-letter topic of the topic they were read from")
                .tag("topic", topic)
                .register(registry);
    }
}
