package dev.tillbridge.simulator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.json.MagentoDates;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Products by SKU (case-insensitive, as MySQL compares them). A save merges the given fields into the stored
 * product: scalars replace, {@code extension_attributes} and its {@code stock_item} merge key by key,
 * {@code custom_attributes} merge by {@code attribute_code}, and the whole product is returned (docs/magento-api.md §5).
 */
public final class Catalog {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Fields of ProductInterface the simulator keeps; others are dropped like Magento drops unknown input. */
    private static final Set<String> PRODUCT_FIELDS = Set.of(
            "sku",
            "name",
            "attribute_set_id",
            "price",
            "status",
            "visibility",
            "type_id",
            "weight",
            "extension_attributes",
            "custom_attributes",
            "product_links",
            "options",
            "media_gallery_entries",
            "tier_prices");

    private final Map<String, ObjectNode> products = new ConcurrentHashMap<>();
    private final Map<String, Object> skuLocks = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final SimulatedClock clock;
    private final ProductSaveLog saveLog = new ProductSaveLog();

    public Catalog(SimulatedClock clock) {
        this.clock = clock;
    }

    public ProductSaveLog saveLog() {
        return saveLog;
    }

    public int size() {
        return products.size();
    }

    public ObjectNode get(String sku) {
        ObjectNode product = products.get(key(sku));
        if (product == null) {
            throw MagentoException.noSuchEntity(MagentoException.PRODUCT_NOT_FOUND);
        }
        synchronized (lockFor(sku)) {
            return product.deepCopy();
        }
    }

    /**
     * Validates and saves. {@code createUnknownOnPut} chooses what a PUT of an unknown SKU does: 404 as the spec
     * lists for unknown SKUs, or create it as ProductRepository::save does in a real 2.4.
     * {@code lockWait} is asked once the save holds the SKU and may refuse it like a failed database write.
     */
    public ObjectNode save(ProductSaveCommand command, boolean createUnknownOnPut, LockWait lockWait) {
        JsonNode product = command.body() == null ? null : command.body().get("product");
        if (product == null || !product.isObject()) {
            throw MagentoException.input(MagentoException.FIELD_REQUIRED, Map.of("fieldName", "product"));
        }
        String sku = command.pathSku() != null ? command.pathSku() : text(product.get("sku"));
        if (sku == null || sku.isBlank()) {
            throw MagentoException.input(MagentoException.ATTRIBUTE_EMPTY, List.of("sku"));
        }
        synchronized (lockFor(sku)) {
            ObjectNode existing = products.get(key(sku));
            if (existing == null && command.pathSku() != null && !createUnknownOnPut) {
                throw MagentoException.noSuchEntity(MagentoException.PRODUCT_NOT_FOUND);
            }
            validate((ObjectNode) product, existing == null);
            lockWait.check();
            ObjectNode saved = existing == null ? newProduct(sku) : existing.deepCopy();
            merge(saved, (ObjectNode) product);
            saved.put("sku", sku);
            saved.put("updated_at", MagentoDates.format(clock.now()));
            products.put(key(sku), saved);
            saveLog.record(new ProductSaveLog.ProductSave(
                    sku, command.storeCode(), command.via(), product.deepCopy(), saved.deepCopy(), clock.now()));
            return saved.deepCopy();
        }
    }

    /** Creates products directly (test set-up); does not count as saves. */
    public void seed(List<ObjectNode> seeded) {
        for (ObjectNode product : seeded) {
            String sku = text(product.get("sku"));
            if (sku == null || sku.isBlank()) {
                throw new IllegalArgumentException("a seeded product needs a sku");
            }
            synchronized (lockFor(sku)) {
                ObjectNode saved =
                        products.containsKey(key(sku)) ? products.get(key(sku)).deepCopy() : newProduct(sku);
                if (!product.has("name")) {
                    product = product.deepCopy().put("name", sku);
                }
                if (!product.has("price")) {
                    product = product.deepCopy().put("price", 10);
                }
                merge(saved, product);
                products.put(key(sku), saved);
            }
        }
    }

    /** Legacy {@code GET /V1/stockItems/{sku}}: the product's stock item. */
    public ObjectNode stockItem(String sku) {
        return (ObjectNode) get(sku).path("extension_attributes").path("stock_item");
    }

