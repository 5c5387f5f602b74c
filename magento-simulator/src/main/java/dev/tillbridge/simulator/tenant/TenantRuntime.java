package dev.tillbridge.simulator.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.auth.RequestAuthenticator;
import dev.tillbridge.simulator.bulk.BulkRegistry;
import dev.tillbridge.simulator.bulk.OperationOutcome;
import dev.tillbridge.simulator.bulk.OperationStatus;
import dev.tillbridge.simulator.capacity.CapacityGate;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.counters.CounterSnapshot;
import dev.tillbridge.simulator.counters.RequestCounters;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.fault.FaultInjector;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.json.SimulatorJson;
import dev.tillbridge.simulator.store.BackOffice;
import dev.tillbridge.simulator.store.Catalog;
import dev.tillbridge.simulator.store.InvoiceOrder;
import dev.tillbridge.simulator.store.OrderBook;
import dev.tillbridge.simulator.store.ProductSaveCommand;
import dev.tillbridge.simulator.store.SimulatedClock;
import dev.tillbridge.simulator.store.StoreView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything one simulated store (tenant) consists of: its data, clock, credentials, settings, capacity, faults
 * and counters. Internal to the simulator; tests use {@link dev.tillbridge.simulator.SimulatedStore}.
 */
public final class TenantRuntime implements AutoCloseable {

    /** The fault route key of the bulk consumer's saves. */
    public static final String CONSUMER_ROUTE = "CONSUMER async.operations.all";
    /** Magento reports the concrete (intercepted) class the consumer called. */
    static final String BULK_SUCCESS =
            "Service execution success Magento\\Catalog\\Model\\ProductRepository\\Interceptor::save";

    private static final StoreView ALL = new StoreView("all", 0, "Admin");

    private final String tenant;
    private final List<StoreView> storeViews;
    private final AtomicReference<StoreSettings> settings;
    private final SimulatedClock clock;
    private final RequestAuthenticator authenticator;
    private final OrderBook orderBook = new OrderBook();
    private final InvoiceOrder invoiceOrder;
    private final BackOffice backOffice;
    private final Catalog catalog;
    private final CapacityGate capacity = new CapacityGate(CapacitySettings.unlimited());
    private final FaultInjector faults = new FaultInjector();
    private final RequestCounters counters = new RequestCounters();
    private final AtomicInteger productSavesInProgress = new AtomicInteger();
    private final BulkRegistry bulks;

    public TenantRuntime(
            String tenant,
            Credentials credentials,
            List<StoreView> storeViews,
            StoreSettings settings,
            Clock realClock) {
        this.tenant = tenant;
        this.storeViews = List.copyOf(storeViews);
        this.settings = new AtomicReference<>(settings);
        this.clock = new SimulatedClock(realClock);
        this.authenticator = new RequestAuthenticator(credentials, realClock);
        this.invoiceOrder = new InvoiceOrder(orderBook, clock);
        this.backOffice = new BackOffice(orderBook, clock, this.storeViews, invoiceOrder);
        this.catalog = new Catalog(clock);
        this.bulks = new BulkRegistry(tenant, clock, this::runBulkOperation);
    }

    public String tenant() {
        return tenant;
    }

    public List<StoreView> storeViews() {
        return storeViews;
    }

    /** {@code all} is the global scope; any other code must be one of the store's views. */
    public Optional<StoreView> storeView(String code) {
        if (ALL.code().equals(code)) {
            return Optional.of(ALL);
        }
        return storeViews.stream().filter(v -> v.code().equals(code)).findFirst();
    }

    public StoreSettings settings() {
        return settings.get();
    }

    public void settings(StoreSettings next) {
        settings.set(next);
    }

    public SimulatedClock clock() {
        return clock;
    }

    public RequestAuthenticator authenticator() {
        return authenticator;
    }

    public OrderBook orderBook() {
        return orderBook;
    }

    public InvoiceOrder invoiceOrder() {
        return invoiceOrder;
    }

    public BackOffice backOffice() {
        return backOffice;
    }

    public Catalog catalog() {
        return catalog;
    }

    public CapacityGate capacity() {
        return capacity;
    }

    public FaultInjector faults() {
        return faults;
    }

    public RequestCounters counters() {
        return counters;
    }

    public BulkRegistry bulks() {
        return bulks;
    }

    public CounterSnapshot counterSnapshot() {
        return counters.snapshot(catalog.saveLog().totalSaves(), bulks.operationsWaiting());
    }

    public void resetCounters() {
        counters.reset();
        catalog.saveLog().reset();
    }

    /** Marks a product save as in progress for its whole service time, so overlapping saves can be detected. */
    public SaveInProgress productSaveInProgress() {
        productSavesInProgress.incrementAndGet();
        return new SaveInProgress(productSavesInProgress);
    }

    /** Closing it ends the save's "in progress" period. */
    public static final class SaveInProgress implements AutoCloseable {
        private final AtomicInteger counter;
        private boolean closed;

        private SaveInProgress(AtomicInteger counter) {
            this.counter = counter;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                counter.decrementAndGet();
            }
        }
    }

    public boolean otherProductSavesInProgress() {
        return productSavesInProgress.get() > 1;
    }

    /** A synchronous save: a lost lock is a 400 with the rule's message, as ProductRepository reports it. */
    public ObjectNode saveProduct(ProductSaveCommand command, String routeKey) {
        return catalog.save(command, settings().putCreatesUnknownSku(), () -> {
            Optional<FaultRule> hit = faults.lockWait(routeKey, otherProductSavesInProgress());
            if (hit.isPresent()) {
                throw MagentoException.input(hit.get().message());
            }
        });
    }

    /**
     * The consumer's work on one operation: it takes a worker like a web request (consumers run on the same
     * server), saves, and keeps the worker for the per-product service time. A lost lock is retriable (2), like
     * Magento's temporary-state exceptions; any other Magento error is not (3).
     */
    private OperationOutcome runBulkOperation(ProductSaveCommand command) {
        OperationOutcome outcome;
        try (CapacityGate.Admission admission = capacity.admitBackground();
                SaveInProgress ignored = productSaveInProgress()) {
            try {
                ObjectNode saved = catalog.save(command, settings().putCreatesUnknownSku(), () -> {
                    Optional<FaultRule> hit = faults.lockWait(CONSUMER_ROUTE, otherProductSavesInProgress());
                    if (hit.isPresent()) {
                        throw new LostLock(hit.get().message());
                    }
                });
                outcome = new OperationOutcome(
                        OperationStatus.COMPLETE,
                        BULK_SUCCESS,
                        null,
                        new String(SimulatorJson.bytes(saved), StandardCharsets.UTF_8));
            } catch (LostLock e) {
                outcome = new OperationOutcome(OperationStatus.RETRIABLY_FAILED, e.getMessage(), 0, null);
            } catch (MagentoException e) {
                outcome = new OperationOutcome(OperationStatus.NOT_RETRIABLY_FAILED, e.renderedMessage(), 0, null);
            } finally {
                admission.serve(capacity.settings().serviceTimes().forBulkOperation());
            }
        }
        counters.bulkFinished(outcome.status().code());
        return outcome;
    }

    private static final class LostLock extends RuntimeException {
        LostLock(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void close() {
        bulks.close();
    }
}
