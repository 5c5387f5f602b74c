package dev.tillbridge.status.messaging;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

/**
 * What the control plane announces, written to the {@code outbox} table in the caller's transaction (there
 * must be one): the records commit or roll back with the change they announce, and nothing here waits for
 * the broker. {@link OutboxRelay} publishes them after the commit, in the order they were written per key.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Outbox {

    /** Fired for each record written; the relay wakes up once the transaction committed. */
    public record RecordWritten(String topic) {}

    private final OutboxStore store;
    private final Event<RecordWritten> written;

    public Outbox(OutboxStore store, Event<RecordWritten> written) {
        this.store = store;
        this.written = written;
    }

    /** The whole configuration, keyed by integration id on the compacted {@code integrations} topic. */
    public void integration(EventEnvelope<IntegrationConfigured> envelope) {
        add(OutboxRecord.event(
                Topics.INTEGRATIONS, envelope.payload().integrationId(), envelope, EventPublisher.SOURCE));
    }

    /** Deletes the integration from the compacted topic: every service drops it. */
    public void integrationTombstone(String integrationId) {
        add(OutboxRecord.tombstone(Topics.INTEGRATIONS, integrationId));
    }

    public void redownload(EventEnvelope<RedownloadRequested> envelope) {
        RedownloadRequested request = envelope.payload();
        add(OutboxRecord.event(
                Topics.RAW_ORDERS,
                Topics.orderKey(request.integrationId(), request.entityId()),
                envelope,
                EventPublisher.SOURCE));
    }

    public void log(EventEnvelope<LogEntry> envelope) {
        add(OutboxRecord.event(
                Topics.INTEGRATION_LOGS, envelope.payload().integrationId(), envelope, EventPublisher.SOURCE));
    }

    /** Any record, built with {@link OutboxRecord#event} or {@link OutboxRecord#tombstone}. */
    public void add(OutboxRecord record) {
        store.insert(record);
        written.fire(new RecordWritten(record.topic()));
    }
}