    /**
     * Legacy stock update: changes quantity and stock status but, like Magento (#37670), not the product's
     * {@code updated_at}. Returns the stock item id.
     */
    public int updateStock(String sku, JsonNode stockItem) {
        synchronized (lockFor(sku)) {
            ObjectNode product = products.get(key(sku));
            if (product == null) {
                throw MagentoException.noSuchEntity(MagentoException.PRODUCT_NOT_FOUND);
            }
            ObjectNode stock =
                    product.withObjectProperty("extension_attributes").withObjectProperty("stock_item");
            if (stockItem != null && stockItem.has("qty")) {
                stock.set("qty", stockItem.get("qty"));
            }
            if (stockItem != null && stockItem.has("is_in_stock")) {
                stock.set("is_in_stock", stockItem.get("is_in_stock"));
            }
            return stock.path("item_id").asInt();
        }
    }

    @FunctionalInterface
    public interface LockWait {
        /** Throws the error of a failed save when the store's fault plan says this save loses a lock. */
        void check();
    }

    /**
     * Required attributes: on create {@code name} and {@code price}; on update a sent {@code name} must not be
     * empty. A non-numeric price is a type error, as Magento's input processor reports it.
     */
    private static void validate(ObjectNode product, boolean creating) {
        JsonNode name = product.get("name");
        if ((creating && (name == null || name.isNull()))
                || (name != null && !name.isNull() && name.asText().isBlank())
                || (name != null && name.isNull() && !creating)) {
            throw MagentoException.input(MagentoException.ATTRIBUTE_EMPTY, List.of("name"));
        }
        JsonNode price = product.get("price");
        if (price != null && !price.isNull() && !price.isNumber()) {
            try {
                new BigDecimal(price.asText().trim());
            } catch (NumberFormatException e) {
                throw MagentoException.input(
                        MagentoException.INVALID_TYPE, Map.of("value", price.asText(), "type", "float"));
            }
        }
        if (creating && (price == null || price.isNull() || price.asText().isBlank())) {
            throw MagentoException.input(MagentoException.ATTRIBUTE_EMPTY, List.of("price"));
        }
    }

    private ObjectNode newProduct(String sku) {
        int id = ids.incrementAndGet();
        String now = MagentoDates.format(clock.now());
        ObjectNode product = NODES.objectNode();
        product.put("id", id);
        product.put("sku", sku);
        product.put("attribute_set_id", 4);
        product.put("status", 1);
        product.put("visibility", 4);
        product.put("type_id", "simple");
        product.put("created_at", now);
        product.put("updated_at", now);
        ObjectNode extension = product.putObject("extension_attributes");
        extension.putArray("website_ids").add(1);
        ObjectNode stock = extension.putObject("stock_item");
        stock.put("item_id", id);
        stock.put("product_id", id);
        stock.put("stock_id", 1);
        stock.put("qty", 0);
        stock.put("is_in_stock", false);
        product.putArray("product_links");
        product.putArray("options");
        product.putArray("media_gallery_entries");
        product.putArray("tier_prices");
        product.putArray("custom_attributes");
        return product;
    }

    private static void merge(ObjectNode target, ObjectNode input) {
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!PRODUCT_FIELDS.contains(name) || name.equals("sku")) {
                continue;
            }
            switch (name) {
                case "extension_attributes" -> mergeExtension(target.withObjectProperty("extension_attributes"), value);
                case "custom_attributes" -> mergeCustomAttributes(target.withArrayProperty("custom_attributes"), value);
                case "price", "weight" -> target.set(name, numeric(value));
                default -> target.set(name, value.deepCopy());
            }
        }
    }

    private static JsonNode numeric(JsonNode value) {
        if (value.isTextual()) {
            try {
                return NODES.numberNode(new BigDecimal(value.asText().trim()));
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value.deepCopy();
    }

    private static void mergeExtension(ObjectNode target, JsonNode input) {
        if (!input.isObject()) {
            return;
        }
        input.fields().forEachRemaining(field -> {
            if (field.getKey().equals("stock_item") && field.getValue().isObject()) {
                ObjectNode stock = target.withObjectProperty("stock_item");
                field.getValue().fields().forEachRemaining(s -> {
                    if (!s.getKey().equals("item_id") && !s.getKey().equals("product_id")) {
                        stock.set(s.getKey(), s.getValue().deepCopy());
                    }
                });
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private static void mergeCustomAttributes(ArrayNode target, JsonNode input) {
        if (!input.isArray()) {
            return;
        }
        for (JsonNode attribute : input) {
            String code = text(attribute.get("attribute_code"));
            if (code == null) {
                continue;
            }
            boolean replaced = false;
            for (int i = 0; i < target.size(); i++) {
                if (code.equals(text(target.get(i).get("attribute_code")))) {
                    target.set(i, attribute.deepCopy());
                    replaced = true;
                }
            }
            if (!replaced) {
                target.add(attribute.deepCopy());
            }
        }
    }

    private Object lockFor(String sku) {
        return skuLocks.computeIfAbsent(key(sku), k -> new Object());
    }

    private static String key(String sku) {
        return sku.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
