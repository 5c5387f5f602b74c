package dev.tillbridge.simulator.http;

import dev.tillbridge.simulator.auth.SignedRequest;
import dev.tillbridge.simulator.capacity.CapacityGate;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.capacity.LatencyModel;
import dev.tillbridge.simulator.capacity.RouteClass;
import dev.tillbridge.simulator.capacity.StoreOverloaded;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.fault.RequestFaults;
import dev.tillbridge.simulator.json.FieldsFilter;
import dev.tillbridge.simulator.json.SimulatorJson;
import dev.tillbridge.simulator.search.BracketQuery;
import dev.tillbridge.simulator.store.StoreView;
import dev.tillbridge.simulator.tenant.TenantRuntime;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The path every Magento request of a store takes: route matching (with Magento's store-code rule), auth,
 * faults, the capacity model, the handler, and counting. Routes live under {@code /rest/}:
 * {@code [<store_code>/](V1|async/V1|async/bulk/V1)/...}.
 */
public final class MagentoGateway {

    private static final System.Logger LOG = System.getLogger(MagentoGateway.class.getName());
    public static final String UNMATCHED = "UNMATCHED";

    private final List<MagentoRoute> routes;

    private final LatencyModel latency;

    public MagentoGateway(List<MagentoRoute> routes) {
        this(routes, LatencyModel.none());
    }

    public MagentoGateway(List<MagentoRoute> routes, LatencyModel latency) {
        this.latency = latency;
        this.routes = List.copyOf(routes);
    }

    public List<MagentoRoute> routes() {
        return routes;
    }

    private record Resolved(MagentoRoute route, String storeCode, Map<String, String> params) {}

    public OutgoingResponse handle(TenantRuntime store, IncomingRequest request, List<String> restSegments) {
        Optional<Resolved> resolved = resolve(store, request.method(), restSegments);
        if (resolved.isEmpty()) {
            store.counters().request(UNMATCHED, 404);
            return OutgoingResponse.error(MagentoException.noRoute());
        }
        OutgoingResponse response = serve(store, request, resolved.get());
        store.counters().request(resolved.get().route().key(), response.status());
        return response;
    }

    /**
     * Magento's PathProcessor: the first segment is a store code only if such a store exists (or it is
     * {@code all}); otherwise the whole path is matched as it is, so an unknown store code matches no route.
     */
    private Optional<Resolved> resolve(TenantRuntime store, String method, List<String> segments) {
        int start = 0;
        String storeCode = store.storeViews().get(0).code();
        if (!segments.isEmpty()) {
            Optional<StoreView> view = store.storeView(segments.get(0));
            if (view.isPresent()) {
                storeCode = view.get().code();
                start = 1;
            }
        }
        List<String> rest = segments.subList(start, segments.size());
        String api;
        int apiLength;
        if (startsWith(rest, "V1")) {
            api = "V1";
            apiLength = 1;
        } else if (startsWith(rest, "async", "V1")) {
            api = "async/V1";
            apiLength = 2;
        } else if (startsWith(rest, "async", "bulk", "V1")) {
            api = "async/bulk/V1";
            apiLength = 3;
        } else {
            return Optional.empty();
        }
        List<String> path = rest.subList(apiLength, rest.size());
        for (MagentoRoute route : routes) {
            if (route.method().equals(method) && route.api().equals(api)) {
                Optional<Map<String, String>> params = route.path().match(path);
                if (params.isPresent()) {
                    return Optional.of(new Resolved(route, storeCode, params.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(List<String> segments, String... prefix) {
        if (segments.size() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!segments.get(i).equals(prefix[i])) {
                return false;
            }
        }
        return true;
    }

    private OutgoingResponse serve(TenantRuntime store, IncomingRequest request, Resolved resolved) {
        MagentoRoute route = resolved.route();
        SignedRequest signed = new SignedRequest(
                request.method(),
                request.scheme(),
                request.host(),
                request.rawPath(),
                request.rawQuery(),
                request.header("Authorization"));
        if (!store.authenticator().isAuthorized(signed)) {
            return OutgoingResponse.error(MagentoException.notAuthorized(route.aclResource()));
        }
        RequestFaults faults = store.faults().forRequest(route.key());
        sleep(latency.sampleMs() + faults.latencyMs());
        if (faults.replacement() != null) {
            return faultResponse(faults.replacement(), route);
        }
        OutgoingResponse response;
        // A product save counts as "in progress" for its whole service time, so overlapping saves can lose a lock.
        try (CapacityGate.Admission admission = store.capacity().admit();
                TenantRuntime.SaveInProgress save =
                        route.routeClass() == RouteClass.PRODUCT_SAVE ? store.productSaveInProgress() : null) {
            MagentoCall call = new MagentoCall(
                    resolved.storeCode(),
                    route.key(),
                    resolved.params(),
                    BracketQuery.parse(request.rawQuery()),
                    request.body());
            RouteResult result = run(store, route, call);
            admission.serve(store.capacity().settings().serviceTimes().forRequest(route.routeClass(), result.rows()));
            FieldsFilter fields = call.query().get("fields") instanceof String spec ? FieldsFilter.parse(spec) : null;
            response = OutgoingResponse.json(
                    result.status(),
                    fields == null || result.status() != 200 ? result.json() : fields.apply(result.json()));
        } catch (StoreOverloaded e) {
            return overloaded(store.capacity().settings());
        }
        return faults.truncate() ? response.truncated() : response;
    }

    private static RouteResult run(TenantRuntime store, MagentoRoute route, MagentoCall call) {
        try {
            return route.handler().handle(store, call);
        } catch (MagentoException e) {
            return new RouteResult(e.status(), SimulatorJson.bytes(e.body()), 0);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handler of " + route.key() + " failed", e);
            MagentoException masked = MagentoException.internal(String.valueOf(e.getMessage()));
            return new RouteResult(500, SimulatorJson.bytes(masked.body()), 0);
        }
    }

    private static OutgoingResponse faultResponse(FaultRule rule, MagentoRoute route) {
        OutgoingResponse response = switch (rule.kind()) {
            case UNAUTHORIZED -> OutgoingResponse.error(MagentoException.notAuthorized(route.aclResource()));
            case ERROR ->
                rule.status() == 500
                        ? OutgoingResponse.internalError()
                        : OutgoingResponse.html(rule.status(), HtmlPages.forStatus(rule.status()));
            case HTML_PAGE -> OutgoingResponse.html(rule.status(), HtmlPages.forStatus(rule.status()));
            default -> throw new IllegalStateException("not a replacing fault: " + rule.kind());
        };
        return rule.retryAfterSeconds() == null
                ? response
                : response.withHeader("Retry-After", String.valueOf(rule.retryAfterSeconds()));
    }

    private static OutgoingResponse overloaded(CapacitySettings settings) {
        OutgoingResponse response =
                OutgoingResponse.html(settings.overloadStatus(), HtmlPages.forStatus(settings.overloadStatus()));
        return settings.retryAfterSeconds() == null
                ? response
                : response.withHeader("Retry-After", String.valueOf(settings.retryAfterSeconds()));
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
