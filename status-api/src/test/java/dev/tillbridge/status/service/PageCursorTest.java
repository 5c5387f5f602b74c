package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void aCursorRoundTripsWithMicroseconds() {
        PageCursor cursor = new PageCursor(Instant.parse("2024-12-13T10:00:00.123456Z"), 42);
        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void aCursorThisApiDidNotMakeIsRefusedByName() {
        for (String bad : new String[] {"abc", "%%%", "MTIz", "x".repeat(300)}) {
            assertThatThrownBy(() -> PageCursor.decode(bad))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("cursor:");
        }
    }

    @Test
    void aForgedCursorWithAnInstantTheDatabaseCannotHoldIsRefusedByName() {
        for (String at :
                new String[] {"+1000000000-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            String forged = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((at + "|1").getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> PageCursor.decode(forged))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("cursor:");
        }
        PageCursor edge = new PageCursor(Instant.parse("9999-12-31T23:59:59.999999Z"), 1);
        assertThat(PageCursor.decode(edge.encode())).isEqualTo(edge);
    }
}
