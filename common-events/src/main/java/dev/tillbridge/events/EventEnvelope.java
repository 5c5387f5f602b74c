package dev.tillbridge.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every Tillbridge record carries.
 *
 * <p>{@code id} is the idempotency key: a consumer that has seen an id once ignores it the next time.
 * {@code type} names the payload and its version ({@code order.observed.v1}); a breaking change is a
 * new type, additive changes keep the type and bump nothing. {@code integrationId} is empty only for
 * account-level records (a digest e-mail covering several integrations).
 */
public record EventEnvelope<T>(
        UUID id,
        String type,
        String accountId,
        String integrationId,
        Instant occurredAt,
        int schemaVersion,
        T payload) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public EventEnvelope {
        Objects.requireNonNull(id, "id is required");
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(accountId, "accountId is required");
        Objects.requireNonNull(occurredAt, "occurredAt is required");
        Objects.requireNonNull(payload, "payload is required");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be 1 or more, was " + schemaVersion);
        }
        // The wire format carries milliseconds; truncating here keeps a round trip equal.
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
    }

    public static <T extends EventPayload> EventEnvelope<T> of(
            String accountId, String integrationId, T payload, Clock clock) {
        return new EventEnvelope<>(
                UUID.randomUUID(),
                payload.eventType(),
                accountId,
                integrationId,
                clock.instant(),
                CURRENT_SCHEMA_VERSION,
                payload);
    }

    /** An envelope whose id is derived from a natural key, so a re-publication is recognised as a repeat. */
    public static <T extends EventPayload> EventEnvelope<T> withStableId(
            String naturalKey, String accountId, String integrationId, T payload, Clock clock) {
        UUID id = UUID.nameUUIDFromBytes((payload.eventType() + "|" + naturalKey).getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope<>(
                id, payload.eventType(), accountId, integrationId, clock.instant(), CURRENT_SCHEMA_VERSION, payload);
    }
}
