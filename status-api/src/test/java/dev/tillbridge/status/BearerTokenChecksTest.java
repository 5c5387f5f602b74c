package dev.tillbridge.status;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Tokens signed by the right key are still refused when they are for another service, live too long, or carry
 * an account claim that is not one account id; each is a 401 problem, never an identity.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class BearerTokenChecksTest extends StatusApiTestSupport {

    private static final String ISSUER = "https://tillbridge.local/dev-tokens";
    private static final String AUDIENCE = "tillbridge-status-api";

    @ConfigProperty(name = "tillbridge.dev-tokens.key-dir")
    String keyDir;

    /** A token like the dev issuer's, signed with its key, changed by {@code change}. */
    private String token(UnaryOperator<JwtClaimsBuilder> change) throws Exception {
        String pem = Files.readString(Path.of(keyDir, "private.pem"), StandardCharsets.US_ASCII);
        byte[] der = Base64.getDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("tester")
                .groups(Set.of("account"))
                .claim("account", "acc-token-checks")
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1)));
        return change.apply(claims).sign(key);
    }

    private void refused(String token) {
        as(token)
                .get("/api/v1/integrations")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void aWellFormedTokenSignedByTheDevKeyIsAccepted() throws Exception {
        as(token(c -> c)).get("/api/v1/integrations").then().statusCode(200);
    }

    @Test
    void aTokenForAnotherAudienceOrNoneIsRefused() throws Exception {
        refused(token(c -> c.audience("tillbridge-other-service")));
        refused(token(c -> c.audience(Set.of("tillbridge-other-service", "someone-else"))));
        refused(token(c -> c.remove("aud")));
    }

    @Test
    void aTokenLivingLongerThanTheMaximumIsRefused() throws Exception {
        Instant now = Instant.now();
        refused(token(c -> c.expiresAt(now.plus(Duration.ofDays(365 * 100)))));
        refused(token(c -> c.expiresAt(now.plus(Duration.ofHours(13)))));
        // iat in the future keeps exp - iat small: the distance from now counts too.
        refused(token(c ->
                c.issuedAt(now.plus(Duration.ofDays(365 * 100))).expiresAt(now.plus(Duration.ofDays(365 * 100 + 1)))));
    }

    @Test
    void anAccountClaimThatIsNotOneAccountIdIsRefused() throws Exception {
        refused(token(c -> c.claim("account", List.of("acc-a", "acc-b"))));
        refused(token(c -> c.claim("account", List.of("acc-a"))));
        refused(token(c -> c.claim("account", 42)));
        refused(token(c -> c.claim("account", "acc a\r\n")));
        refused(token(c -> c.claim("account", "")));
        refused(token(c -> c.claim("account", "x".repeat(65))));
    }
}
