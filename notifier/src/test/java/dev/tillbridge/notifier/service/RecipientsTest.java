package dev.tillbridge.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecipientsTest {

    @Test
    void plainAddressesAreAcceptedOnceEach() {
        Recipients r =
                Recipients.check(List.of("ops@example.test", " Ops@Example.test ", "team.lead+alerts@shop.co.uk"));
        assertThat(r.accepted()).containsExactly("ops@example.test", "team.lead+alerts@shop.co.uk");
        assertThat(r.rejected()).isEmpty();
    }

    @Test
    void anythingThatCouldCarryAHeaderOrASecondRecipientIsRejected() {
        List<String> bad = Arrays.asList(
                "ops@example.test\r\nBcc: x@evil.test",
                "Boss <boss@example.test>",
                "a@b.test, c@d.test",
                "no-at-sign",
                "two@@example.test",
                "spa ce@example.test",
                "",
                null,
                "x@localhost",
                "\"quoted\"@example.test",
                "a".repeat(65) + "@example.test",
                "x@" + "d".repeat(250) + ".test");
        Recipients r = Recipients.check(bad);
        assertThat(r.accepted()).isEmpty();
        assertThat(r.rejected()).hasSize(bad.size());
        assertThat(r.isEmpty()).isTrue();
    }

    @Test
    void aMailGoesToTwentyAddressesAtMost() {
        List<String> many = IntStream.range(0, 25)
                .mapToObj(i -> "ops" + i + "@example.test")
                .toList();
        Recipients r = Recipients.check(many);
        assertThat(r.accepted()).hasSize(Recipients.MAX_RECIPIENTS);
        assertThat(r.rejected()).hasSize(5);
    }
}
