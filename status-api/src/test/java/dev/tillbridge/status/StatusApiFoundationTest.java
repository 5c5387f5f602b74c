package dev.tillbridge.status;

import dev.tillbridge.infra.IntegrationDirectoryContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** status-api reads {@code integrations} from the real broker into its own database; bad records go to the DLQ. */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class StatusApiFoundationTest extends IntegrationDirectoryContract {}
