package dev.tillbridge.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tokens as an operator without an identity provider gets them: {@code bin/demo-token} signs them with a key pair of
 * the run's own, and status-api (the production build, prod profile, no dev token endpoint) knows only its public
 * half. Using the script here is what proves it works.
 */
final class DemoTokens {

    private final Path keys;
    private final Map<String, String> issued = new ConcurrentHashMap<>();

    DemoTokens(Path keys) {
        this.keys = keys.toAbsolutePath();
        run(List.of("keys", this.keys.toString()));
    }

    /** Where status-api reads the public key ({@code mp.jwt.verify.publickey.location}). */
    String publicKeyLocation() {
        return "file:" + keys.resolve("public.pem");
    }

    /** A token of {@code account}, minted once per run. */
    String forAccount(String account) {
        return issued.computeIfAbsent(account, a -> run(List.of("--keys", keys.toString(), "--account", a)));
    }

    private static String run(List<String> arguments) {
        Path script = E2eInfrastructure.root().resolve("bin/demo-token");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("bin/demo-token " + arguments + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run bin/demo-token", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running bin/demo-token", e);
        }
    }
}
