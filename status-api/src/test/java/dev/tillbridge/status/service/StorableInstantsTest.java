package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StorableInstantsTest {

    @Test
    void fourDigitYearsAreAcceptedAndEverythingJavaParsesBeyondIsRefusedByName() {
        assertThat(StorableInstants.parse("since", "0001-01-01T00:00:00Z"))
                .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(StorableInstants.parse("since", "9999-12-31T23:59:59Z")).isNotNull();
        for (String text : new String[] {
            "+1000000000-12-31T23:59:59Z",
            "-1000000000-01-01T00:00:00Z",
            "0000-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z",
            "yesterday",
            ""
        }) {
            assertThatThrownBy(() -> StorableInstants.parse("since", text))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("since:");
        }
    }
}
