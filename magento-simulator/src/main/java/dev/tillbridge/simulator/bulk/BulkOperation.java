package dev.tillbridge.simulator.bulk;

/**
 * One operation of a bulk, as {@code /detailed-status} lists it. {@code serializedData} is the JSON of the
 * request item; {@code resultSerializedData} the JSON of the saved product once complete. Null fields are
 * omitted, so an open operation has no {@code result_message} or {@code error_code}.
 */
public record BulkOperation(
        int id,
        String bulkUuid,
        String topicName,
        String serializedData,
        String resultSerializedData,
        OperationStatus status,
        String resultMessage,
        Integer errorCode) {

    BulkOperation finished(OperationStatus newStatus, String message, Integer code, String result) {
        return new BulkOperation(id, bulkUuid, topicName, serializedData, result, newStatus, message, code);
    }

    /** The shorter form of {@code /status}: id, status, result_message, error_code. */
    public Summary summary() {
        return new Summary(id, status, resultMessage, errorCode);
    }

    public record Summary(int id, OperationStatus status, String resultMessage, Integer errorCode) {}
}
