package dev.tillbridge.status.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where the next page of a newest-first list starts: the time and id of the last item served. Opaque to
 * clients (base64url); keyset paging, so lines arriving meanwhile neither repeat nor go missing.
 */
public record PageCursor(Instant at, long id) {

    public String encode() {
        String raw = at.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidRequestException naming the {@code cursor} parameter when it is not one of ours */
    public static PageCursor decode(String cursor) {
        if (cursor.length() > 200) {
            throw InvalidRequestException.of("cursor", "is not a cursor this API returned");
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                throw InvalidRequestException.of("cursor", "is not a cursor this API returned");
            }
            Instant at = Instant.parse(raw.substring(0, bar));
            long id = Long.parseLong(raw.substring(bar + 1));
            // A forged cursor may carry any instant Java parses; only ours (which the database held) go on.
            if (!StorableInstants.holds(at)) {
                throw InvalidRequestException.of("cursor", "is not a cursor this API returned");
            }
            return new PageCursor(at, id);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw InvalidRequestException.of("cursor", "is not a cursor this API returned");
        }
    }
}
