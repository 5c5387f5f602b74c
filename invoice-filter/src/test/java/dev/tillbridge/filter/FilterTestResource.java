package dev.tillbridge.filter;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TillbridgeTestResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared test resource, with this run's own Streams application and Auto-Invoice group starting at the
 * current end of their inputs: earlier runs' orders belong to simulators that no longer exist.
 */
public class FilterTestResource extends TillbridgeTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("quarkus.kafka-streams.application-id", applicationId(config.get("tillbridge.test.run-id")));
        return config;
    }

    @Override
    protected Map<String, List<String>> groupsStartingAtEnd(String runId) {
        return Map.of(
                applicationId(runId),
                List.of(Topics.RAW_ORDERS, Topics.INVOICE_FILTER_MISMATCH_FACTS),
                "invoice-filter-invoicer-" + runId,
                List.of(Topics.FILTERED_ORDERS));
    }

    private static String applicationId(String runId) {
        return "invoice-filter-decisions-" + runId;
    }
}
