package dev.tillbridge.notifier;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TillbridgeTestResource;
import java.util.List;
import java.util.Map;

/** The shared test resource; this run's alert consumer starts at the current end of integration-alerts. */
public class NotifierTestResource extends TillbridgeTestResource {

    @Override
    protected Map<String, List<String>> groupsStartingAtEnd(String runId) {
        return Map.of("notifier-alerts-" + runId, List.of(Topics.INTEGRATION_ALERTS));
    }
}
