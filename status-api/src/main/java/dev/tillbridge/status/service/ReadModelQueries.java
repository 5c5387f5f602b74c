package dev.tillbridge.status.service;

import dev.tillbridge.events.SkipReason;
import dev.tillbridge.status.model.LogLine;
import dev.tillbridge.status.model.SkippedOrder;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The Logs page and the skipped-orders list: newest first, keyset paged. */
@ApplicationScoped
public class ReadModelQueries {

    public record LogLineView(
            long id,
            String service,
            String type,
            String message,
            String origin,
            String reference,
            Instant occurredAt) {}

    public record SkippedOrderView(
            long entityId,
            String incrementId,
            String reason,
            boolean finalDecision,
            String sentence,
            String advice,
            String orderState,
            String orderStatus,
            Instant orderCreatedAt,
            Instant orderUpdatedAt,
            Instant firstSkippedAt,
            Instant skippedAt) {}

    public Page<LogLineView> logs(String integrationId, LogQuery query) {
        StringBuilder where = new StringBuilder("integrationId = :id");
        Parameters params = Parameters.with("id", integrationId);
        if (query.service() != null) {
            where.append(" and service = :service");
            params.and("service", query.service().name());
        }
        if (query.type() != null) {
            where.append(" and type = :type");
            params.and("type", query.type().name());
        }
        if (query.since() != null) {
            where.append(" and occurredAt >= :since");
            params.and("since", query.since());
        }
        if (query.cursor() != null) {
            where.append(" and (occurredAt < :cursorAt or (occurredAt = :cursorAt and id < :cursorId))");
            params.and("cursorAt", query.cursor().at())
                    .and("cursorId", query.cursor().id());
        }
        List<LogLine> lines = LogLine.<LogLine>find(where.toString(), Sort.descending("occurredAt", "id"), params)
                .range(0, query.limit())
                .list();
        List<LogLineView> items = lines.stream()
                .limit(query.limit())
                .map(l -> new LogLineView(l.id, l.service, l.type, l.message, l.origin, l.reference, l.occurredAt))
                .toList();
        String next = lines.size() > query.limit()
                ? new PageCursor(
                                items.get(items.size() - 1).occurredAt(),
                                items.get(items.size() - 1).id())
                        .encode()
                : null;
        return new Page<>(items, next);
    }

    public Page<SkippedOrderView> skipped(String integrationId, SkipReason reason, int limit, PageCursor cursor) {
        StringBuilder where = new StringBuilder("id.integrationId = :id");
        Parameters params = Parameters.with("id", integrationId);
        if (reason != null) {
            where.append(" and reason = :reason");
            params.and("reason", reason.name());
        }
        if (cursor != null) {
            where.append(" and (skippedAt < :cursorAt or (skippedAt = :cursorAt and id.entityId < :cursorId))");
            params.and("cursorAt", cursor.at()).and("cursorId", cursor.id());
        }
        List<SkippedOrder> rows = SkippedOrder.<SkippedOrder>find(
                        where.toString(),
                        Sort.descending("skippedAt").and("id.entityId", Sort.Direction.Descending),
                        params)
                .range(0, limit)
                .list();
        List<SkippedOrderView> items = rows.stream()
                .limit(limit)
                .map(o -> new SkippedOrderView(
                        o.id.entityId(),
                        o.incrementId,
                        o.reason,
                        o.finalDecision,
                        o.sentence,
                        o.advice,
                        o.orderState,
                        o.orderStatus,
                        o.orderCreatedAt,
                        o.orderUpdatedAt,
                        o.firstSkippedAt,
                        o.skippedAt))
                .toList();
        String next = rows.size() > limit
                ? new PageCursor(
                                items.get(items.size() - 1).skippedAt(),
                                items.get(items.size() - 1).entityId())
                        .encode()
                : null;
        return new Page<>(items, next);
    }
}
