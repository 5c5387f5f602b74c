package dev.tillbridge.status.service;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the demo token endpoint may run at all. It signs a token for any account, or an operator's, to whoever
 * asks: harmless on a developer's own machine, a takeover anywhere else. So dev tokens are refused at start
 * <ul>
 *   <li>in the {@code prod} profile (every image and every Kubernetes deployment runs it), and</li>
 *   <li>when the HTTP listener is reachable from other machines (any address but loopback: a container listens
 *       on 0.0.0.0 to be reachable, so an image started with dev tokens on never starts).</li>
 * </ul>
 * The local stack runs the {@code dev} profile on 127.0.0.1. Where a demo needs tokens without an identity
 * provider (docker compose, a dev cluster, benchmarks), {@code bin/demo-token} signs them with a key pair the
 * operator holds and status-api only knows the public half of.
 */
public final class DemoTokenExposure {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private DemoTokenExposure() {}

    /** Why dev tokens must not run here, or empty when they may. */
    public static Optional<String> refusal(List<String> profiles, String httpHost) {
        if (profiles.contains("prod")) {
            return Optional.of("Dev tokens (tillbridge.dev-tokens.enabled) are refused in the prod profile: anyone "
                    + "who can reach the API could sign in as any account. Turn them off, and for a demo without an "
                    + "identity provider mint tokens with bin/demo-token (README, \"Demo tokens\").");
        }
        if (!isLoopback(httpHost)) {
            return Optional.of("Dev tokens (tillbridge.dev-tokens.enabled) are refused while the HTTP listener is "
                    + "reachable from other machines (quarkus.http.host=" + httpHost + "): bind it to 127.0.0.1, "
                    + "or turn dev tokens off and mint demo tokens with bin/demo-token.");
        }
        return Optional.empty();
    }

    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(h).matches();
    }
}
