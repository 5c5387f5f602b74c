package dev.tillbridge.status.service;

/**
 * Fired inside the transaction that changed an integration's read model; observers that need the change
 * committed (the status cache, the live event streams) observe it {@code AFTER_SUCCESS}.
 *
 * @param kind what changed: {@code progress}, {@code cycle}, {@code alert}, {@code orders} or {@code integration}
 * @param data the changed part as the status document shows it, or null
 */
public record ReadModelChanged(String integrationId, String kind, Object data) {}
