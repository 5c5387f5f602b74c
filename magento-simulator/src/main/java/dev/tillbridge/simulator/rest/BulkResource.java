package dev.tillbridge.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.simulator.bulk.Bulk;
import dev.tillbridge.simulator.bulk.BulkItem;
import dev.tillbridge.simulator.bulk.BulkOperation;
import dev.tillbridge.simulator.bulk.OperationStatus;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.http.MagentoCall;
import dev.tillbridge.simulator.http.RouteResult;
import dev.tillbridge.simulator.json.SimulatorJson;
import dev.tillbridge.simulator.store.ProductSaveCommand;
import dev.tillbridge.simulator.tenant.TenantRuntime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The asynchronous product routes ({@code /async/V1/products}, {@code /async/bulk/V1/products},
 * {@code /async/bulk/V1/products/bySku}) answering 202 with a bulk uuid, and the bulk status routes (docs/magento-api.md §6).
 */
final class BulkResource {

    static final String TOPIC_POST = "async.magento.catalog.api.productrepositoryinterface.save.post";
    static final String TOPIC_PUT = "async.magento.catalog.api.productrepositoryinterface.save.put";
    /** The integration the simulated requests come from. */
    private static final int USER_ID = 1;

    private BulkResource() {}

    record RequestItem(int id, String dataHash, String status, String errorMessage, Integer errorCode) {}

    record AsyncResponse(String bulkUuid, List<RequestItem> requestItems, boolean errors) {}

    record BulkSummary(
            List<BulkOperation.Summary> operationsList,
            int userType,
            String bulkId,
            String description,
            Instant startTime,
            int userId,
            int operationCount) {}

    record BulkDetailed(
            List<BulkOperation> operationsList,
            int userType,
            String bulkId,
            String description,
            Instant startTime,
            int userId,
            int operationCount) {}

    static RouteResult bulkCreate(TenantRuntime store, MagentoCall call) {
        return accept(store, call, TOPIC_POST, elements(store, call), false);
    }

    /** {@code PUT /async/bulk/V1/products/bySku}: the path's {sku} becomes a {@code sku} key of every item. */
    static RouteResult bulkUpdateBySku(TenantRuntime store, MagentoCall call) {
        return accept(store, call, TOPIC_PUT, elements(store, call), true);
    }

    static RouteResult asyncCreate(TenantRuntime store, MagentoCall call) {
        JsonNode body = call.jsonBody();
        InputListLimits.check(body, store.settings().limits(), true);
        return accept(store, call, TOPIC_POST, List.of(body), false);
    }

    static RouteResult asyncUpdate(TenantRuntime store, MagentoCall call) {
        JsonNode body = call.jsonBody().deepCopy();
        InputListLimits.check(body, store.settings().limits(), true);
        if (body instanceof ObjectNode object) {
            object.put("sku", call.pathParam("sku"));
        }
        return accept(store, call, TOPIC_PUT, List.of(body), true);
    }

    static RouteResult status(TenantRuntime store, MagentoCall call) {
        Bulk bulk = bulk(store, call);
        List<BulkOperation> operations = bulk.operations();
        return RouteResult.ok(new BulkSummary(
                operations.stream().map(BulkOperation::summary).toList(),
                bulk.userType(),
                bulk.uuid(),
                bulk.description(),
                bulk.startTime(),
                USER_ID,
                operations.size()));
    }

    static RouteResult detailedStatus(TenantRuntime store, MagentoCall call) {
        Bulk bulk = bulk(store, call);
        List<BulkOperation> operations = bulk.operations();
        return RouteResult.ok(new BulkDetailed(
                operations,
                bulk.userType(),
                bulk.uuid(),
                bulk.description(),
                bulk.startTime(),
                USER_ID,
                operations.size()));
    }

    /** A count; Magento counts rows without checking that the bulk exists, so an unknown uuid gives 0. */
    static RouteResult operationStatusCount(TenantRuntime store, MagentoCall call) {
        OperationStatus status;
        try {
            status = OperationStatus.of(call.intPathParam("status"));
        } catch (IllegalArgumentException e) {
            return RouteResult.ok(0);
        }
        return RouteResult.ok(store.bulks()
                .find(call.pathParam("bulkUuid"))
                .map(b -> b.countWithStatus(status))
                .orElse(0L));
    }

    private static Bulk bulk(TenantRuntime store, MagentoCall call) {
        String uuid = call.pathParam("bulkUuid");
        return store.bulks()
                .find(uuid)
                .orElseThrow(
                        () -> MagentoException.noSuchEntity("Bulk uuid %bulkUuid not exist", Map.of("bulkUuid", uuid)));
    }

    private static List<JsonNode> elements(TenantRuntime store, MagentoCall call) {
        JsonNode body = call.jsonBody();
        if (!body.isArray()) {
            throw MagentoException.input("Request body must be a JSON array of entities.");
        }
        InputListLimits.check(body, store.settings().limits(), true);
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        return items;
    }

    private static RouteResult accept(
            TenantRuntime store, MagentoCall call, String topic, List<JsonNode> elements, boolean bySku) {
        List<BulkItem> items = new ArrayList<>();
        for (JsonNode element : elements) {
            String serialized = new String(SimulatorJson.bytes(element), StandardCharsets.UTF_8);
            String rejection = rejection(element, bySku);
            ProductSaveCommand command = rejection != null
                    ? null
                    : new ProductSaveCommand(
                            call.storeCode(), bySku ? element.get("sku").asText() : null, element, "bulk");
            items.add(new BulkItem(serialized, command, rejection));
        }
        Bulk bulk = store.bulks().submit(topic, items);
        store.counters()
                .bulkAccepted((int) items.stream().filter(i -> !i.rejected()).count());
        List<RequestItem> requestItems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BulkItem item = items.get(i);
            requestItems.add(new RequestItem(
                    i,
                    sha256(item.serializedData()),
                    item.rejected() ? "rejected" : "accepted",
                    item.rejection(),
                    item.rejected() ? 0 : null));
        }
        boolean errors = items.stream().anyMatch(BulkItem::rejected);
        return new RouteResult(202, SimulatorJson.bytes(new AsyncResponse(bulk.uuid(), requestItems, errors)), 0);
    }

    /** Only the shape is checked when a bulk is accepted; the save's own validation runs in the consumer. */
    private static String rejection(JsonNode element, boolean bySku) {
        if (!element.isObject() || !element.path("product").isObject()) {
            return "\"product\" is required. Enter and try again.";
        }
        if (bySku && (!element.hasNonNull("sku") || element.get("sku").asText().isBlank())) {
            return "\"sku\" is required. Enter and try again.";
        }
        return null;
    }

    private static String sha256(String data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
