package dev.tillbridge.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code filtered-orders}, {@code skipped-orders} and {@code raw-orders} are applied a poll at a time, in one
 * transaction (ReadModelConsumers.consumePoll), as {@code sync-cycles} is ({@link SyncCycleBatchTest}). A poison
 * record among good ones goes to the dead-letter topic alone; the good ones around it, of two integrations whose
 * releases and skips arrive on two channels at once, are all counted, once.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class OrderTopicsBatchTest extends StatusApiTestSupport {

    @Test
    void anUnreadableReleaseAmongGoodOnesGoesToTheDeadLetterTopicAloneAndEveryOtherOrderCounts() {
        OtherServices one = configuredIntegration();
        OtherServices other = configuredIntegration();
        String bad = "{\"not\": \"a release " + UUID.randomUUID() + "\"}";
        // Sent back to back, so they are likely one poll: the bad record among good ones of both integrations.
        for (int i = 1; i <= 20; i++) {
            one.released(i, "1000000" + i);
            other.released(i, "2000000" + i);
            if (i == 10) {
                kafka.send(Topics.FILTERED_ORDERS, Topics.orderKey(one.integrationId(), 999), bad);
            }
            other.skipped(100 + i, SkipReason.ON_HOLD);
            one.skipped(100 + i, SkipReason.ALREADY_INVOICED);
        }
        for (OtherServices services : new OtherServices[] {one, other}) {
            awaitStatus(
                    tokenFor(services.accountId()),
                    services.integrationId(),
                    Duration.ofMinutes(2),
                    status -> status.body("orders.downloaded.today", is(20)).body("orders.skipped.today", is(20)));
        }
        var dead = kafka.readUntil(
                Topics.deadLetter(Topics.FILTERED_ORDERS),
                r -> bad.equals(r.value()),
                found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        // At least once: a rebalance on a starved machine may dead-letter the same offset a second time.
        assertThat(dead).as("only the unreadable record is dead-lettered").isNotEmpty();
        assertThat(kafka.readAll(
                        Topics.deadLetter(Topics.FILTERED_ORDERS),
                        r -> r.key() != null && r.key().startsWith(other.integrationId())))
                .as("no good release is dead-lettered")
                .isEmpty();
    }
}
