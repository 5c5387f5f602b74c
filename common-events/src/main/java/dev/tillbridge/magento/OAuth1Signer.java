package dev.tillbridge.magento;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request the way a Magento integration expects (OAuth 1.0a, RFC 5849, HMAC-SHA256): the
 * signature base string is the method, the normalised URL and the sorted, percent-encoded query and
 * oauth parameters; the key is {@code consumerSecret&tokenSecret}. Bodies are JSON, so they are not signed.
 */
public final class OAuth1Signer {

    private final MagentoCredentials.OAuth1 credentials;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public OAuth1Signer(MagentoCredentials.OAuth1 credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    public String authorizationHeader(String method, URI uri) {
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        return authorizationHeader(
                method,
                uri,
                HexFormat.of().formatHex(nonceBytes),
                clock.instant().getEpochSecond());
    }

    String authorizationHeader(String method, URI uri, String nonce, long timestamp) {
        Map<String, String> oauth = new TreeMap<>();
        oauth.put("oauth_consumer_key", credentials.consumerKey());
        oauth.put("oauth_nonce", nonce);
        oauth.put("oauth_signature_method", "HMAC-SHA256");
        oauth.put("oauth_timestamp", Long.toString(timestamp));
        oauth.put("oauth_token", credentials.accessToken());
        oauth.put("oauth_version", "1.0");
        oauth.put("oauth_signature", sign(method, uri, oauth));
        List<String> parts = new ArrayList<>();
        oauth.forEach((k, v) -> parts.add(encode(k) + "=\"" + encode(v) + "\""));
        return "OAuth " + String.join(", ", parts);
    }

    String sign(String method, URI uri, Map<String, String> oauth) {
        List<String[]> params = new ArrayList<>();
        oauth.forEach((k, v) -> params.add(new String[] {encode(k), encode(v)}));
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.add(new String[] {encode(decode(name)), encode(decode(value))});
            }
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder normalized = new StringBuilder();
        for (String[] p : params) {
            if (!normalized.isEmpty()) {
                normalized.append('&');
            }
            normalized.append(p[0]).append('=').append(p[1]);
        }
        String base =
                method.toUpperCase(Locale.ROOT) + "&" + encode(baseUrl(uri)) + "&" + encode(normalized.toString());
        String key = encode(credentials.consumerSecret()) + "&" + encode(credentials.accessTokenSecret());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static String baseUrl(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + uri.getRawPath();
    }

    /** RFC 3986 percent-encoding: unreserved characters stay, everything else is %XX. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
