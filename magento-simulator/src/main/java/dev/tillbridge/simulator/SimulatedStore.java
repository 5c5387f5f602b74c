package dev.tillbridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.bulk.Bulk;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.counters.CounterSnapshot;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.fault.FaultPlan;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.search.PagePastEnd;
import dev.tillbridge.simulator.store.Invoice;
import dev.tillbridge.simulator.store.InvoiceRequest;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderChange;
import dev.tillbridge.simulator.store.OrderSeed;
import dev.tillbridge.simulator.store.ProductSaveLog;
import dev.tillbridge.simulator.store.SeedResult;
import dev.tillbridge.simulator.store.StoreView;
import dev.tillbridge.simulator.store.StoredRow;
import dev.tillbridge.simulator.tenant.StoreSettings;
import dev.tillbridge.simulator.tenant.TenantRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One simulated Magento store, seen from a test: the same operations as the admin API ({@code /_sim/stores/…}),
 * as Java methods. Its Magento REST API is under {@link #magentoBaseUrl()}.
 */
public final class SimulatedStore {

    private final TenantRuntime runtime;
    private final String magentoBaseUrl;

    SimulatedStore(TenantRuntime runtime, String magentoBaseUrl) {
        this.runtime = runtime;
        this.magentoBaseUrl = magentoBaseUrl;
    }

    TenantRuntime runtime() {
        return runtime;
    }

    public String tenant() {
        return runtime.tenant();
    }

    /** E.g. {@code http://127.0.0.1:PORT/m/acme}; Magento's paths follow: {@code /rest/V1/orders}, {@code /rest/all/V1/...}. */
    public String magentoBaseUrl() {
        return magentoBaseUrl;
    }

    public List<StoreView> storeViews() {
        return runtime.storeViews();
    }

    // --- settings -------------------------------------------------------------------------------------------

    public StoreSettings settings() {
        return runtime.settings();
    }

    public SimulatedStore settings(StoreSettings settings) {
        runtime.settings(settings);
        return this;
    }

    public SimulatedStore pagePastEnd(PagePastEnd mode) {
        return settings(settings().withPagePastEnd(mode));
    }

    public SimulatedStore inputLimits(boolean on) {
        return settings(settings().withInputLimits(on));
    }

    public SimulatedStore putCreatesUnknownSku(boolean on) {
        return settings(settings().withPutCreatesUnknownSku(on));
    }

    // --- credentials ----------------------------------------------------------------------------------------

    public Credentials credentials() {
        return runtime.authenticator().credentials();
    }

    public SimulatedStore credentials(Credentials credentials) {
        runtime.authenticator().replaceCredentials(credentials);
        return this;
    }

    /** Every credential stops working at once, like a deleted integration: all Magento calls get 401. */
    public SimulatedStore revokeCredentials() {
        return credentials(Credentials.none());
    }

    // --- orders and invoices ("another extension") ---------------------------------------------------------

    public SeedResult seedOrders(int count) {
        return seedOrders(OrderSeed.of(count));
    }

    public SeedResult seedOrders(OrderSeed seed) {
        return runtime.backOffice().seed(seed);
    }

    public Order createOrder(NewOrder order) {
        return runtime.backOffice().create(order);
    }

    public Order updateOrder(int entityId, OrderChange change) {
        return runtime.backOffice().change(entityId, change);
    }

    /** Bumps {@code updated_at} to the simulated now, as any save of the order does. */
    public Order touchOrder(int entityId) {
        return runtime.backOffice().touch(entityId);
    }

    /**
     * Invoices everything left, as another extension would. Throws {@link MagentoException} with the REST route's
     * message when Magento would refuse. Returns the invoice id.
     */
    public int invoiceOrder(int entityId) {
        return invoiceOrder(entityId, InvoiceRequest.everything());
    }

    public int invoiceOrder(int entityId, InvoiceRequest request) {
        return runtime.backOffice().invoice(entityId, request);
    }

    public Optional<Order> order(int entityId) {
        return runtime.orderBook().order(entityId);
    }

    /** In insertion (entity id) order. */
    public List<Order> orders() {
        return runtime.orderBook().orderRows().stream().map(StoredRow::value).toList();
    }

    public int orderCount() {
        return runtime.orderBook().orderCount();
    }

    public List<Invoice> invoices() {
        return runtime.orderBook().invoiceRows().stream().map(StoredRow::value).toList();
    }

    // --- products -------------------------------------------------------------------------------------------

    /** Creates {@code count} simple products {@code prefix1 … prefixN} (not counted as saves). */
    public SimulatedStore seedProducts(int count, String skuPrefix) {
        List<ObjectNode> products = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ObjectNode product = JsonNodeFactory.instance.objectNode();
            product.put("sku", skuPrefix + i);
            product.put("name", "Product " + skuPrefix + i);
            product.put("price", 10 + i % 90);
            products.add(product);
        }
        return seedProducts(products);
    }

    /** Creates or replaces products from ProductInterface JSON ({@code sku} required; not counted as saves). */
    public SimulatedStore seedProducts(List<ObjectNode> products) {
        runtime.catalog().seed(products);
        return this;
    }

    public Optional<JsonNode> product(String sku) {
        try {
            return Optional.of(runtime.catalog().get(sku));
        } catch (MagentoException e) {
            return Optional.empty();
        }
    }

    public int productCount() {
        return runtime.catalog().size();
    }

    /** Every successful save since the last counter reset: counts and latest values per SKU. */
    public ProductSaveLog productSaves() {
        return runtime.catalog().saveLog();
    }

    public int productSaveCount(String sku) {
        return productSaves().saveCount(sku);
    }

    /** The product as it was after its latest save (empty if it was never saved). */
    public Optional<JsonNode> latestSavedProduct(String sku) {
        return productSaves().latest(sku).map(ProductSaveLog.ProductSave::product);
    }

    // --- bulk consumer --------------------------------------------------------------------------------------

    /** Operations then stay open (status 4), like a store whose consumers do not run. */
    public SimulatedStore pauseBulkConsumer() {
        runtime.bulks().pause();
        return this;
    }

    public SimulatedStore resumeBulkConsumer() {
        runtime.bulks().resume();
        return this;
    }

    public boolean bulkConsumerPaused() {
        return runtime.bulks().paused();
    }

    public Optional<Bulk> bulk(String bulkUuid) {
        return runtime.bulks().find(bulkUuid);
    }

    // --- clock ----------------------------------------------------------------------------------------------

    public Instant now() {
        return runtime.clock().now();
    }

    public SimulatedStore advanceClock(Duration by) {
        runtime.clock().advance(by);
        return this;
    }

    public SimulatedStore setClock(Instant now) {
        runtime.clock().set(now);
        return this;
    }

    public Duration clockOffset() {
        return runtime.clock().offset();
    }

    // --- capacity and faults --------------------------------------------------------------------------------

    public CapacitySettings capacity() {
        return runtime.capacity().settings();
    }

    public SimulatedStore capacity(CapacitySettings settings) {
        runtime.capacity().update(settings);
        return this;
    }

    public FaultPlan faults() {
        return runtime.faults().plan();
    }

    public SimulatedStore faults(FaultPlan plan) {
        runtime.faults().install(plan);
        return this;
    }

    public SimulatedStore faults(FaultRule... rules) {
        return faults(FaultPlan.of(rules));
    }

    public SimulatedStore clearFaults() {
        return faults(FaultPlan.none());
    }

    // --- counters -------------------------------------------------------------------------------------------

    public CounterSnapshot counters() {
        return runtime.counterSnapshot();
    }

    /** Clears request counts, bulk counts and the product save log. */
    public SimulatedStore resetCounters() {
        runtime.resetCounters();
        return this;
    }
}
