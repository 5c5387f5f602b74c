package dev.tillbridge.poller;

import dev.tillbridge.infra.IntegrationDirectoryContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** order-poller reads {@code integrations} from the real broker into its own database; bad records go to the DLQ. */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class OrderPollerFoundationTest extends IntegrationDirectoryContract {}
