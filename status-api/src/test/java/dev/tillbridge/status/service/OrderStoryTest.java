package dev.tillbridge.status.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderStoryTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    static final UUID CYCLE = UUID.randomUUID();

    static OrderStory.Stored at(int seconds, long id, StoryFact fact) {
        return new OrderStory.Stored(fact.kind(), T.plusSeconds(seconds), id, fact);
    }

    @Test
    void factsAreShownOldestFirstAndALaterDecisionIsMarkedAsDecidedAgain() {
        var story = OrderStory.of(
                "int-1",
                "#000000123",
                "INCREMENT_ID",
                123,
                "000000123",
                List.of(
                        // arrival order differs from time order: topics are read independently
                        at(
                                30,
                                5,
                                StoryFact.released(
                                        false,
                                        "WAIT_FOR_INVOICE",
                                        2,
                                        41L,
                                        T.plusSeconds(20),
                                        "processing",
                                        new BigDecimal("10.00"),
                                        new BigDecimal("10.00"))),
                        at(
                                0,
                                1,
                                StoryFact.seen(
                                        CYCLE,
                                        "ORDER_SEARCH",
                                        T,
                                        "new",
                                        "pending",
                                        1,
                                        new BigDecimal("10.00"),
                                        new BigDecimal("0.00"))),
                        at(
                                5,
                                2,
                                StoryFact.skipped(
                                        "AWAITING_INVOICE",
                                        false,
                                        "Not invoiced yet.",
                                        "Switch to Auto-Invoice.",
                                        T,
                                        "new",
                                        "pending")),
                        at(
                                20,
                                3,
                                StoryFact.seen(
                                        CYCLE,
                                        "INVOICE_SEARCH",
                                        T.plusSeconds(20),
                                        "processing",
                                        "processing",
                                        1,
                                        new BigDecimal("10.00"),
                                        new BigDecimal("10.00")))),
                0,
                Duration.ofDays(30));

        assertThat(story.seen()).isTrue();
        assertThat(story.facts()).extracting(StoryFact::kind).containsExactly("SEEN", "SKIPPED", "SEEN", "RELEASED");
        assertThat(story.facts()).extracting(StoryFact::redecided).containsExactly(null, false, null, true);
        assertThat(story.facts().get(0).summary())
                .isEqualTo(
                        "Seen in Magento by a sync cycle: new (pending), updated " + T + ", invoiced 0.00 of 10.00.");
        assertThat(story.facts().get(1).summary())
                .startsWith("Skipped, awaiting invoice (decided again when the order changes)");
        assertThat(story.facts().get(2).summary()).contains("through a new invoice");
        assertThat(story.facts().get(3).summary())
                .isEqualTo("Decided again: released to the POS: on filtered-orders, partition 2, offset 41.");
        assertThat(story.current().decision()).isEqualTo("RELEASED");
        assertThat(story.keptFor()).isEqualTo("P30D");
    }

    @Test
    void aReDownloadIsNotADecisionAndTheLatestSkipStands() {
        var story = OrderStory.of(
                "int-1",
                "7",
                "ENTITY_ID",
                7,
                "000000007",
                List.of(
                        at(
                                0,
                                1,
                                StoryFact.skipped(
                                        "ALREADY_INVOICED",
                                        true,
                                        "Invoiced before.",
                                        "Switch modes.",
                                        T,
                                        "processing",
                                        null)),
                        at(10, 2, StoryFact.redownloadRequested("ops@example.test")),
                        at(
                                11,
                                3,
                                StoryFact.released(
                                        true, "AUTO_INVOICE", 0, 9L, T, "processing", BigDecimal.TEN, BigDecimal.TEN)),
                        at(12, 4, StoryFact.invoice("ALREADY_INVOICED", null, "INFO", "MAGENTO", "already"))),
                0,
                Duration.ofDays(30));

        assertThat(story.facts()).extracting(StoryFact::redecided).containsExactly(false, null, null, null);
        assertThat(story.facts())
                .extracting(StoryFact::summary)
                .containsExactly(
                        "Skipped, already invoiced (final): Invoiced before.",
                        "Re-download requested by ops@example.test.",
                        "Downloaded again (re-download) to the POS: on filtered-orders, partition 0, offset 9.",
                        "Auto-Invoice: Magento had nothing left to invoice (already invoiced).");
        assertThat(story.current().decision()).isEqualTo("RELEASED");
        assertThat(story.current().summary()).endsWith("(re-download).");
    }

    @Test
    void aSkipAfterAReleaseIsWhereTheOrderStands() {
        var story = OrderStory.of(
                "int-1",
                "7",
                "ENTITY_ID",
                7,
                "7",
                List.of(at(
                        0,
                        1,
                        StoryFact.seen(CYCLE, "ORDER_SEARCH", T, "new", null, 1, BigDecimal.ONE, BigDecimal.ZERO))),
                0,
                Duration.ofDays(30));
        assertThat(story.current().decision()).isEqualTo("UNDECIDED");

        var skipped = OrderStory.of(
                "int-1",
                "7",
                "ENTITY_ID",
                7,
                "7",
                List.of(at(
                        0, 1, StoryFact.skipped("ON_HOLD", false, "On hold.", "Release the hold.", T, "holded", null))),
                0,
                Duration.ofDays(30));
        assertThat(skipped.current().decision()).isEqualTo("SKIPPED");
        assertThat(skipped.current().reason()).isEqualTo("ON_HOLD");
        assertThat(skipped.current().advice()).isEqualTo("Release the hold.");
    }

    @Test
    void neverSeenGivesTheLikelyReasonsWithTheWatermarkAndTheLastWindow() {
        Instant watermark = T.plusSeconds(600);
        var integration = new OrderStory.Integration(
                true,
                watermark,
                T,
                watermark,
                watermark.plusSeconds(2),
                "SUCCEEDED",
                null,
                60,
                Instant.parse("2026-11-01T00:00:00Z"),
                List.of(1, 2),
                "default");
        var story = OrderStory.notSeen("int-1", "#000000999", integration, Duration.ofDays(30));

        assertThat(story.seen()).isFalse();
        assertThat(story.facts()).isEmpty();
        assertThat(story.notSeen().likelyReasons())
                .extracting(OrderStory.Reason::code)
                .containsExactly("NOT_YET_POLLED", "BEFORE_START_DATE", "STORE_NOT_MAPPED", "FORGOTTEN");
        assertThat(story.notSeen().likelyReasons().get(0).sentence())
                .contains(watermark.toString(), T.toString(), "every 60 s");
        assertThat(story.notSeen().likelyReasons().get(1).sentence()).contains("2026-11-01T00:00:00Z");
        assertThat(story.notSeen().likelyReasons().get(2).sentence()).contains("store ids [1, 2]");
        assertThat(story.notSeen().likelyReasons().get(3).sentence()).contains("30 days");
        assertThat(story.notSeen().watermark()).isEqualTo(watermark);
        assertThat(story.notSeen().lastCycle().windowFrom()).isEqualTo(T);
        assertThat(story.notSeen().lastCycle().windowTo()).isEqualTo(watermark);
    }

    @Test
    void neverSyncedDisabledOrFailingSaySo() {
        var integration = new OrderStory.Integration(
                false,
                null,
                T,
                T.plusSeconds(60),
                T.plusSeconds(61),
                "FAILED",
                "Magento answered 401.",
                60,
                null,
                List.of(),
                "default");
        var story = OrderStory.notSeen("int-1", "5", integration, Duration.ofDays(30));
        String first = story.notSeen().likelyReasons().get(0).sentence();
        assertThat(first)
                .contains(
                        "No sync cycle has succeeded yet",
                        "The last sync cycle failed: Magento answered 401.",
                        "disabled");
        assertThat(story.notSeen().likelyReasons())
                .extracting(OrderStory.Reason::code)
                .containsExactly("NOT_YET_POLLED", "STORE_NOT_MAPPED", "FORGOTTEN");
    }
}
