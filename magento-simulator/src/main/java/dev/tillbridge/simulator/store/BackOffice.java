package dev.tillbridge.simulator.store;

import dev.tillbridge.simulator.error.MagentoException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What happens to orders outside Tillbridge's REST calls: customers placing orders, staff or "another
 * extension" changing and invoicing them, and bulk seeding for tests and benchmarks.
 */
public final class BackOffice {

    private static final Set<OrderState> INVOICED_BY_DEFAULT = Set.of(OrderState.COMPLETE, OrderState.CLOSED);

    private final OrderBook book;
    private final SimulatedClock clock;
    private final List<StoreView> storeViews;
    private final OrderFactory factory;
    private final InvoiceOrder invoiceOrder;

    public BackOffice(OrderBook book, SimulatedClock clock, List<StoreView> storeViews, InvoiceOrder invoiceOrder) {
        this.book = book;
        this.clock = clock;
        this.storeViews = storeViews;
        this.factory = new OrderFactory(book, storeViews);
        this.invoiceOrder = invoiceOrder;
    }

    public Order create(NewOrder spec) {
        Instant now = clock.now();
        if (spec.committedLateFrom() != null) {
            // The transaction stamped its timestamps when it started; the row becomes visible only now.
            Instant started = committedLate(spec.committedLateFrom(), now);
            Instant createdAt = spec.createdAt() != null ? spec.createdAt() : started;
            if (createdAt.isAfter(started)) {
                throw new IllegalArgumentException("created_at is after committed_late_from");
            }
            return create(spec, ThreadLocalRandom.current(), createdAt, started);
        }
        Instant createdAt = spec.createdAt() != null ? spec.createdAt() : now;
        return create(spec, ThreadLocalRandom.current(), createdAt, createdAt.isAfter(now) ? createdAt : now);
    }

    /** A transaction's start: whole seconds as MySQL TIMESTAMP stores them, and not after the store's now. */
    private static Instant committedLate(Instant started, Instant now) {
        Instant at = started.truncatedTo(ChronoUnit.SECONDS);
        if (at.isAfter(now)) {
            throw new IllegalArgumentException("committed_late_from " + at + " is after the store's now " + now);
        }
        return at;
    }

    /** Changes state and/or status and, unless {@code touch} is false, bumps {@code updated_at}. */
    public Order change(int orderId, OrderChange change) {
        return book.withOrderLock(orderId, () -> {
            Order order = book.order(orderId)
                    .orElseThrow(() -> MagentoException.noSuchEntity(MagentoException.ENTITY_NOT_FOUND));
            OrderState state = change.state() == null ? order.orderState() : OrderState.of(change.state());
            String status = change.status() != null
                    ? change.status()
                    : change.state() != null ? state.defaultStatus() : order.status();
            Instant at = change.committedLateFrom() != null
                    ? committedLate(change.committedLateFrom(), clock.now())
                    : Boolean.FALSE.equals(change.touch()) ? order.updatedAt() : clock.now();
            if (at.isBefore(order.createdAt())) {
                throw new IllegalArgumentException("updated_at " + at + " would be before the order's created_at");
            }
            Order changed = order;
            if (state == OrderState.CANCELED && order.orderState() != OrderState.CANCELED) {
                changed = changed.withItems(
                        changed.items().stream()
                                .map(i -> i.withRestCanceled(at))
                                .toList(),
                        at);
            }
            changed = changed.withStateAndStatus(state.code(), status, at);
            book.replace(changed);
            return changed;
        });
    }

    public Order touch(int orderId) {
        return change(orderId, OrderChange.touchOnly());
    }

    /** Invoices as another extension would, through the same code path and checks as the REST route. */
    public int invoice(int orderId, InvoiceRequest request) {
        return invoiceOrder.execute(orderId, request);
    }

