package dev.tillbridge.status.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tillbridge.events.json.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code outbox} table. Every method runs in the caller's transaction: {@link Outbox} writes in the
 * control plane's, {@link OutboxRelay} locks, deletes and counts in its own.
 */
@ApplicationScoped
public class OutboxStore {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    /** How many rows wait and since when (null when none). */
    public record Backlog(long pending, Instant oldestCreatedAt) {
        public static final Backlog EMPTY = new Backlog(0, null);
    }

    private final EntityManager em;

    public OutboxStore(EntityManager em) {
        this.em = em;
    }

    void insert(OutboxRecord record) {
        em.createNativeQuery(
                        "INSERT INTO outbox (topic, msg_key, value, headers) VALUES (?1, ?2, ?3, CAST(?4 AS jsonb))")
                .setParameter(1, record.topic())
                .setParameter(2, record.key())
                .setParameter(3, record.value())
                .setParameter(4, json(record.headers()))
                .executeUpdate();
    }

    /**
     * Locks and returns the oldest pending row of each (topic, key), oldest first. A row whose key has an older
     * row pending is never taken, even when another replica holds that older one: so rows of one key are
     * published one after the other, in id order, however many relays run. Rows another relay holds are skipped.
     */
    List<OutboxRecord> lockHeads(int limit) {
        List<?> rows = em.createNativeQuery("""
                        SELECT o.id, o.topic, o.msg_key, o.value, o.headers::text, o.created_at
                          FROM outbox o
                         WHERE NOT EXISTS (SELECT 1 FROM outbox older
                                            WHERE older.topic = o.topic AND older.msg_key = o.msg_key AND older.id < o.id)
                         ORDER BY o.id
                         LIMIT ?1
                           FOR UPDATE OF o SKIP LOCKED
                        """).setParameter(1, limit).getResultList();
        List<OutboxRecord> records = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            records.add(new OutboxRecord(
                    ((Number) r[0]).longValue(),
                    (String) r[1],
                    (String) r[2],
                    (String) r[3],
                    headers((String) r[4]),
                    instant(r[5])));
        }
        return records;
    }

    /** Forgets rows the broker acknowledged. */
    void delete(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            em.createNativeQuery("DELETE FROM outbox WHERE id IN (:ids)")
                    .setParameter("ids", ids)
                    .executeUpdate();
        }
    }

    /** Counts a failed attempt on rows that stay pending. */
    void recordFailure(Collection<Long> ids, String error) {
        if (!ids.isEmpty()) {
            em.createNativeQuery("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id IN (:ids)")
                    .setParameter("ids", ids)
                    .setParameter("error", error)
                    .executeUpdate();
        }
    }

    public Backlog backlog() {
        Object[] row = (Object[]) em.createNativeQuery("SELECT count(*), min(created_at) FROM outbox")
                .getSingleResult();
        return new Backlog(((Number) row[0]).longValue(), instant(row[1]));
    }

    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private static String json(Map<String, String> headers) {
        try {
            return EventJson.mapper().writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write record headers", e);
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            return EventJson.mapper().readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outbox headers: " + e.getOriginalMessage(), e);
        }
    }
}
