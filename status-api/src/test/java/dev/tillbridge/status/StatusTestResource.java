package dev.tillbridge.status;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TillbridgeTestResource;
import java.util.List;
import java.util.Map;

/** The shared test resource; this run's read-model consumers start at the current end of their topics. */
public class StatusTestResource extends TillbridgeTestResource {

    @Override
    protected Map<String, List<String>> groupsStartingAtEnd(String runId) {
        return Map.of(
                "status-api.filtered-orders-" + runId, List.of(Topics.FILTERED_ORDERS),
                "status-api.skipped-orders-" + runId, List.of(Topics.SKIPPED_ORDERS),
                "status-api.sync-cycles-" + runId, List.of(Topics.SYNC_CYCLES),
                "status-api.product-progress-" + runId, List.of(Topics.PRODUCT_PROGRESS),
                "status-api.integration-logs-" + runId, List.of(Topics.INTEGRATION_LOGS),
                "status-api.integration-alerts-" + runId, List.of(Topics.INTEGRATION_ALERTS),
                "status-api.notifications-" + runId, List.of(Topics.NOTIFICATIONS),
                "status-api.raw-orders-" + runId, List.of(Topics.RAW_ORDERS));
    }
}
