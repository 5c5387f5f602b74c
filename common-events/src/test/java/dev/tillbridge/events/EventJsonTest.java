package dev.tillbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.events.json.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T08:00:00.123456Z"), ZoneOffset.UTC);

    static Stream<EventPayload> payloads() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void everyEventTypeSurvivesARoundTrip(EventPayload payload) {
        EventEnvelope<EventPayload> sent = EventEnvelope.of("acc-1", SampleEvents.INTEGRATION, payload, CLOCK);

        EventEnvelope<EventPayload> read = EventJson.decode(EventJson.encode(sent));

        assertThat(read).isEqualTo(sent);
        assertThat(read.occurredAt()).isEqualTo(Instant.parse("2026-11-29T08:00:00.123Z"));
    }

    @Test
    void everyRegisteredTypeHasASample() {
        Set<String> sampled = new HashSet<>();
        SampleEvents.all().forEach(p -> sampled.add(p.eventType()));
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(EventTypes.all());
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void unknownExtraFieldsAreIgnored(EventPayload payload) throws Exception {
        EventEnvelope<EventPayload> sent = EventEnvelope.of("acc-1", SampleEvents.INTEGRATION, payload, CLOCK);
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventJson.encode(sent));
        tree.put("addedInAFutureVersion", "x");
        ((ObjectNode) tree.get("payload")).putObject("alsoNew").put("nested", 1);

        assertThat(EventJson.decode(tree.toString())).isEqualTo(sent);
    }

    @Test
    void aMissingRequiredFieldIsAClearError() throws Exception {
        var sent = EventEnvelope.of(
                "acc-1",
                SampleEvents.INTEGRATION,
                new OrderReleased("int-1", DownloadMode.AUTO_INVOICE, false, SampleEvents.order()),
                CLOCK);
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventJson.encode(sent));
        ((ObjectNode) tree.get("payload").get("order")).remove("incrementId");

        assertThatThrownBy(() -> EventJson.decode(tree.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("order.released.v1")
                .hasMessageContaining("incrementId is required");
    }

    @Test
    void aMissingEnvelopeIdIsAClearError() throws Exception {
        var sent = EventEnvelope.of("acc-1", "int-1", LogEntry.info("int-1", LogService.POS, "x", "hello"), CLOCK);
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventJson.encode(sent));
        tree.remove("id");

        assertThatThrownBy(() -> EventJson.decode(tree.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("id is required");
    }

    @Test
    void notJsonUnknownTypeAndWrongTypeAreRejected() {
        assertThatThrownBy(() -> EventJson.decode("{not json"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EventJson.decode("[1,2]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.decode("{\"type\":\"order.exploded.v9\"}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("order.exploded.v9");
        var log = EventEnvelope.of("acc-1", "int-1", LogEntry.info("int-1", LogService.POS, "x", "hello"), CLOCK);
        assertThatThrownBy(() -> EventJson.decode(EventJson.encode(log), OrderReleased.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("OrderReleased");
    }

    @Test
    void nullFieldsAreLeftOutOfTheWireFormat() {
        var sent = EventEnvelope.of("acc-1", "int-1", LogEntry.info("int-1", LogService.POS, "x", "hello"), CLOCK);
        assertThat(EventJson.encode(sent))
                .doesNotContain("reference")
                .contains("\"occurredAt\":\"2026-11-29T08:00:00.123Z\"");
    }

    @Test
    void aLogLineWrittenBeforeOrderFieldsExistedStillReads() {
        String old =
                "{\"id\":\"0b6f7e2c-1d3a-4c55-9a51-1f0f3b1f6a10\",\"type\":\"log.entry.v1\",\"accountId\":\"acc-1\","
                        + "\"integrationId\":\"int-1\",\"occurredAt\":\"2026-11-29T08:00:00.123Z\",\"schemaVersion\":1,"
                        + "\"payload\":{\"integrationId\":\"int-1\",\"service\":\"MAGENTO\",\"type\":\"ERROR\","
                        + "\"message\":\"Could not invoice order 1 in Magento\",\"origin\":\"invoice-filter\",\"reference\":\"1\"}}";
        LogEntry entry = (LogEntry) EventJson.decode(old).payload();
        assertThat(entry.entityId()).isNull();
        assertThat(entry.invoice()).isNull();
        assertThat(entry.reference()).isEqualTo("1");
    }

    @Test
    void stableIdsRecogniseARepublication() {
        var payload = LogEntry.info("int-1", LogService.POS, "x", "hello");
        var first = EventEnvelope.withStableId("cycle-1", "acc-1", "int-1", payload, CLOCK);
        var again = EventEnvelope.withStableId("cycle-1", "acc-1", "int-1", payload, Clock.systemUTC());
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(EventEnvelope.withStableId("cycle-2", "acc-1", "int-1", payload, CLOCK)
                        .id())
                .isNotEqualTo(first.id());
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void theTypeFieldMayComeAnywhereInTheEnvelope(EventPayload payload) throws Exception {
        // Other writers need not put "type" before the payload, as ours do.
        EventEnvelope<EventPayload> sent = EventEnvelope.of("acc-1", SampleEvents.INTEGRATION, payload, CLOCK);
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(EventJson.encode(sent));
        String type = tree.remove("type").asText();
        tree.put("type", type);

        assertThat(EventJson.decode(tree.toString())).isEqualTo(sent);
    }

    @Test
    void brokenJsonAfterTheTypeAndANonTextTypeAreRejected() {
        var log = EventEnvelope.of("acc-1", "int-1", LogEntry.info("int-1", LogService.POS, "x", "hello"), CLOCK);
        String json = EventJson.encode(log);
        assertThatThrownBy(() -> EventJson.decode(json.substring(0, json.length() - 5)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EventJson.decode("{\"type\":{\"name\":\"log.entry.v1\"}}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("no type field");
        assertThatThrownBy(() -> EventJson.decode("{\"id\":\"x\"}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("no type field");
        assertThatThrownBy(() -> EventJson.decode("  "))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("empty");
    }
}
