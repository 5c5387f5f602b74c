package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderRefTest {

    @Test
    void aPlainNumberMayBeAnEntityIdOrAnIncrementId() {
        OrderRef ref = OrderRef.parse("123");
        assertThat(ref.entityId()).isEqualTo(123L);
        assertThat(ref.incrementId()).isEqualTo("123");
    }

    @Test
    void leadingZerosOrAHashMeanAnIncrementId() {
        assertThat(OrderRef.parse("000000123").entityId()).isNull();
        assertThat(OrderRef.parse("000000123").incrementId()).isEqualTo("000000123");
        OrderRef hashed = OrderRef.parse("#100000123");
        assertThat(hashed.entityId()).isNull();
        assertThat(hashed.incrementId()).isEqualTo("100000123");
        assertThat(OrderRef.parse("WEB-2024.17_b").incrementId()).isEqualTo("WEB-2024.17_b");
    }

    @Test
    void aNumberTooLargeForAnEntityIdIsStillAnIncrementId() {
        OrderRef ref = OrderRef.parse("99999999999999999999");
        assertThat(ref.entityId()).isNull();
        assertThat(ref.incrementId()).isEqualTo("99999999999999999999");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "#",
                "##1",
                "a b",
                "-1",
                ".5",
                "1/2",
                "ü1",
                "x'--",
                "<script>",
                "123456789012345678901234567890123456789012345678901"
            })
    void whatCannotNameAnOrderIsRefusedNamingRef(String text) {
        assertThatThrownBy(() -> OrderRef.parse(text))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).errors())
                        .singleElement()
                        .satisfies(f -> assertThat(f.field()).isEqualTo("ref")));
    }

    @Test
    void fiftyCharactersAreTheMost() {
        assertThat(OrderRef.parse("1".repeat(50)).incrementId()).hasSize(50);
    }
}
