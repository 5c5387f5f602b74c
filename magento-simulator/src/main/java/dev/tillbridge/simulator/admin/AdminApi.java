package dev.tillbridge.simulator.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.admin.AdminRequests.AdminError;
import dev.tillbridge.simulator.admin.AdminRequests.ClockChange;
import dev.tillbridge.simulator.admin.AdminRequests.ClockState;
import dev.tillbridge.simulator.admin.AdminRequests.ConsumerState;
import dev.tillbridge.simulator.admin.AdminRequests.InvoiceCreated;
import dev.tillbridge.simulator.admin.AdminRequests.ProductSeed;
import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.fault.FaultPlan;
import dev.tillbridge.simulator.http.IncomingRequest;
import dev.tillbridge.simulator.http.MagentoRoute;
import dev.tillbridge.simulator.http.OutgoingResponse;
import dev.tillbridge.simulator.http.PathTemplate;
import dev.tillbridge.simulator.json.SimulatorJson;
import dev.tillbridge.simulator.store.InvoiceRequest;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.OrderChange;
import dev.tillbridge.simulator.store.OrderSeed;
import dev.tillbridge.simulator.tenant.StoreSettings.StoreSettingsPatch;
import dev.tillbridge.simulator.tenant.TenantRuntime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The simulator's own API under {@code /_sim/}, JSON in snake_case, no authentication. It is not part of
 * Magento: it sets stores up and looks inside them, with the same operations as {@link SimulatedStore}.
 */
public final class AdminApi {

    @FunctionalInterface
    private interface Handler {
        OutgoingResponse handle(AdminCall call) throws IOException;
    }

    private record Route(String method, PathTemplate path, Handler handler) {}

    private record AdminCall(Map<String, String> params, byte[] body, MagentoSimulator simulator) {
        SimulatedStore store() {
            return simulator.store(params.get("tenant"));
        }

        int id() {
            return Integer.parseInt(params.get("id"));
        }

        <T> T body(Class<T> type) throws IOException {
            return body.length == 0
                    ? SimulatorJson.mapper().readValue("{}", type)
                    : SimulatorJson.mapper().readValue(body, type);
        }
    }

    private record RouteInfo(String route, String aclResource, String routeClass) {}

    private record StoreInfo(
            String tenant,
            String magentoBaseUrl,
            Object storeViews,
            Object settings,
            CapacitySettings capacity,
            FaultPlan faults,
            ClockState clock,
            int orders,
            int products,
            boolean bulkConsumerRunning) {}

    private final MagentoSimulator simulator;
    private final List<MagentoRoute> magentoRoutes;
    private final List<Route> routes = new ArrayList<>();

