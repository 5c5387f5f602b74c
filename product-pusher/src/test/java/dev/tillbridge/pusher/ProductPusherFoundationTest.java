package dev.tillbridge.pusher;

import dev.tillbridge.infra.IntegrationDirectoryContract;
import dev.tillbridge.infra.TillbridgeTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** product-pusher reads {@code integrations} from the real broker into its own database; bad records go to the DLQ. */
@QuarkusTest
@WithTestResource(TillbridgeTestResource.class)
class ProductPusherFoundationTest extends IntegrationDirectoryContract {}
