package dev.tillbridge.simulator.bulk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** A bulk: its operations change status one by one as the consumer gets to them. */
public final class Bulk {

    /** Magento's UserContextInterface::USER_TYPE_INTEGRATION: requests come from an integration. */
    static final int USER_TYPE_INTEGRATION = 1;

    private final String uuid;
    private final String description;
    private final Instant startTime;
    private final AtomicReferenceArray<BulkOperation> operations;

    Bulk(String uuid, String description, Instant startTime, List<BulkOperation> operations) {
        this.uuid = uuid;
        this.description = description;
        this.startTime = startTime;
        this.operations = new AtomicReferenceArray<>(operations.toArray(new BulkOperation[0]));
    }

    public String uuid() {
        return uuid;
    }

    public String description() {
        return description;
    }

    public Instant startTime() {
        return startTime;
    }

    public int userType() {
        return USER_TYPE_INTEGRATION;
    }

    public List<BulkOperation> operations() {
        List<BulkOperation> list = new ArrayList<>(operations.length());
        for (int i = 0; i < operations.length(); i++) {
            list.add(operations.get(i));
        }
        return list;
    }

    public BulkOperation operation(int index) {
        return operations.get(index);
    }

    void update(int index, BulkOperation operation) {
        operations.set(index, operation);
    }

    public long countWithStatus(OperationStatus status) {
        return operations().stream().filter(o -> o.status() == status).count();
    }
}
