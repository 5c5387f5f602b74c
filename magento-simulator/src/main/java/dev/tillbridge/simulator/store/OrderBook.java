package dev.tillbridge.simulator.store;

import dev.tillbridge.simulator.search.ColumnSchema;
import dev.tillbridge.simulator.search.InputLimits;
import dev.tillbridge.simulator.search.PagePastEnd;
import dev.tillbridge.simulator.search.SearchCriteria;
import dev.tillbridge.simulator.search.SearchResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One store's orders and invoices with their id sequences. Changes to one order are serialized by a per-order
 * lock, like the mutex Magento's InvoiceOrder takes (docs/magento-api.md §4), so "another extension" and the REST API cannot
 * invoice the same order twice.
 */
public final class OrderBook {

    public static final ColumnSchema ORDER_COLUMNS = RecordColumns.of(Order.class);
    public static final ColumnSchema INVOICE_COLUMNS = RecordColumns.of(Invoice.class);

    private final RowTable<Order> orders = new RowTable<>(Order::entityId, ORDER_COLUMNS);
    private final RowTable<Invoice> invoices = new RowTable<>(Invoice::entityId, INVOICE_COLUMNS);
    private final Map<Integer, ReentrantLock> orderLocks = new ConcurrentHashMap<>();
    private final AtomicInteger orderIds = new AtomicInteger();
    private final AtomicInteger itemIds = new AtomicInteger();
    private final AtomicInteger addressIds = new AtomicInteger();
    private final AtomicInteger invoiceIds = new AtomicInteger();
    private final AtomicInteger invoiceItemIds = new AtomicInteger();
    private final Map<Integer, AtomicInteger> orderIncrements = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> invoiceIncrements = new ConcurrentHashMap<>();

    int nextOrderId() {
        return orderIds.incrementAndGet();
    }

    int nextItemId() {
        return itemIds.incrementAndGet();
    }

    int nextAddressId() {
        return addressIds.incrementAndGet();
    }

    int nextInvoiceId() {
        return invoiceIds.incrementAndGet();
    }

    int nextInvoiceItemId() {
        return invoiceItemIds.incrementAndGet();
    }

    String nextOrderIncrementId(int storeId) {
        return incrementId(orderIncrements, storeId);
    }

    String nextInvoiceIncrementId(int storeId) {
        return incrementId(invoiceIncrements, storeId);
    }

    /** Magento's sequence profile: store 1 counts "000000001", other stores prefix their id ("2000000001"). */
    private static String incrementId(Map<Integer, AtomicInteger> sequences, int storeId) {
        int next = sequences.computeIfAbsent(storeId, id -> new AtomicInteger()).incrementAndGet();
        return (storeId <= 1 ? "" : String.valueOf(storeId)) + String.format("%09d", next);
    }

    StoredRow<Order> insert(Order order) {
        return orders.insert(order);
    }

    StoredRow<Order> replace(Order order) {
        return orders.replace(order);
    }

    StoredRow<Invoice> insertInvoice(Invoice invoice) {
        return invoices.insert(invoice);
    }

    /** Runs a read-modify-write of one order while holding that order's lock. */
    public <T> T withOrderLock(int orderId, Supplier<T> change) {
        ReentrantLock lock = orderLocks.computeIfAbsent(orderId, id -> new ReentrantLock());
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    public Optional<StoredRow<Order>> orderRow(int entityId) {
        return orders.find(entityId);
    }

    public Optional<Order> order(int entityId) {
        return orders.find(entityId).map(StoredRow::value);
    }

    public List<StoredRow<Order>> orderRows() {
        return orders.snapshot();
    }

    public int orderCount() {
        return orders.size();
    }

    public SearchResult<StoredRow<Order>> searchOrders(
            SearchCriteria criteria, PagePastEnd pagePastEnd, InputLimits limits) {
        return orders.search(criteria, pagePastEnd, limits);
    }

    public SearchResult<StoredRow<Invoice>> searchInvoices(
            SearchCriteria criteria, PagePastEnd pagePastEnd, InputLimits limits) {
        return invoices.search(criteria, pagePastEnd, limits);
    }

    public Optional<StoredRow<Invoice>> invoiceRow(int entityId) {
        return invoices.find(entityId);
    }

    public List<StoredRow<Invoice>> invoiceRows() {
        return invoices.snapshot();
    }
}
