package dev.tillbridge.pusher;

import dev.tillbridge.infra.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package rules every service keeps (local-infra's ServiceArchitecture says which and why). */
class ArchitectureTest {

    private static final ServiceArchitecture CODE = ServiceArchitecture.of("dev.tillbridge.pusher");

    @Test
    void layersPointOneWay() {
        CODE.layersPointOneWay();
    }

    @Test
    void decisionsArePlainJava() {
        // The pusher settles each product-updates record itself (its offset is committed when the record's save is
        // settled, in order per partition), so its record intake and settlement carry Kafka's record and partition
        // types; no other framework.
        CODE.decisionsArePlainJavaBut("org.apache.kafka..");
    }

    @Test
    void staysInItsModule() {
        CODE.staysInItsModule();
    }
}
