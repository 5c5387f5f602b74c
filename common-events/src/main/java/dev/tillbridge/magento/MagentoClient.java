package dev.tillbridge.magento;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one Magento 2 REST client of Tillbridge, for one store. Blocking; call it from worker threads.
 *
 * <p>Every call has the settings' timeouts; reads (and idempotent writes) are retried on transient
 * failures only. Every failure is a {@link MagentoException} whose message is a sentence (Magento's own,
 * placeholders filled), never a credential or a stack trace.
 */
public final class MagentoClient {

    private static final ObjectMapper JSON = EventJson.mapper();
    /** Magento's answer when an order has nothing left to invoice. */
    static final String NOTHING_TO_INVOICE = "The order does not allow an invoice to be created.";
    /** The partial answer of an order search that only versions are read from. */
    static final String ORDER_VERSION_FIELDS =
            "&fields=" + pathSegment("items[entity_id,updated_at,state,base_total_invoiced],total_count");
    /** The partial answer of an invoice search: which order, and when (not the invoice's lines). */
    static final String INVOICE_FIELDS = "&fields=" + pathSegment("items[entity_id,order_id,created_at],total_count");

    private final MagentoTransport transport;
    private final MagentoEndpoint endpoint;
    private final MagentoCredentials credentials;
    private final MagentoClientSettings settings;
    private final OAuth1Signer signer;

