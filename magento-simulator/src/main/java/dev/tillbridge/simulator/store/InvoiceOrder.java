package dev.tillbridge.simulator.store;

import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.store.Invoice.InvoiceItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magento's {@code InvoiceOrderInterface::execute} (M:…/Sales/Model/InvoiceOrder.php): validates, invoices and
 * moves the order {@code new → processing} (or {@code complete} once nothing is left to invoice or ship), sets
 * {@code total_invoiced}/{@code total_paid} and bumps {@code updated_at}, under the order's lock.
 *
 * <p>The simulated payment is offline ({@code checkmo}), so an invoice is paid at once: invoice state 2 and
 * {@code total_paid} move with {@code total_invoiced} whether or not {@code capture} is sent.
 */
public final class InvoiceOrder {

    static final String VALIDATION_PREFIX = "Invoice Document Validation Error(s):\n";

    private final OrderBook book;
    private final SimulatedClock clock;

    public InvoiceOrder(OrderBook book, SimulatedClock clock) {
        this.book = book;
        this.clock = clock;
    }

    /** Returns the new invoice's entity id (the REST route answers it as a bare scalar). */
    public int execute(int orderId, InvoiceRequest request) {
        return book.withOrderLock(orderId, () -> {
            Order order = book.order(orderId)
                    .orElseThrow(() -> MagentoException.noSuchEntity(MagentoException.ENTITY_NOT_FOUND));
            Map<Integer, Integer> quantities = validate(order, request == null ? InvoiceRequest.everything() : request);
            Invoiced result = apply(order, quantities, clock.now());
            Order moved = result.order()
                    .withStateAndStatus(
                            stateAfterInvoice(result.order()).code(),
                            stateAfterInvoice(result.order()).defaultStatus(),
                            result.order().updatedAt());
            book.replace(moved);
            book.insertInvoice(result.invoice());
            return result.invoice().entityId();
        });
    }

    /** The state Order/StateResolver gives an order that was just invoiced. */
    private static OrderState stateAfterInvoice(Order order) {
        boolean allDone = order.items().stream()
                .allMatch(i -> i.qtyToInvoice() == 0 && i.qtyShipped() + i.qtyCanceled() >= i.qtyOrdered());
        return allDone ? OrderState.COMPLETE : OrderState.PROCESSING;
    }

    /**
     * The checks of CanInvoice and InvoiceQuantityValidator, collected and reported together in one 400, as
     * Magento does; the individual messages are already filled in (they are concatenated, not placeholders).
     */
    private static Map<Integer, Integer> validate(Order order, InvoiceRequest request) {
        List<String> errors = new ArrayList<>();
        if (OrderState.NOT_INVOICEABLE.contains(order.orderState())) {
            errors.add("An invoice cannot be created when an order has a status of " + order.status());
        } else if (order.items().stream().noneMatch(i -> i.qtyToInvoice() > 0)) {
            errors.add("The order does not allow an invoice to be created.");
        }
        Map<Integer, Integer> quantities = new LinkedHashMap<>();
        if (request.items() == null || request.items().isEmpty()) {
            for (OrderItem item : order.items()) {
                if (!item.isChild() && item.qtyToInvoice() > 0) {
                    quantities.put(item.itemId(), item.qtyToInvoice());
                }
            }
        } else {
            Map<Integer, OrderItem> byId = new LinkedHashMap<>();
            order.items().forEach(i -> byId.put(i.itemId(), i));
            boolean foreign = false;
            for (InvoiceRequest.Item requested : request.items()) {
                OrderItem item = requested.orderItemId() == null ? null : byId.get(requested.orderItemId());
                if (item == null) {
                    foreign = true;
                    continue;
                }
                int qty = requested.qty() == null ? 0 : requested.qty();
                if (qty > item.qtyToInvoice()) {
                    errors.add(
                            "The quantity to invoice must not be greater than the uninvoiced quantity for product SKU \""
                                    + item.sku() + "\".");
                }
                if (qty > 0) {
                    quantities.merge(item.itemId(), qty, Integer::sum);
                }
            }
            if (foreign) {
                errors.add("The invoice contains one or more items that are not part of the original order.");
            }
        }
        if (quantities.isEmpty()) {
            errors.add("You can't create an invoice without products.");
        }
        if (!errors.isEmpty()) {
            throw MagentoException.input(VALIDATION_PREFIX + String.join("\n", errors));
        }
        return quantities;
    }

    record Invoiced(Order order, Invoice invoice) {}

    /**
     * Invoices the given quantities (a configurable parent takes its child along) without any check; the seeder
     * uses this for orders that were invoiced "in the past". The order's state is left to the caller.
     */
    Invoiced apply(Order order, Map<Integer, Integer> quantities, Instant at) {
        List<OrderItem> items = new ArrayList<>();
        List<InvoiceItem> lines = new ArrayList<>();
        int invoiceId = book.nextInvoiceId();
        BigDecimal subtotal = BigDecimal.ZERO;
        int totalQty = 0;
        for (OrderItem item : order.items()) {
            Integer qty = quantities.get(
                    item.isChild() && !quantities.containsKey(item.itemId()) ? item.parentItemId() : item.itemId());
            int added = qty == null ? 0 : Math.min(qty, item.qtyToInvoice());
            items.add(added == 0 ? item : item.withInvoiced(added, at));
            if (added > 0) {
                BigDecimal row = item.price().multiply(BigDecimal.valueOf(added));
                subtotal = subtotal.add(row);
                totalQty += item.isChild() ? 0 : added;
                lines.add(new InvoiceItem(
                        book.nextInvoiceItemId(),
                        invoiceId,
                        item.itemId(),
                        item.sku(),
                        item.name(),
                        item.productId(),
                        added,
                        item.price(),
                        item.basePrice(),
                        row,
                        row));
            }
        }
        OrderTotals totals = order.totals();
        boolean firstInvoice = totals.totalInvoiced() == null;
        boolean nothingLeft = items.stream().allMatch(i -> i.qtyToInvoice() == 0);
        BigDecimal shipping = firstInvoice ? totals.shippingAmount() : BigDecimal.ZERO;
        // The last invoice takes whatever is left so the totals always add up to grand_total.
        BigDecimal grandTotal =
                nothingLeft ? totals.grandTotal().subtract(totals.invoicedOrZero()) : subtotal.add(shipping);
        OrderTotals newTotals = totals.withInvoiced(grandTotal);
        Order invoicedOrder = order.withInvoice(
                items, newTotals, order.payment().withPaid(newTotals.totalPaid()), order.state(), order.status(), at);
        Invoice invoice = new Invoice(
                invoiceId,
                order.entityId(),
                book.nextInvoiceIncrementId(order.storeId()),
                Invoice.STATE_PAID,
                order.storeId(),
                subtotal,
                subtotal,
                shipping,
                shipping,
                BigDecimal.ZERO,
                grandTotal,
                grandTotal,
                totalQty,
                totals.orderCurrencyCode(),
                at,
                at,
                List.copyOf(lines));
        return new Invoiced(invoicedOrder, invoice);
    }
}
