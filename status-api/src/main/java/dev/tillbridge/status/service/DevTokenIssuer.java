package dev.tillbridge.status.service;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Demo tokens for the local stack and tests, so the pages work without an identity provider. Off unless
 * {@code tillbridge.dev-tokens.enabled}; refused at start in the prod profile and on a listener other machines can
 * reach ({@link DemoTokenExposure}). When on, it makes an RSA key pair in
 * {@code tillbridge.dev-tokens.key-dir} at start (kept across restarts), which is where
 * {@code mp.jwt.verify.publickey.location} points by default; a real deployment points that setting at its
 * identity provider's key instead. The folder belongs to the run (the local stack's run folder, the build's
 * target folder in tests), never a folder others can write: a key planted there would sign any token.
 */
@ApplicationScoped
public class DevTokenIssuer {

    private static final Logger LOG = Logger.getLogger(DevTokenIssuer.class);

    private final boolean enabled;
    private final Path keyDir;
    private final String issuer;
    private final String audience;
    private final Duration lifespan;
    private volatile PrivateKey signingKey;

    public DevTokenIssuer(
            @ConfigProperty(name = "tillbridge.dev-tokens.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "tillbridge.dev-tokens.key-dir") Optional<String> keyDir,
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") List<String> audiences,
            @ConfigProperty(name = "tillbridge.dev-tokens.lifespan", defaultValue = "PT12H") Duration lifespan,
            @ConfigProperty(name = "smallrye.jwt.time-to-live") long maxLifetimeSeconds) {
        this.enabled = enabled;
        if (enabled && keyDir.isEmpty()) {
            throw new IllegalStateException("tillbridge.dev-tokens.enabled needs tillbridge.dev-tokens.key-dir");
        }
        this.keyDir = keyDir.map(Path::of).orElse(null);
        this.issuer = issuer;
        this.audience = audiences.get(0);
        this.lifespan = lifespan;
        if (enabled && lifespan.toSeconds() > maxLifetimeSeconds) {
            // Every token issued would be refused by the verifier; say so at start, not at the first request.
            throw new IllegalStateException("tillbridge.dev-tokens.lifespan (" + lifespan + ") is longer than "
                    + "smallrye.jwt.time-to-live (" + maxLifetimeSeconds + " s)");
        }
    }

    public record IssuedToken(String token, Instant expiresAt) {}

    public boolean enabled() {
        return enabled;
    }

    /** Before the first request: the verifier reads the public key file on first use. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (!enabled) {
            return;
        }
        String httpHost = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.host", String.class)
                .orElse(LaunchMode.current().isDevOrTest() ? "localhost" : "0.0.0.0");
        DemoTokenExposure.refusal(ConfigUtils.getProfiles(), httpHost).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        signingKey = ensureKeys();
        LOG.warnf(
                "Dev tokens are ON (tillbridge.dev-tokens.enabled): POST /api/v1/dev/token issues demo tokens "
                        + "signed with the key in %s. Never enable this in production.",
                keyDir.toAbsolutePath());
    }

    public IssuedToken issue(String account, boolean operator, String subject) {
        if (!enabled || signingKey == null) {
            throw new IllegalStateException("Dev tokens are disabled");
        }
        Instant expiresAt = Instant.now().plus(lifespan);
        var claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .groups(operator ? Set.of(Caller.OPERATOR_ROLE) : Set.of("account"))
                .expiresAt(expiresAt.getEpochSecond());
        if (account != null) {
            claims.claim("account", account);
        }
        return new IssuedToken(claims.sign(signingKey), expiresAt);
    }

    private PrivateKey ensureKeys() {
        Path privatePem = keyDir.resolve("private.pem");
        Path publicPem = keyDir.resolve("public.pem");
        try {
            if (!Files.exists(privatePem) || !Files.exists(publicPem)) {
                createPrivateDirectory(keyDir);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                // Written aside then moved, so a second process starting at once never reads half a key.
                writeAtomically(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                writeAtomically(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            requireOnlyOwnerCanWrite(keyDir);
            String text = Files.readString(privatePem, StandardCharsets.US_ASCII);
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the dev token keys in " + keyDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot prepare the dev token keys in " + keyDir, e);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            return;
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Whoever can write the key folder can put their own key pair there and sign any token: a folder others may
     * write (the old default under /tmp) is refused rather than trusted.
     */
    static void requireOnlyOwnerCanWrite(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException("The dev token key folder " + dir.toAbsolutePath() + " may be written by "
                    + "others (" + PosixFilePermissions.toString(permissions) + "); use a folder of your own "
                    + "(tillbridge.dev-tokens.key-dir) or chmod 700 it");
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path temp =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
