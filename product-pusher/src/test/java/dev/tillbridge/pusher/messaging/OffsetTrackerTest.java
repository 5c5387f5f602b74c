package dev.tillbridge.pusher.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("product-updates", 0);
    private static final TopicPartition P1 = new TopicPartition("product-updates", 1);

    @Test
    void theCommitNeverPassesARecordThatIsNotFinished() {
        OffsetTracker tracker = new OffsetTracker();
        for (long offset = 100; offset < 105; offset++) {
            tracker.received(P0, offset);
        }
        tracker.done(P0, 100);
        tracker.done(P0, 102);
        tracker.done(P0, 103);

        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(101)));
        tracker.committed(tracker.toCommit());
        assertThat(tracker.toCommit()).as("nothing new to commit").isEmpty();

        tracker.done(P0, 101);
        tracker.done(P0, 104);
        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(105)));
    }

    @Test
    void partitionsAreTrackedApartAndForgottenWhenRevoked() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.received(P0, 5);
        tracker.received(P1, 7);
        tracker.done(P1, 7);

        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(8)));
        assertThat(tracker.outstanding(List.of(P0))).isEqualTo(1);
        tracker.forget(List.of(P0));
        tracker.done(P0, 5);
        assertThat(tracker.toCommit()).containsOnlyKeys(P1);
        assertThat(tracker.outstanding()).isZero();
    }
}
