package dev.tillbridge.pos.rest;

import dev.tillbridge.pos.messaging.CatalogPublisher;
import dev.tillbridge.pos.messaging.OrderReceiver;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code POST /pos/runs?products=N} sends a catalog run now; {@code GET /pos/orders[?integrationId=]} lists the latest orders received. */
@Path("/pos")
public class PosResource {

    private static final int MAX_RUN = 100_000;

    private final CatalogPublisher publisher;
    private final OrderReceiver orders;
    private final int defaultSize;

    public PosResource(
            CatalogPublisher publisher,
            OrderReceiver orders,
            @ConfigProperty(name = "pos.catalog.size") int defaultSize) {
        this.publisher = publisher;
        this.orders = orders;
        this.defaultSize = defaultSize;
    }

    @POST
    @Path("/runs")
    public Response sendRun(@QueryParam("products") Integer products) {
        int size = products == null ? defaultSize : products;
        if (size < 1 || size > MAX_RUN) {
            throw new BadRequestException("products must be between 1 and " + MAX_RUN);
        }
        String runId = publisher.publish(size);
        return Response.accepted(Map.of("runId", runId, "products", size))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    public record OrdersView(long received, List<OrderReceiver.ReceivedOrder> latest) {}

    @GET
    @Path("/orders")
    public OrdersView orders(@QueryParam("integrationId") String integrationId) {
        return new OrdersView(
                orders.received(), integrationId == null ? orders.latest() : orders.latest(integrationId));
    }
}
