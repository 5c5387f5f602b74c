package dev.tillbridge.notifier.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.NotificationSent;

/** Publishes a sent mail to {@code notifications}; returns once the broker acknowledged it, throws otherwise. */
@FunctionalInterface
public interface NotificationPublisher {
    void publish(String accountId, EventEnvelope<NotificationSent> envelope);
}
