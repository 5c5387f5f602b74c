package dev.tillbridge.filter.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.internals.OffsetCheckpoint;
import org.jboss.logging.Logger;

/**
 * Before Kafka Streams opens its stores: wipes every store folder (a task's, or the global one) whose checkpoint
 * names an offset its topic does not have, so the store is rebuilt from its topic instead of failing.
 *
 * <p>Why: a state folder can outlive its broker's data (a topic deleted and created again, a restored or new
 * broker, a pod's volume kept across a cluster change). Kafka Streams trusts the checkpoint: the global store's
 * thread seeks to an offset beyond the topic's end, gets an {@code OffsetOutOfRangeException} and the whole client
 * goes to ERROR, so nothing is decided. A store rebuilt from its compacted topic or changelog is always right; a
 * store read from a wrong position never is. Checkpoints inside the topic's range are left alone.
 */
public final class StateDirectoryCheck {

    private static final Logger LOG = Logger.getLogger(StateDirectoryCheck.class);
    private static final String CHECKPOINT = ".checkpoint";

    private StateDirectoryCheck() {}

    /**
     * @param applicationDir {@code <state.dir>/<application.id>}
     * @return the store folders wiped
     */
    public static List<Path> wipeStale(Path applicationDir, Admin admin, Duration timeout) {
        Map<Path, Map<TopicPartition, Long>> checkpoints = checkpoints(applicationDir);
        if (checkpoints.isEmpty()) {
            return List.of();
        }
        Set<TopicPartition> partitions = new HashSet<>();
        checkpoints.values().forEach(c -> partitions.addAll(c.keySet()));
        Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest(), timeout);
        Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest(), timeout);

        List<Path> wiped = new ArrayList<>();
        checkpoints.forEach((folder, offsets) -> {
            List<String> wrong = new ArrayList<>();
            offsets.forEach((partition, offset) -> {
                if (offset < 0) {
                    return; // OFFSET_UNKNOWN: Streams restores such a store from the beginning anyway
                }
                Long start = earliest.get(partition);
                Long end = latest.get(partition);
                if (start == null || end == null) {
                    wrong.add(partition + " at " + offset + " (the partition does not exist)");
                } else if (offset > end || offset < start) {
                    wrong.add(partition + " at " + offset + " (the topic holds " + start + ".." + end + ")");
                }
            });
            if (!wrong.isEmpty()) {
                LOG.warnf(
                        "State store folder %s was checkpointed at offsets its topic does not have (%s): wiping it,"
                                + " it is rebuilt from the topic",
                        folder, String.join(", ", wrong));
                delete(folder);
                wiped.add(folder);
            }
        });
        return wiped;
    }

    private static Map<Path, Map<TopicPartition, Long>> checkpoints(Path applicationDir) {
        Map<Path, Map<TopicPartition, Long>> found = new HashMap<>();
        if (!Files.isDirectory(applicationDir)) {
            return found;
        }
        try (Stream<Path> folders = Files.list(applicationDir)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Path file = folder.resolve(CHECKPOINT);
                if (Files.isRegularFile(file)) {
                    try {
                        found.put(folder, new OffsetCheckpoint(file.toFile()).read());
                    } catch (IOException | RuntimeException e) {
                        LOG.warnf("Unreadable checkpoint %s (%s): wiping the store folder", file, e.getMessage());
                        delete(folder);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the state folder " + applicationDir, e);
        }
        return found;
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, Set<TopicPartition> partitions, OffsetSpec spec, Duration timeout) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        ListOffsetsResult result = admin.listOffsets(request);
        for (TopicPartition partition : partitions) {
            try {
                offsets.put(
                        partition,
                        result.partitionResult(partition)
                                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                .offset());
            } catch (ExecutionException e) {
                // Unknown topic or partition: left out, so its store counts as stale.
                LOG.debugf("No offsets for %s: %s", partition, e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "The broker did not list the offsets of " + partition + " within " + timeout.toSeconds() + " s",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while checking the state folder", e);
            }
        }
        return offsets;
    }

    private static void delete(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot wipe the state store folder " + folder, e);
        }
    }
}
