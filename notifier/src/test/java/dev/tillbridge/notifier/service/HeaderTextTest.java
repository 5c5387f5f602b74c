package dev.tillbridge.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void lineBreaksAndControlCharactersBecomeSingleSpaces() {
        assertThat(HeaderText.singleLine("Shop\r\nBcc: x@evil.test", 100)).isEqualTo("Shop Bcc: x@evil.test");
        assertThat(HeaderText.singleLine("a\u0000b\u0007c\td\u2028e\u0085f", 100))
                .isEqualTo("a b c d e f");
        assertThat(HeaderText.singleLine("  padded \n ", 100)).isEqualTo("padded");
        assertThat(HeaderText.singleLine("zero\u200Bwidth", 100)).isEqualTo("zero width");
    }

    @Test
    void longTextIsCappedWithoutSplittingACharacter() {
        String capped = HeaderText.singleLine("x".repeat(500), 150);
        assertThat(capped).hasSize(150).endsWith("…");
        String emoji = HeaderText.singleLine("😀".repeat(20), 10);
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(10);
        assertThat(emoji).startsWith("😀").endsWith("…");
    }

    @Test
    void nothingBecomesEmpty() {
        assertThat(HeaderText.singleLine(null, 10)).isEmpty();
        assertThat(HeaderText.singleLine("\r\n\t", 10)).isEmpty();
    }
}