    public SeedResult seed(OrderSeed seed) {
        int count = seed.count() == null ? 50 : seed.count();
        Random random = seed.seed() == null ? new Random() : new Random(seed.seed());
        Instant now = clock.now();
        Instant to = seed.createdTo() != null ? seed.createdTo() : now;
        Instant from = seed.createdFrom() != null ? seed.createdFrom() : to.minus(Duration.ofDays(30));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("created_from is after created_to");
        }
        List<Instant> createdAts = new ArrayList<>();
        long span = Duration.between(from, to).getSeconds();
        for (int i = 0; i < count; i++) {
            createdAts.add(from.plusSeconds(span == 0 ? 0 : (long) (random.nextDouble() * span)));
        }
        createdAts.sort(null);
        Map<String, Integer> weights = seed.states() != null && !seed.states().isEmpty()
                ? seed.states()
                : new LinkedHashMap<>(new TreeMap<>(OrderSeed.DEFAULT_STATES));
        double invoicedFraction = seed.invoicedFraction() == null ? 0.5 : seed.invoicedFraction();
        List<Integer> storeIds = seed.storeIds() != null && !seed.storeIds().isEmpty()
                ? seed.storeIds()
                : storeViews.stream().map(StoreView::storeId).toList();
        Integer first = null;
        Integer last = null;
        for (Instant createdAt : createdAts) {
            OrderState state = OrderState.of(weighted(weights, random));
            boolean invoiced = INVOICED_BY_DEFAULT.contains(state)
                    || (state == OrderState.PROCESSING && random.nextDouble() < invoicedFraction);
            Instant latest = to.isAfter(now) ? to : now;
            long maxLater = Math.min(
                    Duration.ofDays(2).getSeconds(),
                    Duration.between(createdAt, latest).getSeconds());
            Instant updatedAt = state == OrderState.NEW || maxLater <= 0
                    ? createdAt
                    : createdAt.plusSeconds((long) (random.nextDouble() * maxLater));
            NewOrder spec = new NewOrder(
                    state.code(),
                    null,
                    storeIds.get(random.nextInt(storeIds.size())),
                    null,
                    null,
                    null,
                    null,
                    createdAt,
                    invoiced,
                    null);
            Order order = create(spec, random, createdAt, updatedAt);
            first = first == null ? order.entityId() : first;
            last = order.entityId();
        }
        return new SeedResult(count, first, last);
    }

    private Order create(NewOrder spec, Random random, Instant createdAt, Instant updatedAt) {
        OrderState state = spec.state() == null ? OrderState.NEW : OrderState.of(spec.state());
        boolean invoiced = spec.invoiced() != null ? spec.invoiced() : INVOICED_BY_DEFAULT.contains(state);
        boolean shipped = spec.shipped() != null ? spec.shipped() : INVOICED_BY_DEFAULT.contains(state);
        Order order = factory.place(spec, random, createdAt);
        Invoice invoice = null;
        if (invoiced) {
            Map<Integer, Integer> all = new LinkedHashMap<>();
            order.items().stream().filter(i -> !i.isChild()).forEach(i -> all.put(i.itemId(), i.qtyToInvoice()));
            InvoiceOrder.Invoiced result = invoiceOrder.apply(order, all, updatedAt);
            order = result.order();
            invoice = result.invoice();
        }
        if (shipped) {
            order = order.withItems(
                    order.items().stream().map(i -> i.withShippedAll(updatedAt)).toList(), updatedAt);
        }
        if (state == OrderState.CANCELED) {
            order = order.withItems(
                    order.items().stream()
                            .map(i -> i.withRestCanceled(updatedAt))
                            .toList(),
                    updatedAt);
        }
        order = order.withStateAndStatus(
                state.code(), spec.status() != null ? spec.status() : state.defaultStatus(), updatedAt);
        book.insert(order);
        if (invoice != null) {
            book.insertInvoice(invoice);
        }
        return order;
    }

    private static String weighted(Map<String, Integer> weights, Random random) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("state weights must add up to more than 0");
        }
        int roll = random.nextInt(total);
        for (Map.Entry<String, Integer> entry : weights.entrySet()) {
            roll -= entry.getValue();
            if (roll < 0) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
