package dev.tillbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every variable a service needs is set in docker-compose.yml, in deploy/base and in each overlay. */
class EnvironmentDriftTest {

    @Test
    void everyServiceDerivesTheVariablesItCannotRunWithout() {
        var required = Project.required(Project.COMPOSE_SERVICES);
        assertThat(required.get("order-poller"))
                .containsKeys(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        "QUARKUS_DATASOURCE_PASSWORD",
                        "TILLBRIDGE_CREDENTIALS_KEY");
        assertThat(required.get("notifier"))
                .containsKeys(
                        "QUARKUS_MAILER_HOST",
                        "QUARKUS_MAILER_FROM",
                        "QUARKUS_MAILER_USERNAME",
                        "TILLBRIDGE_NOTIFIER_SETTINGS_URL");
        assertThat(required.get("status-api"))
                .containsKeys("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "TILLBRIDGE_CREDENTIALS_KEY");
        assertThat(required.get("invoice-filter")).containsKey("KAFKA_STREAMS_STATE_DIR");
        assertThat(required.get("pos-standin")).containsKey("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void composeSetsEveryVariableEachServiceNeeds() {
        var compose =
                Manifests.read(Project.root().resolve("docker-compose.yml")).get(0);
        assertThat(EnvironmentDrift.inCompose(compose, Project.required(Project.COMPOSE_SERVICES)))
                .isEmpty();
    }

    @Test
    void baseManifestsSetEveryVariableEachServiceNeeds() {
        var base = Manifests.plainResources(Project.deploy().resolve("base"));
        var required = Project.required(List.copyOf(Project.BASE_SERVICES.keySet()));
        // The base reads secrets from `tillbridge-secrets`, which the overlays provide; the keys are checked there.
        assertThat(EnvironmentDrift.inKubernetes("deploy/base", base, required)).isEmpty();
    }

    @Test
    void everyOverlaySetsEveryVariableEachServiceNeeds() {
        assumeTrue(Manifests.kustomizeCommand().isPresent(), "no kustomize or kubectl on PATH: overlays not rendered");
        List<String> problems = new ArrayList<>();
        for (String overlay : Project.OVERLAYS) {
            var objects = Manifests.render(Project.deploy().resolve("overlays/" + overlay))
                    .orElseThrow();
            List<String> services = new ArrayList<>(Project.BASE_SERVICES.keySet());
            if (overlay.equals("dev")) {
                services.addAll(Project.DEMO_SERVICES);
            }
            problems.addAll(EnvironmentDrift.inKubernetes("overlays/" + overlay, objects, Project.required(services)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void devOverlayProvidesEveryKeyOfTheSecretTheServicesRead() {
        assumeTrue(Manifests.kustomizeCommand().isPresent(), "no kustomize or kubectl on PATH: overlays not rendered");
        var objects = Manifests.render(Project.deploy().resolve("overlays/dev")).orElseThrow();
        Optional<Map<String, Object>> secret = Manifests.ofKind(objects, "Secret").stream()
                .filter(s -> Manifests.name(s).startsWith("tillbridge-secrets"))
                .findFirst();
        assertThat(secret).isPresent();
        assertThat(Manifests.map(secret.get(), "data"))
                .containsKeys(
                        "QUARKUS_DATASOURCE_USERNAME",
                        "QUARKUS_DATASOURCE_PASSWORD",
                        "TILLBRIDGE_CREDENTIALS_KEY",
                        "QUARKUS_MAILER_USERNAME",
                        "QUARKUS_MAILER_PASSWORD");
    }
}
