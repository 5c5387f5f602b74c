package dev.tillbridge.status.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a list in id order starts: the last id served. Opaque to clients (base64url), like
 * {@link PageCursor}; keyset paging, so integrations created or deleted meanwhile neither repeat nor go missing.
 */
public record IdCursor(String after) {

    private static final String PREFIX = "id|";

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + after).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidRequestException naming the {@code cursor} parameter when it is not one of ours */
    public static IdCursor decode(String cursor) {
        if (cursor.length() > 200) {
            throw notOurs();
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
        if (!raw.startsWith(PREFIX)
                || raw.length() == PREFIX.length()
                || raw.chars().anyMatch(Character::isISOControl)) {
            throw notOurs();
        }
        return new IdCursor(raw.substring(PREFIX.length()));
    }

    private static InvalidRequestException notOurs() {
        return InvalidRequestException.of("cursor", "is not a cursor this API returned");
    }
}
