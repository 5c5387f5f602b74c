package dev.tillbridge.status.rest;

import dev.tillbridge.status.service.InvalidRequestException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Path ids and query values are text a person could type: a NUL or another control character (sent
 * percent-encoded, {@code /integrations/a%00b}) is refused here as a 400 naming the parameter, for every
 * endpoint at once. Otherwise it would reach PostgreSQL, which refuses NUL in text, and answer 500.
 */
public class RequestParameters {

    @ServerRequestFilter
    public void refuseControlCharacters(UriInfo uri) {
        check(uri.getPathParameters());
        check(uri.getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (hasControlCharacter(name)) {
                throw InvalidRequestException.of("query", "parameter names must not contain control characters");
            }
            for (String value : parameter.getValue()) {
                if (value != null && hasControlCharacter(value)) {
                    throw InvalidRequestException.of(name, "must not contain control characters");
                }
            }
        }
    }

    static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
