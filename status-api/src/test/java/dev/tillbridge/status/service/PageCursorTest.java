package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
            assertThatThrownBy(() -> PageCursor.decode(bad)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("cursor:");
        }
    }
}
