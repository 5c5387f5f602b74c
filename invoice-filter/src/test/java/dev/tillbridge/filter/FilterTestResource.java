package dev.tillbridge.filter;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.ConsumerGroups;
import dev.tillbridge.infra.TillbridgeTestResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared test resource, plus a Streams application of this run's own that starts exactly at the current
 * end of its input topics (see {@link ConsumerGroups}): earlier runs' raw orders belong to simulators that no
 * longer exist, and an order a test publishes just after readiness must never be skipped.
 */
public class FilterTestResource extends TillbridgeTestResource {

    public static final List<String> STREAMS_INPUTS = List.of(Topics.RAW_ORDERS, Topics.INVOICE_FILTER_MISMATCH_FACTS);

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String applicationId = "invoice-filter-decisions-" + config.get("tillbridge.test.run-id");
        config.put("quarkus.kafka-streams.application-id", applicationId);
        String bootstrapServers = config.get("kafka.bootstrap.servers");
        ConsumerGroups.startAtEnd(bootstrapServers, applicationId, STREAMS_INPUTS);
        // The Auto-Invoice queue's group too: earlier runs' released orders name stores that are gone.
        ConsumerGroups.startAtEnd(bootstrapServers, "invoice-filter-invoicer-" + config.get("tillbridge.test.run-id"),
                List.of(Topics.FILTERED_ORDERS));
        return config;
    }
}
