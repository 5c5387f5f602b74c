package dev.tillbridge.poller;

import dev.tillbridge.events.Topics;
import dev.tillbridge.infra.TillbridgeTestResource;
import java.util.List;
import java.util.Map;

/**
 * The shared test resource, with this run's poller reading {@code integrations} from its current end: on a
 * broker other test runs share, their integrations (sealed with other keys, for stores that no longer exist)
 * would otherwise be polled and alerted on as CREDENTIALS_UNREADABLE or MAGENTO_UNREACHABLE, in their name.
 */
public class PollerTestResource extends TillbridgeTestResource {

    @Override
    protected Map<String, List<String>> groupsStartingAtEnd(String runId) {
        return Map.of(
                "order-poller-" + runId,
                List.of(Topics.INTEGRATIONS),
                "order-poller-sync-requests-" + runId,
                List.of(Topics.SYNC_REQUESTS));
    }
}
