package dev.tillbridge.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides whether a request carries one of the store's credentials. Magento treats every failure (unknown,
 * revoked or badly signed) as a guest lacking the route's ACL resource, so the only outcome the caller needs is
 * yes or no; the caller then answers 401, never 403 (docs/magento-api.md §1).
 */
public final class RequestAuthenticator {

    /** Magento's nonce generator rejects timestamps more than 600 s in the future; the past is not limited. */
    private static final long MAX_FUTURE_SKEW_SECONDS = 600;

    private static final int NONCES_REMEMBERED = 200_000;
    private static final Set<String> SIGNATURE_METHODS = Set.of("HMAC-SHA256", "HMAC-SHA1");

    private final AtomicReference<Credentials> credentials;
    private final Clock realClock;
    /** Magento stores used nonces per consumer and refuses a second use, which catches clients re-sending a signed header. */
    private final Map<String, Boolean> usedNonces = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > NONCES_REMEMBERED;
        }
    };

    public RequestAuthenticator(Credentials initial, Clock realClock) {
        this.credentials = new AtomicReference<>(initial);
        this.realClock = realClock;
    }

    public Credentials credentials() {
        return credentials.get();
    }

    public void replaceCredentials(Credentials next) {
        credentials.set(next);
    }

    public boolean isAuthorized(SignedRequest request) {
        String header = request.authorization();
        if (header == null) {
            return false;
        }
        Credentials current = credentials.get();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return current.bearerToken() != null && constantTimeEquals(token, current.bearerToken());
        }
        if (header.regionMatches(true, 0, "OAuth ", 0, 6) && current.oauth() != null) {
            return OAuthAuthorizationHeader.parse(header)
                    .map(params -> verifyOAuth(request, params, current.oauth()))
                    .orElse(false);
        }
        return false;
    }

    private boolean verifyOAuth(SignedRequest request, Map<String, String> oauthParams, OAuthCredentials expected) {
        String method = oauthParams.get("oauth_signature_method");
        String signature = oauthParams.get("oauth_signature");
        String version = oauthParams.get("oauth_version");
        String timestamp = oauthParams.get("oauth_timestamp");
        String nonce = oauthParams.get("oauth_nonce");
        if (signature == null
                || method == null
                || !SIGNATURE_METHODS.contains(method.toUpperCase(Locale.ROOT))
                || (version != null && !version.equals("1.0"))
                || timestamp == null
                || nonce == null
                || !expected.consumerKey().equals(oauthParams.get("oauth_consumer_key"))
                || !expected.accessToken().equals(oauthParams.get("oauth_token"))) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (ts <= 0 || ts > realClock.instant().getEpochSecond() + MAX_FUTURE_SKEW_SECONDS) {
            return false;
        }
        List<Map.Entry<String, String>> params = new ArrayList<>(queryParameters(request.rawQuery()));
        oauthParams.forEach((k, v) -> {
            if (!k.equals("oauth_signature")) {
                params.add(Map.entry(k, v));
            }
        });
        String base = OAuth1Signature.baseString(
                request.method(),
                OAuth1Signature.baseStringUri(request.scheme(), request.host(), request.rawPath()),
                params);
        String computed = OAuth1Signature.sign(
                method.toUpperCase(Locale.ROOT), base, expected.consumerSecret(), expected.accessTokenSecret());
        if (!constantTimeEquals(computed, signature)) {
            return false;
        }
        synchronized (usedNonces) {
            return usedNonces.putIfAbsent(expected.consumerKey() + "\n" + nonce, Boolean.TRUE) == null;
        }
    }

    /** RFC 5849 §3.4.1.3.1: the query is form-decoded ('+' is a space) before it is re-encoded for the base string. */
    private static List<Map.Entry<String, String>> queryParameters(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(Map.entry(PercentEncoding.decode(name, true), PercentEncoding.decode(value, true)));
        }
        return params;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
