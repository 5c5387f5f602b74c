package dev.tillbridge.simulator.bulk;

/** What processing one operation gave: its final status, message, error code and serialized result. */
public record OperationOutcome(
        OperationStatus status, String resultMessage, Integer errorCode, String resultSerializedData) {}
