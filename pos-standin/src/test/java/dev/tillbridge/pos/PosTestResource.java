package dev.tillbridge.pos;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TillbridgeTestResource;
import java.util.List;
import java.util.Map;

/** The shared test resource; this run's POS reads filtered-orders from its current end, as a new connector would. */
public class PosTestResource extends TillbridgeTestResource {

    @Override
    protected Map<String, List<String>> groupsStartingAtEnd(String runId) {
        return Map.of("pos-standin-" + runId, List.of(Topics.FILTERED_ORDERS));
    }
}
