package dev.tillbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The drift checker itself, on small inputs that are broken on purpose. */
class EnvironmentDriftCheckerTest {

    private static final String PROPERTIES = """
            kafka.bootstrap.servers=localhost:9092
            quarkus.datasource.password=
            quarkus.datasource.username=postgres
            tillbridge.poller.overlap=120s
            %dev.tillbridge.credentials.key=abc
            %test.quarkus.mailer.host=127.0.0.1
            """;

    private static final String README = """
            | setting | env | default | meaning |
            |---|---|---|---|
            | `tillbridge.credentials.key` | `TILLBRIDGE_CREDENTIALS_KEY` | – | opens credentials |
            | `tillbridge.poller.overlap` | `TILLBRIDGE_POLLER_OVERLAP` | `120s` | overlap |
            | `tillbridge.a` / `.b` | `TILLBRIDGE_A` / `_B` | none in prod (required) | a and b |
            | `x.*` | `X_*`, ... | | wildcards are not names |
            """;

    private static final String COMPOSE = """
            x-env: &env
              KAFKA_BOOTSTRAP_SERVERS: kafka:19092
              QUARKUS_DATASOURCE_PASSWORD: secret
            services:
              svc:
                environment:
                  <<: *env
                  TILLBRIDGE_CREDENTIALS_KEY: k
                  TILLBRIDGE_A: a
            """;

    private static final String KUBERNETES = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: common
            data:
              KAFKA_BOOTSTRAP_SERVERS: kafka:9092
              TILLBRIDGE_A: a
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: svc
            spec:
              template:
                spec:
                  containers:
                    - name: svc
                      envFrom:
                        - configMapRef:
                            name: common
                      env:
                        - name: QUARKUS_DATASOURCE_PASSWORD
                          valueFrom:
                            secretKeyRef:
                              name: secrets
                              key: QUARKUS_DATASOURCE_PASSWORD
                        - name: TILLBRIDGE_CREDENTIALS_KEY
                          valueFrom:
                            secretKeyRef:
                              name: secrets
                              key: TILLBRIDGE_CREDENTIALS_KEY
            """;

    private static Map<String, Map<String, String>> required(String properties) {
        Map<String, String> env = new TreeMap<>(RequiredEnvironment.fromProperties(properties));
        RequiredEnvironment.fromReadme(README).forEach(env::putIfAbsent);
        return Map.of("svc", env);
    }

    @Test
    void derivesDevOnlyValuesAndSettingsWithoutDefault() {
        assertThat(required(PROPERTIES).get("svc"))
                .containsOnlyKeys(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "QUARKUS_DATASOURCE_PASSWORD",
                        "TILLBRIDGE_CREDENTIALS_KEY",
                        "TILLBRIDGE_A");
    }

    @Test
    void completeInputsHaveNoDrift() {
        assertThat(EnvironmentDrift.inCompose(Manifests.parse(COMPOSE).get(0), required(PROPERTIES)))
                .isEmpty();
        assertThat(EnvironmentDrift.inKubernetes("k8s", Manifests.parse(KUBERNETES), required(PROPERTIES)))
                .isEmpty();
    }

    @Test
    void composeMissingAVariableFails() {
        String broken = COMPOSE.replace("      TILLBRIDGE_CREDENTIALS_KEY: k\n", "");
        assertThat(EnvironmentDrift.inCompose(Manifests.parse(broken).get(0), required(PROPERTIES)))
                .singleElement()
                .asString()
                .contains("svc does not set TILLBRIDGE_CREDENTIALS_KEY");
    }

    @Test
    void composeMissingAVariableOfTheSharedAnchorFails() {
        String broken = COMPOSE.replace("  KAFKA_BOOTSTRAP_SERVERS: kafka:19092\n", "");
        assertThat(EnvironmentDrift.inCompose(Manifests.parse(broken).get(0), required(PROPERTIES)))
                .singleElement()
                .asString()
                .contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void configMapMissingAKeyFails() {
        String broken = KUBERNETES.replace("  TILLBRIDGE_A: a\n", "");
        assertThat(EnvironmentDrift.inKubernetes("k8s", Manifests.parse(broken), required(PROPERTIES)))
                .singleElement()
                .asString()
                .contains("Deployment svc does not set TILLBRIDGE_A");
    }

    @Test
    void deploymentMissingASecretReferenceFails() {
        String broken = KUBERNETES.replace("- name: TILLBRIDGE_CREDENTIALS_KEY", "- name: SOMETHING_ELSE");
        assertThat(broken).isNotEqualTo(KUBERNETES);
        assertThat(EnvironmentDrift.inKubernetes("k8s", Manifests.parse(broken), required(PROPERTIES)))
                .singleElement()
                .asString()
                .contains("TILLBRIDGE_CREDENTIALS_KEY");
    }

    @Test
    void secretWithoutTheKeyAServiceReadsFails() {
        String withSecret = KUBERNETES + """
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: secrets
                data:
                  QUARKUS_DATASOURCE_PASSWORD: cw==
                """;
        assertThat(EnvironmentDrift.inKubernetes("k8s", Manifests.parse(withSecret), required(PROPERTIES)))
                .singleElement()
                .asString()
                .contains("Secret secrets has no key TILLBRIDGE_CREDENTIALS_KEY");
    }

    @Test
    void aNewSettingReadFromTheEnvironmentIsDriftUntilDeployed() {
        String withNewSetting = PROPERTIES + "tillbridge.new.thing=${TILLBRIDGE_NEW_THING:}\n";
        List<String> problems =
                EnvironmentDrift.inCompose(Manifests.parse(COMPOSE).get(0), required(withNewSetting));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("does not set TILLBRIDGE_NEW_THING"));
        assertThat(EnvironmentDrift.inKubernetes("k8s", Manifests.parse(KUBERNETES), required(withNewSetting)))
                .anySatisfy(p -> assertThat(p).contains("does not set TILLBRIDGE_NEW_THING"));
    }

    @Test
    void aMissingServiceIsDrift() {
        assertThat(EnvironmentDrift.inCompose(Manifests.parse("services: {}").get(0), required(PROPERTIES)))
                .containsExactly("docker-compose.yml has no service 'svc'");
    }
}
