package dev.tillbridge.status.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillbridge.status.service.DemoTokenExposure;
import dev.tillbridge.status.service.DevTokenIssuer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.ws.rs.NotFoundException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Demo tokens are off unless configured, and never on in the prod profile. */
class DevTokenSwitchTest {

    static SmallRyeConfig config(String profile) throws Exception {
        URL properties = DevTokenSwitchTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(properties, 250))
                .build();
    }

    @Test
    void theProdProfileHasDevTokensOffAndTheDevProfileOn() throws Exception {
        assertThat(config("prod").getValue("tillbridge.dev-tokens.enabled", Boolean.class))
                .isFalse();
        assertThat(config("dev").getValue("tillbridge.dev-tokens.enabled", Boolean.class))
                .isTrue();
        assertThat(config("some-other-profile").getValue("tillbridge.dev-tokens.enabled", Boolean.class))
                .isFalse();
    }

    @Test
    void whenOffTheTokenEndpointAnswersNotFoundAndIssuesNothing() {
        DevTokenIssuer off = new DevTokenIssuer(
                false, Optional.empty(), "https://issuer", List.of("tillbridge-status-api"), Duration.ofHours(1), 3600);
        DevTokenResource resource = new DevTokenResource(off, null);
        assertThatThrownBy(() -> resource.token("acc-1", false)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> resource.token(null, true)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(resource::accounts).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> off.issue("acc-1", false, "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void devTokensAreRefusedInTheProdProfileAndOnAListenerOtherMachinesReach() {
        assertThat(DemoTokenExposure.refusal(List.of("prod"), "127.0.0.1"))
                .get()
                .asString()
                .contains("prod profile");
        assertThat(DemoTokenExposure.refusal(List.of("prod", "local"), "localhost"))
                .isPresent();
        for (String reachable : List.of(
                "0.0.0.0",
                "::",
                "[::]",
                "192.168.1.20",
                "10.0.0.5",
                "status-api",
                "127.0.0.1.example.com",
                "1270.0.0.1",
                "fe80::1")) {
            assertThat(DemoTokenExposure.refusal(List.of("dev"), reachable))
                    .as(reachable)
                    .get()
                    .asString()
                    .contains("quarkus.http.host=" + reachable);
        }
        for (String loopback : List.of("127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]")) {
            assertThat(DemoTokenExposure.refusal(List.of("dev"), loopback))
                    .as(loopback)
                    .isEmpty();
            assertThat(DemoTokenExposure.refusal(List.of("test"), loopback))
                    .as(loopback)
                    .isEmpty();
        }
    }
}
