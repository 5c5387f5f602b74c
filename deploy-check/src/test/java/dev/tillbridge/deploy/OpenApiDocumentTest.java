package dev.tillbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/api/openapi.yaml is the OpenAPI document status-api's build writes (quarkus.smallrye-openapi.
 * store-schema-directory=target/openapi). After changing the REST API: {@code ./mvnw -pl status-api package
 * -DskipTests && cp status-api/target/openapi/openapi.yaml deploy/api/openapi.yaml}.
 */
class OpenApiDocumentTest {

    private static final Path CHECKED_IN = Project.deploy().resolve("api/openapi.yaml");

    @Test
    void checkedInDocumentDescribesTheStatusApi() {
        Map<String, Object> document = Manifests.read(CHECKED_IN).get(0);
        assertThat(Manifests.string(document, "openapi")).startsWith("3.");
        assertThat(Manifests.map(document, "paths").keySet())
                .anySatisfy(path -> assertThat(path).startsWith("/api/v1/integrations"));
    }

    @Test
    void checkedInDocumentIsTheOneStatusApiBuilds() {
        Path built = Project.root().resolve("status-api/target/openapi/openapi.yaml");
        assumeTrue(Files.exists(built), "status-api not built in this reactor: " + built + " missing");
        assertThat(Manifests.read(CHECKED_IN).get(0))
                .as("deploy/api/openapi.yaml is out of date: copy status-api/target/openapi/openapi.yaml")
                .isEqualTo(Manifests.read(built).get(0));
    }
}