    public AdminApi(MagentoSimulator simulator, List<MagentoRoute> magentoRoutes) {
        this.simulator = simulator;
        this.magentoRoutes = magentoRoutes;
        route("GET", "health", call -> ok(Map.of("status", "UP")));
        route("GET", "routes", call -> ok(routeInfo()));
        route(
                "GET",
                "stores",
                call -> ok(simulator.stores().stream().map(AdminApi::info).toList()));
        route("POST", "stores", call -> json(201, info(simulator.createStore(call.body(StoreSpec.class)))));
        route("GET", "stores/{tenant}", call -> ok(info(call.store())));
        route("DELETE", "stores/{tenant}", call -> {
            call.store();
            simulator.removeStore(call.params().get("tenant"));
            return ok(Map.of("deleted", call.params().get("tenant")));
        });
        route("PATCH", "stores/{tenant}/settings", call -> {
            SimulatedStore store = call.store();
            store.settings(store.settings().merge(call.body(StoreSettingsPatch.class)));
            return ok(store.settings());
        });
        route("PUT", "stores/{tenant}/credentials", call -> {
            call.store().credentials(call.body(Credentials.class));
            return ok(Map.of("credentials", "replaced"));
        });
        route("POST", "stores/{tenant}/credentials/revoke", call -> {
            call.store().revokeCredentials();
            return ok(Map.of("credentials", "revoked"));
        });
        route("POST", "stores/{tenant}/orders/seed", call -> ok(call.store().seedOrders(call.body(OrderSeed.class))));
        route("POST", "stores/{tenant}/orders", call -> json(201, call.store().createOrder(call.body(NewOrder.class))));
        route(
                "GET",
                "stores/{tenant}/orders/{id}",
                call -> call.store()
                        .order(call.id())
                        .map(AdminApi::ok)
                        .orElseGet(() -> notFound("no order " + call.id())));
        route(
                "PATCH",
                "stores/{tenant}/orders/{id}",
                call -> ok(call.store().updateOrder(call.id(), call.body(OrderChange.class))));
        route(
                "POST",
                "stores/{tenant}/orders/{id}/touch",
                call -> ok(call.store().touchOrder(call.id())));
        route(
                "POST",
                "stores/{tenant}/orders/{id}/invoice",
                call -> ok(new InvoiceCreated(call.store().invoiceOrder(call.id(), call.body(InvoiceRequest.class)))));
        route("POST", "stores/{tenant}/products", call -> {
            SimulatedStore store = call.store();
            ProductSeed seed = call.body(ProductSeed.class);
            if (seed.products() != null) {
                store.seedProducts(seed.products());
            }
            if (seed.count() != null) {
                store.seedProducts(seed.count(), seed.skuPrefix() == null ? "SKU-" : seed.skuPrefix());
            }
            return ok(Map.of("products", store.productCount()));
        });
        route(
                "GET",
                "stores/{tenant}/products/{sku}",
                call -> call.store()
                        .product(call.params().get("sku"))
                        .map(AdminApi::ok)
                        .orElseGet(() -> notFound("no product " + call.params().get("sku"))));
        route("GET", "stores/{tenant}/product-saves", call -> {
            var saves = call.store().productSaves();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total_saves", saves.totalSaves());
            body.put("by_sku", saves.bySku());
            return ok(body);
        });
        route("GET", "stores/{tenant}/clock", call -> ok(clock(call.store())));
        route("POST", "stores/{tenant}/clock", call -> {
            SimulatedStore store = call.store();
            ClockChange change = call.body(ClockChange.class);
            if (change.now() != null) {
                store.setClock(change.now());
            }
            if (change.advanceSeconds() != null) {
                store.advanceClock(Duration.ofSeconds(change.advanceSeconds()));
            }
            return ok(clock(store));
        });
        route("GET", "stores/{tenant}/capacity", call -> ok(call.store().capacity()));
        route(
                "PUT",
                "stores/{tenant}/capacity",
                call -> ok(
                        call.store().capacity(call.body(CapacitySettings.class)).capacity()));
        route("GET", "stores/{tenant}/faults", call -> ok(call.store().faults()));
        route(
                "PUT",
                "stores/{tenant}/faults",
                call -> ok(call.store().faults(call.body(FaultPlan.class)).faults()));
        route(
                "DELETE",
                "stores/{tenant}/faults",
                call -> ok(call.store().clearFaults().faults()));
        route("GET", "stores/{tenant}/counters", call -> ok(call.store().counters()));
        route(
                "DELETE",
                "stores/{tenant}/counters",
                call -> ok(call.store().resetCounters().counters()));
        route("PUT", "stores/{tenant}/bulk-consumer", call -> {
            SimulatedStore store = call.store();
            if (Boolean.FALSE.equals(call.body(ConsumerState.class).running())) {
                store.pauseBulkConsumer();
            } else {
                store.resumeBulkConsumer();
            }
            return ok(Map.of("running", !store.bulkConsumerPaused()));
        });
    }

    private void route(String method, String path, Handler handler) {
        routes.add(new Route(method, PathTemplate.of(path), handler));
    }

    public OutgoingResponse handle(IncomingRequest request, List<String> segments) {
        for (Route route : routes) {
            if (!route.method().equals(request.method())) {
                continue;
            }
            Optional<Map<String, String>> params = route.path().match(segments);
            if (params.isPresent()) {
                return run(route, new AdminCall(params.get(), request.body(), simulator));
            }
        }
        return notFound("no admin route " + request.method() + " /_sim/" + String.join("/", segments));
    }

    private static OutgoingResponse run(Route route, AdminCall call) {
        try {
            return route.handler().handle(call);
        } catch (MagentoException e) {
            // Refusals of Magento's own logic (e.g. invoicing a closed order) keep Magento's status and body.
            return OutgoingResponse.error(e);
        } catch (NoSuchElementException e) {
            return notFound(e.getMessage());
        } catch (JsonProcessingException e) {
            return json(400, new AdminError("unreadable body: " + e.getOriginalMessage()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return json(400, new AdminError(e.getMessage()));
        } catch (IOException e) {
            return json(400, new AdminError("unreadable body: " + e.getMessage()));
        }
    }

    private List<RouteInfo> routeInfo() {
        List<RouteInfo> info = new ArrayList<>();
        for (MagentoRoute route : magentoRoutes) {
            info.add(new RouteInfo(
                    route.key(), route.aclResource(), route.routeClass().name()));
        }
        info.add(new RouteInfo(TenantRuntime.CONSUMER_ROUTE, null, "BULK_OPERATION"));
        return info;
    }

    private static StoreInfo info(SimulatedStore store) {
        return new StoreInfo(
                store.tenant(),
                store.magentoBaseUrl(),
                store.storeViews(),
                store.settings(),
                store.capacity(),
                store.faults(),
                clock(store),
                store.orderCount(),
                store.productCount(),
                !store.bulkConsumerPaused());
    }

    private static ClockState clock(SimulatedStore store) {
        return new ClockState(store.now(), store.clockOffset().getSeconds());
    }

    private static OutgoingResponse ok(Object body) {
        return json(200, body);
    }

    private static OutgoingResponse json(int status, Object body) {
        return OutgoingResponse.json(status, body);
    }

    private static OutgoingResponse notFound(String message) {
        return json(404, new AdminError(message));
    }
}
