package dev.tillbridge.simulator.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second, deliberately separate implementation of RFC 5849 signing (built on URLEncoder rather than the
 * simulator's encoder) so the simulator's verifier is tested against something it does not share code with.
 */
public final class TestOAuthSigner {

    private final String consumerKey;
    private final String consumerSecret;
    private final String token;
    private final String tokenSecret;
    private final String method;

    public TestOAuthSigner(String consumerKey, String consumerSecret, String token, String tokenSecret, String method) {
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.token = token;
        this.tokenSecret = tokenSecret;
        this.method = method;
    }

    public String authorization(String httpMethod, URI uri, String timestamp, String nonce) {
        List<String[]> params = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.add(new String[] {
                    URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                });
            }
        }
        List<String[]> oauth = List.of(
                new String[] {"oauth_consumer_key", consumerKey},
                new String[] {"oauth_nonce", nonce},
                new String[] {"oauth_signature_method", method},
                new String[] {"oauth_timestamp", timestamp},
                new String[] {"oauth_token", token},
                new String[] {"oauth_version", "1.0"});
        params.addAll(oauth);
        List<String> encoded = new ArrayList<>();
        for (String[] p : params) {
            encoded.add(enc(p[0]) + "=" + enc(p[1]));
        }
        encoded.sort(null);
        String normalized = String.join("&", encoded);
        int port = uri.getPort();
        String authority = uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 || port == 80 ? "" : ":" + port);
        String base =
                httpMethod + "&" + enc(uri.getScheme() + "://" + authority + uri.getRawPath()) + "&" + enc(normalized);
        String signature = hmac(base, enc(consumerSecret) + "&" + enc(tokenSecret));
        StringBuilder header = new StringBuilder("OAuth ");
        for (String[] p : oauth) {
            header.append(p[0]).append("=\"").append(enc(p[1])).append("\", ");
        }
        return header.append("oauth_signature=\"")
                .append(enc(signature))
                .append('"')
                .toString();
    }

    private String hmac(String base, String key) {
        String algorithm = method.equals("HMAC-SHA1") ? "HmacSHA1" : "HmacSHA256";
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
