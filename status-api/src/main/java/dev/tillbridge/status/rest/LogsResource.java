package dev.tillbridge.status.rest;

import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.status.config.StatusApiConfig;
import dev.tillbridge.status.service.IntegrationAccess;
import dev.tillbridge.status.service.LogQuery;
import dev.tillbridge.status.service.Page;
import dev.tillbridge.status.service.ReadModelQueries;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Logs page's lines of one integration. A foreign or unknown integration is 404, as on every route. */
@Path("/api/v1/integrations/{id}/logs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@Tag(name = "integrations")
public class LogsResource {

    private final Callers callers;
    private final IntegrationAccess access;
    private final ReadModelQueries queries;
    private final StatusApiConfig config;

    public LogsResource(Callers callers, IntegrationAccess access, ReadModelQueries queries, StatusApiConfig config) {
        this.callers = callers;
        this.access = access;
        this.queries = queries;
        this.config = config;
    }

    @GET
    @Operation(summary = "Log lines, newest first: filter by service and type, page with the cursor returned")
    public Page<ReadModelQueries.LogLineView> logs(
            @PathParam("id") String id,
            @QueryParam("service") String service,
            @QueryParam("type") String type,
            @QueryParam("since") String since,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        IntegrationAccess.Owner owner = access.require(callers.current(), id);
        LogQuery query = new LogQuery(
                QueryParameters.enumeration("service", service, LogService.class),
                QueryParameters.enumeration("type", type, LogType.class),
                QueryParameters.instant("since", since),
                QueryParameters.limit(limit, config),
                QueryParameters.cursor(cursor));
        return queries.logs(owner.integrationId(), query);
    }
}
