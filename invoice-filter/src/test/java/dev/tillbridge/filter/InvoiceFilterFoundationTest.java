package dev.tillbridge.filter;

import dev.tillbridge.infra.IntegrationDirectoryContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** invoice-filter reads {@code integrations} from the real broker into its own database; bad records go to the DLQ. */
@QuarkusTest
@WithTestResource(FilterTestResource.class)
class InvoiceFilterFoundationTest extends IntegrationDirectoryContract {}
