package dev.tillbridge.simulator;

import dev.tillbridge.simulator.admin.AdminApi;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.http.IncomingRequest;
import dev.tillbridge.simulator.http.MagentoGateway;
import dev.tillbridge.simulator.http.OutgoingResponse;
import dev.tillbridge.simulator.http.PathTemplate;
import dev.tillbridge.simulator.http.SimulatorHttpServer;
import dev.tillbridge.simulator.rest.MagentoApi;
import dev.tillbridge.simulator.tenant.TenantRuntime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A Magento 2.4 REST stand-in serving several stores (tenants) from one port. A store's Magento base URL is
 * {@code baseUrl() + "/m/" + tenant}; the simulator's own admin API is under {@code /_sim/}.
 *
 * <pre>{@code
 * try (MagentoSimulator sim = MagentoSimulator.start(SimulatorOptions.defaults())) {
 *     SimulatedStore store = sim.createStore(StoreSpec.tenant("acme").withBearerToken("secret"));
 *     store.seedOrders(100);
 *     // GET store.magentoBaseUrl() + "/rest/V1/orders?searchCriteria[pageSize]=20"
 * }
 * }</pre>
 */
public final class MagentoSimulator implements AutoCloseable {

    private final Map<String, SimulatedStore> stores = new LinkedHashMap<>();
    private final MagentoGateway gateway;
    private final AdminApi admin;
    private final SimulatorHttpServer server;
    private final String baseUrl;

    private MagentoSimulator(SimulatorOptions options) {
        this.gateway = new MagentoGateway(MagentoApi.routes(), options.latency());
        this.admin = new AdminApi(this, gateway.routes());
        this.server = SimulatorHttpServer.start(options.host(), options.port(), options.httpThreads(), this::dispatch);
        String advertised = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
        this.baseUrl = "http://" + advertised + ":" + server.port();
    }

    public static MagentoSimulator start(SimulatorOptions options) {
        return new MagentoSimulator(options);
    }

    public int port() {
        return server.port();
    }

    /** E.g. {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Creates a store; a tenant name can be used once. */
    public synchronized SimulatedStore createStore(StoreSpec spec) {
        if (stores.containsKey(spec.tenant())) {
            throw new IllegalStateException("store '" + spec.tenant() + "' exists already");
        }
        TenantRuntime runtime = new TenantRuntime(
                spec.tenant(), spec.credentials(), spec.storeViews(), spec.settings(), Clock.systemUTC());
        SimulatedStore store = new SimulatedStore(runtime, baseUrl + "/m/" + spec.tenant());
        stores.put(spec.tenant(), store);
        return store;
    }

    public synchronized SimulatedStore store(String tenant) {
        return findStore(tenant).orElseThrow(() -> new NoSuchElementException("no store '" + tenant + "'"));
    }

    public synchronized Optional<SimulatedStore> findStore(String tenant) {
        return Optional.ofNullable(stores.get(tenant));
    }

    public synchronized Collection<SimulatedStore> stores() {
        return List.copyOf(new ArrayList<>(stores.values()));
    }

    public synchronized boolean removeStore(String tenant) {
        SimulatedStore removed = stores.remove(tenant);
        if (removed != null) {
            removed.runtime().close();
        }
        return removed != null;
    }

    /** {@code /_sim/...} goes to the admin API, {@code /m/<tenant>/rest/...} to that store, anything else is 404. */
    private OutgoingResponse dispatch(IncomingRequest request) {
        List<String> segments = PathTemplate.split(request.rawPath());
        if (!segments.isEmpty() && segments.get(0).equals("_sim")) {
            return admin.handle(request, segments.subList(1, segments.size()));
        }
        if (segments.size() >= 3
                && segments.get(0).equals("m")
                && segments.get(2).equals("rest")) {
            Optional<SimulatedStore> store = findStore(segments.get(1));
            if (store.isPresent()) {
                return gateway.handle(store.get().runtime(), request, segments.subList(3, segments.size()));
            }
        }
        return OutgoingResponse.error(MagentoException.noRoute());
    }

    @Override
    public void close() {
        server.close();
        synchronized (this) {
            stores.values().forEach(store -> store.runtime().close());
            stores.clear();
        }
    }
}
