package dev.tillbridge.notifier;

import dev.tillbridge.infra.IntegrationDirectoryContract;
import dev.tillbridge.notifier.support.SmtpPortResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * notifier reads {@code integrations} from the real broker into its own database; bad records go to the DLQ.
 * It carries the same test resources as the other notifier tests, so all of them share one application.
 */
@QuarkusTest
@WithTestResource(NotifierTestResource.class)
@WithTestResource(SmtpPortResource.class)
class NotifierFoundationTest extends IntegrationDirectoryContract {}
