package dev.tillbridge.simulator.store;

import dev.tillbridge.simulator.store.SampleData.SampleAddress;
import dev.tillbridge.simulator.store.SampleData.SampleProduct;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Builds an order as checkout would place it: state {@code new}, nothing invoiced, flat-rate shipping of 5 per
 * unit, an offline payment, no tax or discount (zeros keep the totals easy to assert on).
 */
final class OrderFactory {

    private static final BigDecimal FLAT_RATE_PER_UNIT = new BigDecimal("5.00");

    private final OrderBook book;
    private final List<StoreView> storeViews;

    OrderFactory(OrderBook book, List<StoreView> storeViews) {
        this.book = book;
        this.storeViews = storeViews;
    }

    Order place(NewOrder spec, Random random, Instant createdAt) {
        StoreView view = storeView(spec.storeId());
        int orderId = book.nextOrderId();
        List<OrderItem> items = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO;
        int units = 0;
        for (NewOrderLine line : lines(spec, random)) {
            int qty = line.qty() == null ? 1 : line.qty();
            BigDecimal price = line.price() == null ? BigDecimal.TEN : line.price();
            String name = line.name() == null ? line.sku() : line.name();
            boolean configurable = Boolean.TRUE.equals(line.configurable());
            BigDecimal row = price.multiply(BigDecimal.valueOf(qty));
            OrderItem parent = item(
                    orderId,
                    null,
                    line.sku(),
                    name,
                    configurable ? "configurable" : "simple",
                    view.storeId(),
                    createdAt,
                    qty,
                    price,
                    row);
            items.add(parent);
            if (configurable) {
                // Magento lists the chosen simple product as a child line with the same SKU and a zero price.
                items.add(item(
                        orderId,
                        parent.itemId(),
                        line.sku(),
                        name + "-" + line.sku(),
                        "simple",
                        view.storeId(),
                        createdAt,
                        qty,
                        BigDecimal.ZERO,
                        BigDecimal.ZERO));
            }
            subtotal = subtotal.add(row);
            units += qty;
        }
        BigDecimal shipping = FLAT_RATE_PER_UNIT.multiply(BigDecimal.valueOf(units));
        BigDecimal grandTotal = subtotal.add(shipping);

        String firstname = spec.customerFirstname() != null ? spec.customerFirstname() : SampleData.firstName(random);
        String lastname = spec.customerLastname() != null ? spec.customerLastname() : SampleData.lastName(random);
        String email = spec.customerEmail() != null
                ? spec.customerEmail()
                : (firstname + "." + lastname).toLowerCase(Locale.ROOT).replace(' ', '-') + orderId + "@example.com";
        boolean guest = random.nextInt(3) == 0;
        OrderCustomer customer = new OrderCustomer(
                guest ? null : 1000 + random.nextInt(9000), email, firstname, lastname, guest ? 1 : 0, guest ? 0 : 1);
        SampleAddress where = SampleData.address(random);
        OrderAddress billing = address("billing", orderId, firstname, lastname, email, where);
        OrderAddress shippingAddress = address("shipping", orderId, firstname, lastname, email, where);
        OrderTotals totals = new OrderTotals(
                "USD",
                "USD",
                "USD",
                "USD",
                subtotal,
                subtotal,
                shipping,
                shipping,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                grandTotal,
                grandTotal,
                null,
                null,
                null,
                null,
                grandTotal,
                grandTotal,
                units);
        OrderPayment payment =
                new OrderPayment(orderId, orderId, "checkmo", grandTotal, grandTotal, null, null, shipping, List.of());
        long lines = items.stream().filter(i -> !i.isChild()).count();
        return new Order(
                orderId,
                book.nextOrderIncrementId(view.storeId()),
                OrderState.NEW.code(),
                OrderState.NEW.defaultStatus(),
                view.storeId(),
                storeName(view),
                createdAt,
                createdAt,
                customer,
                totals,
                (int) lines,
                "Flat Rate - Fixed",
                items,
                billing,
                payment,
                shippingAddress,
                "flatrate_flatrate");
    }

    private StoreView storeView(Integer storeId) {
        if (storeId == null) {
            return storeViews.get(0);
        }
        return storeViews.stream()
                .filter(v -> v.storeId() == storeId)
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("no store view with store_id " + storeId + "; this store has "
                                + storeViews.stream().map(StoreView::storeId).toList()));
    }

    /** Magento stores website, store group and store view names on one line. */
    private static String storeName(StoreView view) {
        return "Main Website\nMain Website Store\n" + view.name();
    }

    private static List<NewOrderLine> lines(NewOrder spec, Random random) {
        if (spec.lines() != null && !spec.lines().isEmpty()) {
            return spec.lines();
        }
        int count = 1 + random.nextInt(3);
        List<NewOrderLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SampleProduct product = SampleData.pick(SampleData.PRODUCTS, random);
            lines.add(new NewOrderLine(
                    product.sku(), product.name(), 1 + random.nextInt(3), product.price(), product.configurable()));
        }
        return lines;
    }

    private OrderItem item(
            int orderId,
            Integer parentId,
            String sku,
            String name,
            String type,
            int storeId,
            Instant at,
            int qty,
            BigDecimal price,
            BigDecimal row) {
        return new OrderItem(
                book.nextItemId(),
                orderId,
                parentId,
                sku,
                name,
                productId(sku),
                type,
                storeId,
                at,
                at,
                0,
                qty,
                0,
                0,
                0,
                0,
                price,
                price,
                price,
                row,
                row,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ONE,
                null);
    }

    private static int productId(String sku) {
        return Math.floorMod(sku.hashCode(), 100_000) + 1;
    }

    private OrderAddress address(
            String type, int orderId, String firstname, String lastname, String email, SampleAddress where) {
        return new OrderAddress(
                type,
                book.nextAddressId(),
                orderId,
                firstname,
                lastname,
                where.street(),
                where.city(),
                where.region(),
                where.regionCode(),
                where.postcode(),
                where.countryId(),
                where.telephone(),
                email);
    }
}
