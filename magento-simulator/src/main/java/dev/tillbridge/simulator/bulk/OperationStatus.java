package dev.tillbridge.simulator.bulk;

import com.fasterxml.jackson.annotation.JsonValue;

/** Bulk operation status codes (M:…/Framework/Bulk/OperationInterface.php; docs/magento-api.md §6). */
public enum OperationStatus {
    COMPLETE(1),
    RETRIABLY_FAILED(2),
    NOT_RETRIABLY_FAILED(3),
    OPEN(4),
    REJECTED(5);

    private final int code;

    OperationStatus(int code) {
        this.code = code;
    }

    @JsonValue
    public int code() {
        return code;
    }

    public static OperationStatus of(int code) {
        for (OperationStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("no operation status " + code);
    }
}