    public MagentoClient(
            MagentoTransport transport,
            MagentoEndpoint endpoint,
            MagentoCredentials credentials,
            MagentoClientSettings settings,
            Clock clock) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.settings = settings;
        this.signer = credentials instanceof MagentoCredentials.OAuth1 oauth ? new OAuth1Signer(oauth, clock) : null;
    }

    public MagentoEndpoint endpoint() {
        return endpoint;
    }

    // ---- orders and invoices -------------------------------------------------------------------

    public OrderPage searchOrders(SearchCriteria criteria) {
        String route = "GET /V1/orders";
        JsonNode body = send("GET", endpoint.storeCode(), "/V1/orders", criteria.toQuery(), null, settings.reads());
        return new OrderPage(read(body, route, "an order", MagentoOrders::fromJson), totalCount(body, route));
    }

    /**
     * The versions of the orders a search finds, as a partial answer ({@code fields}, docs/magento-api.md §2): a few
     * dozen bytes per order instead of the whole order. A Magento that ignores {@code fields} answers whole orders,
     * which read the same.
     */
    public VersionPage searchOrderVersions(SearchCriteria criteria) {
        String route = "GET /V1/orders";
        JsonNode body = send(
                "GET",
                endpoint.storeCode(),
                "/V1/orders",
                criteria.toQuery() + ORDER_VERSION_FIELDS,
                null,
                settings.reads());
        return new VersionPage(read(body, route, "an order", MagentoOrders::versionFromJson), totalCount(body, route));
    }

    public OrderSnapshot getOrder(long entityId) {
        String path = "/V1/orders/" + entityId;
        return order(send("GET", endpoint.storeCode(), path, null, null, settings.reads()), "GET " + path);
    }

    public InvoicePage searchInvoices(SearchCriteria criteria) {
        String route = "GET /V1/invoices";
        JsonNode body = send(
                "GET",
                endpoint.storeCode(),
                "/V1/invoices",
                criteria.toQuery() + INVOICE_FIELDS,
                null,
                settings.reads());
        return new InvoicePage(
                read(
                        body,
                        route,
                        "an invoice",
                        item -> new InvoiceSummary(
                                item.path("entity_id").asLong(),
                                item.get("order_id").asLong(),
                                MagentoTime.parse(item.get("created_at").asText()))),
                totalCount(body, route));
    }

    /** Every item of a search answer, each read by {@code reader}; an item it cannot read makes the answer unreadable. */
    private static <T> List<T> read(JsonNode body, String route, String what, Function<JsonNode, T> reader) {
        List<T> read = new ArrayList<>();
        for (JsonNode item : items(body, route)) {
            try {
                read.add(reader.apply(item));
            } catch (RuntimeException e) {
                throw new MagentoException.UnreadableResponse(
                        route,
                        200,
                        "Magento answered " + route + " with " + what + " Tillbridge cannot read: " + e.getMessage(),
                        e);
            }
        }
        return read;
    }

    /**
     * Invoices everything left on the order. Magento serialises invoicing per order, so a repeat after a
     * lost answer meets "does not allow an invoice" and counts as done.
     */
    public InvoiceOutcome invoiceOrder(long orderId) {
        String path = "/V1/order/" + orderId + "/invoice";
        ObjectNode request = JSON.createObjectNode().put("capture", false).put("notify", false);
        try {
            JsonNode id = send("POST", endpoint.storeCode(), path, null, request, settings.writes());
            return new InvoiceOutcome.Created(id.asLong());
        } catch (MagentoException.Rejected e) {
            if (e.rawMessage() != null && e.rawMessage().contains(NOTHING_TO_INVOICE)) {
                return new InvoiceOutcome.AlreadyInvoiced(e.readableMessage());
            }
            throw e;
        }
    }

    // ---- products ------------------------------------------------------------------------------

    /** {@code PUT /rest/all/V1/products/{sku}}: idempotent, global scope. Returns Magento's product. */
    public JsonNode putProduct(String sku, ObjectNode product) {
        ObjectNode body = JSON.createObjectNode();
        body.set("product", product);
        body.put("saveOptions", true);
        return send(
                "PUT", MagentoEndpoint.GLOBAL_SCOPE, "/V1/products/" + pathSegment(sku), null, body, settings.writes());
    }

    /** {@code POST /rest/all/async/bulk/V1/products}: 202 with a bulk uuid; Magento saves them later. */
    public JsonNode bulkSaveProducts(List<ObjectNode> products) {
        var array = JSON.createArrayNode();
        for (ObjectNode product : products) {
            ObjectNode item = JSON.createObjectNode();
            item.set("product", product);
            array.add(item);
        }
        URI uri = URI.create(endpoint.baseUrl() + "/rest/" + MagentoEndpoint.GLOBAL_SCOPE + "/async/bulk/V1/products");
        return exchange("POST", uri, "POST /async/bulk/V1/products", array, settings.writes());
    }

    /** {@code GET /V1/bulk/{uuid}/detailed-status}. */
    public JsonNode bulkStatus(String bulkUuid) {
        return send(
                "GET",
                endpoint.storeCode(),
                "/V1/bulk/" + pathSegment(bulkUuid) + "/detailed-status",
                null,
                null,
                settings.reads());
    }

    // ---- the exchange --------------------------------------------------------------------------

    private JsonNode send(String method, String scope, String path, String query, JsonNode body, RetryPolicy retry) {
        return exchange(method, endpoint.uri(scope, path, query), method + " " + path, body, retry);
    }

    private JsonNode exchange(String method, URI uri, String route, JsonNode body, RetryPolicy retry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(method, uri, route, body);
            } catch (MagentoException e) {
                if (!e.transientFailure() || attempt >= retry.maxAttempts()) {
                    throw e;
                }
                Duration retryAfter = e instanceof MagentoException.Unavailable u
                        ? u.retryAfter().orElse(null)
                        : null;
                sleep(retry.delayAfter(attempt, retryAfter));
            }
        }
    }

    private JsonNode once(String method, URI uri, String route, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.put(
                "Authorization",
                credentials instanceof MagentoCredentials.Bearer bearer
                        ? "Bearer " + bearer.accessToken()
                        : signer.authorizationHeader(method, uri));
        // Bytes, not a String: Jackson reads UTF-8 bytes directly, while decoding a page of orders (often not
        // Latin-1: names, addresses) into a String first cost the poller about 6 % of its CPU.
        MagentoTransport.Answer response;
        try {
            response = transport.exchange(
                    method,
                    uri,
                    route,
                    headers,
                    body == null ? null : write(body).getBytes(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new MagentoException.Unavailable(
                    route,
                    0,
                    "Magento did not answer " + route + " within "
                            + settings.requestTimeout().toSeconds() + " s.",
                    null,
                    e);
        } catch (ConnectException e) {
            throw new MagentoException.Unavailable(
                    route,
                    0,
                    "Cannot connect to Magento at " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                            + " for " + route + ".",
                    null,
                    e);
        } catch (IOException e) {
            throw new MagentoException.Unavailable(
                    route,
                    0,
                    "The connection to Magento broke during " + route + ": "
                            + MagentoMessages.cap(String.valueOf(e.getMessage())),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MagentoException.Unavailable(
                    route, 0, "Interrupted while waiting for Magento (" + route + ").", null, e);
        }
        return interpret(route, response);
    }

    static JsonNode interpret(String route, MagentoTransport.Answer response) {
        int status = response.status();
        Optional<JsonNode> json = parse(response.body());
        if (status >= 200 && status < 300) {
            return json.orElseThrow(() -> new MagentoException.UnreadableResponse(
                    route,
                    status,
                    "Magento answered " + route + " with " + status + " but the body is not JSON"
                            + describe(response.body()),
                    null));
        }
        // Only Magento's error shape (an object with a message) is read; anything else gets a fixed sentence.
        String readable = json.filter(j -> j.isObject() && j.path("message").isTextual())
                .map(MagentoMessages::readable)
                .filter(s -> !s.isEmpty())
                .orElse("Magento answered " + route + " with HTTP " + status + describe(response.body()));
        String raw = json.map(j -> j.path("message").asText(null)).orElse(null);
        if (status == 401 || status == 403) {
            throw new MagentoException.AuthFailed(route, readable);
        }
        if (status == 404) {
            throw new MagentoException.NotFound(route, readable);
        }
        if (status == 429 || status >= 500) {
            throw new MagentoException.Unavailable(route, status, readable, retryAfter(response), null);
        }
        if (json.isEmpty()) {
            throw new MagentoException.UnreadableResponse(route, status, readable, null);
        }
        throw new MagentoException.Rejected(route, readable, raw);
    }

    private static Optional<JsonNode> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode tree = JSON.readTree(body);
            // Whitespace alone reads as a missing node: no JSON, as a blank body was before.
            return tree == null || tree.isMissingNode() ? Optional.empty() : Optional.of(tree);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What a body that is not Magento's JSON looked like, in a fixed sentence. Never its text: the base URL is
     * the tenant's, so whatever answered there (a proxy, an internal service) must not reach their Logs page.
     */
    private static String describe(byte[] body) {
        String start =
                body == null ? "" : new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).strip();
        if (start.isEmpty()) {
            return " (empty body).";
        }
        if (start.regionMatches(true, 0, "<!DOCTYPE html", 0, 14) || start.regionMatches(true, 0, "<html", 0, 5)) {
            return " (an HTML error page).";
        }
        return " (a body that is not Magento's JSON).";
    }

    private static Duration retryAfter(MagentoTransport.Answer response) {
        return Optional.ofNullable(response.retryAfter())
                .flatMap(v -> {
                    try {
                        return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .orElse(null);
    }

    private static JsonNode items(JsonNode body, String route) {
        JsonNode items = body.get("items");
        if (items == null || !items.isArray()) {
            throw new MagentoException.UnreadableResponse(
                    route, 200, "Magento answered " + route + " without an items list.", null);
        }
        return items;
    }

    private static int totalCount(JsonNode body, String route) {
        JsonNode total = body.get("total_count");
        if (total == null || !total.canConvertToInt()) {
            throw new MagentoException.UnreadableResponse(
                    route, 200, "Magento answered " + route + " without a total_count.", null);
        }
        return total.asInt();
    }

    private static OrderSnapshot order(JsonNode item, String route) {
        try {
            return MagentoOrders.fromJson(item);
        } catch (RuntimeException e) {
            throw new MagentoException.UnreadableResponse(
                    route,
                    200,
                    "Magento answered " + route + " with an order Tillbridge cannot read: " + e.getMessage(),
                    e);
        }
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MagentoException.Unavailable("retry", 0, "Interrupted while waiting to retry Magento.", null, e);
        }
    }
}
