package dev.tillbridge.status;

import dev.tillbridge.infra.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package rules every service keeps (local-infra's ServiceArchitecture says which and why). */
class ArchitectureTest {

    private static final ServiceArchitecture CODE = ServiceArchitecture.of("dev.tillbridge.status");

    @Test
    void layersPointOneWay() {
        CODE.layersPointOneWay();
    }

    @Test
    void decisionsArePlainJava() {
        CODE.decisionsArePlainJava();
    }

    @Test
    void staysInItsModule() {
        CODE.staysInItsModule();
    }
}
