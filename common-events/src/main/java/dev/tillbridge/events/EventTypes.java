package dev.tillbridge.events;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Envelope {@code type} → payload record. A type not listed here is unreadable and goes to the dead letters. */
public final class EventTypes {

    private static final Map<String, Class<? extends EventPayload>> PAYLOADS = Map.ofEntries(
            Map.entry(IntegrationConfigured.TYPE, IntegrationConfigured.class),
            Map.entry(OrderObserved.TYPE, OrderObserved.class),
            Map.entry(RedownloadRequested.TYPE, RedownloadRequested.class),
            Map.entry(OrderReleased.TYPE, OrderReleased.class),
            Map.entry(OrderSkipped.TYPE, OrderSkipped.class),
            Map.entry(SyncCycle.STARTED_TYPE, SyncCycle.class),
            Map.entry(SyncCycle.ENDED_TYPE, SyncCycle.class),
            Map.entry(ProductUpdate.TYPE, ProductUpdate.class),
            Map.entry(ProductProgress.TYPE, ProductProgress.class),
            Map.entry(LogEntry.TYPE, LogEntry.class),
            Map.entry(AlertChanged.RAISED_TYPE, AlertChanged.class),
            Map.entry(AlertChanged.RESOLVED_TYPE, AlertChanged.class),
            Map.entry(NotificationSent.TYPE, NotificationSent.class),
            Map.entry(ResyncRequested.TYPE, ResyncRequested.class),
            Map.entry(ResyncCancelRequested.TYPE, ResyncCancelRequested.class),
            Map.entry(ResyncProgress.TYPE, ResyncProgress.class));

    private EventTypes() {}

    public static Optional<Class<? extends EventPayload>> payloadOf(String type) {
        return Optional.ofNullable(PAYLOADS.get(type));
    }

    public static Set<String> all() {
        return PAYLOADS.keySet();
    }
}
