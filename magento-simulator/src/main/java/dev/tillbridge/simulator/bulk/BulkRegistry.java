package dev.tillbridge.simulator.bulk;

import dev.tillbridge.simulator.store.ProductSaveCommand;
import dev.tillbridge.simulator.store.SimulatedClock;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The store's bulks and its {@code async.operations.all} consumer: one background thread that takes open
 * operations in order and runs them through {@code executor} (which applies the capacity model and faults).
 * Until it gets to an operation, the operation stays status 4 (docs/magento-api.md §6). The consumer can be paused, like a
 * store whose cron does not run consumers, so tests can observe the open state.
 */
public final class BulkRegistry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BulkRegistry.class.getName());

    private record Pending(Bulk bulk, int index, ProductSaveCommand command) {}

    private final Map<String, Bulk> bulks = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final SimulatedClock clock;
    private final Function<ProductSaveCommand, OperationOutcome> executor;
    private final String tenant;
    /** Started by the first bulk: a store that never receives one costs no thread (fleets of 10,000 stores). */
    private Thread consumer;

    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile boolean closed;

    public BulkRegistry(String tenant, SimulatedClock clock, Function<ProductSaveCommand, OperationOutcome> executor) {
        this.clock = clock;
        this.executor = executor;
        this.tenant = tenant;
    }

    private synchronized void startConsumer() {
        if (consumer == null && !closed) {
            consumer = new Thread(this::consume, "sim-bulk-consumer-" + tenant);
            consumer.setDaemon(true);
            consumer.start();
        }
    }

    public Bulk submit(String topicName, List<BulkItem> items) {
        String uuid = UUID.randomUUID().toString();
        List<BulkOperation> operations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BulkItem item = items.get(i);
            operations.add(new BulkOperation(
                    i,
                    uuid,
                    topicName,
                    item.serializedData(),
                    null,
                    item.rejected() ? OperationStatus.REJECTED : OperationStatus.OPEN,
                    item.rejection(),
                    item.rejected() ? 0 : null));
        }
        Bulk bulk = new Bulk(uuid, "Topic " + topicName, clock.now(), operations);
        bulks.put(uuid, bulk);
        startConsumer();
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).rejected()) {
                queue.add(new Pending(bulk, i, items.get(i).command()));
            }
        }
        return bulk;
    }

    public Optional<Bulk> find(String uuid) {
        return Optional.ofNullable(bulks.get(uuid));
    }

    public int operationsWaiting() {
        return queue.size();
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    public boolean paused() {
        return paused;
    }

    private void consume() {
        while (!closed) {
            try {
                awaitNotPaused();
                Pending next = queue.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                // A pause may have come while we waited for this operation; it stays open until resumed.
                awaitNotPaused();
                if (closed) {
                    return;
                }
                OperationOutcome outcome = run(next.command());
                BulkOperation operation = next.bulk().operation(next.index());
                next.bulk()
                        .update(
                                next.index(),
                                operation.finished(
                                        outcome.status(),
                                        outcome.resultMessage(),
                                        outcome.errorCode(),
                                        outcome.resultSerializedData()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A bug in the executor must not kill the consumer; it becomes a not-retriable failure, as in Magento. */
    private OperationOutcome run(ProductSaveCommand command) {
        try {
            return executor.apply(command);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bulk operation failed unexpectedly", e);
            return new OperationOutcome(OperationStatus.NOT_RETRIABLY_FAILED, String.valueOf(e.getMessage()), 0, null);
        }
    }

    private void awaitNotPaused() throws InterruptedException {
        synchronized (pauseLock) {
            while (paused && !closed) {
                pauseLock.wait(200);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (consumer != null) {
            consumer.interrupt();
        }
    }
}
