package dev.tillbridge.status.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.status.service.ConflictException;
import dev.tillbridge.status.service.IntegrationNotFoundException;
import dev.tillbridge.status.service.InvalidRequestException;
import dev.tillbridge.status.service.QuotaExceededException;
import dev.tillbridge.status.service.RefusedAddressException;
import dev.tillbridge.status.service.UnprocessableRequestException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the API answers is problem+json: a refused field names the field, a missing or invalid
 * token is 401, a foreign or unknown integration 404, a body that is not JSON or too large 4xx, and an
 * unexpected failure 500 with an error id to find its log line (never the exception's text).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return Problem.response(400, "Bad Request", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response unprocessable(UnprocessableRequestException e) {
        return Problem.response(422, "Unprocessable Content", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response refusedAddress(RefusedAddressException e) {
        return Problem.response(422, "Unprocessable Content", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response notFound(IntegrationNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response quota(QuotaExceededException e) {
        LOG.infof("Quota reached (%s): %s", e.quota(), e.getMessage());
        Response problem = Problem.response(429, "Too Many Requests", e.getMessage(), null);
        return Response.fromResponse(problem)
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        Response problem = Problem.response(
                Response.Status.UNAUTHORIZED, "A valid bearer token is required (Authorization: Bearer <JWT>).");
        return Response.fromResponse(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(Response.Status.FORBIDDEN, "This token may not do that.");
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return Problem.response(400, "Bad Request", "The body is not valid JSON: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response r = e.getResponse();
        int status = r == null ? 500 : r.getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        Response problem = Problem.response(status, title, title, null);
        Response.ResponseBuilder builder = Response.fromResponse(problem);
        if (r.getHeaderString(HttpHeaders.ALLOW) != null) {
            builder.header(HttpHeaders.ALLOW, r.getHeaderString(HttpHeaders.ALLOW));
        }
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "Request failed, error id %s", id);
        return Problem.response(500, "Internal Server Error", "Unexpected error; error id " + id, null);
    }
}
