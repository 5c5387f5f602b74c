package dev.tillbridge.pusher.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed offsets are finished, per partition, so that the committed offset never passes a record
 * Magento has not accepted (or the run has not counted): the commit point is the lowest offset still
 * outstanding, or one past the highest received when none is. Records finish out of order (saves run
 * concurrently), so a finished record behind an unfinished one waits for it.
 */
public final class OffsetTracker {

    private static final class PartitionOffsets {
        final TreeSet<Long> outstanding = new TreeSet<>();
        long nextToRead = -1;
        long committed = -1;

        long commitPoint() {
            return outstanding.isEmpty() ? nextToRead : outstanding.first();
        }
    }

    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

    public synchronized void received(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.computeIfAbsent(partition, p -> new PartitionOffsets());
        offsets.outstanding.add(offset);
        offsets.nextToRead = Math.max(offsets.nextToRead, offset + 1);
    }

    /** A record is finished; ignored for a partition this consumer no longer owns. */
    public synchronized void done(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets != null) {
            offsets.outstanding.remove(offset);
        }
    }

    /** The offsets to commit now: those partitions whose commit point moved since the last commit. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        partitions.forEach((partition, offsets) -> {
            long point = offsets.commitPoint();
            if (point >= 0 && point > offsets.committed) {
                commit.put(partition, new OffsetAndMetadata(point));
            }
        });
        return commit;
    }

    public synchronized Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> commit = toCommit();
        commit.keySet().retainAll(only);
        return commit;
    }

    public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionOffsets held = partitions.get(partition);
            if (held != null) {
                held.committed = Math.max(held.committed, offset.offset());
            }
        });
    }

    /** Records of these partitions still outstanding. */
    public synchronized int outstanding(Collection<TopicPartition> of) {
        int count = 0;
        for (TopicPartition partition : of) {
            PartitionOffsets offsets = partitions.get(partition);
            count += offsets == null ? 0 : offsets.outstanding.size();
        }
        return count;
    }

    public synchronized int outstanding() {
        return partitions.values().stream().mapToInt(p -> p.outstanding.size()).sum();
    }

    public synchronized void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
