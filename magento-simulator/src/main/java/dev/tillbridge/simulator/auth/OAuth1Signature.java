package dev.tillbridge.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature computation of RFC 5849 §3.4, written from the RFC (not from any client library) so that the
 * simulator checks Tillbridge's client independently.
 */
public final class OAuth1Signature {

    private OAuth1Signature() {}

    /** §3.4.1: method, base string URI and normalized parameters, each encoded and joined by '&'. */
    public static String baseString(String method, String baseStringUri, List<Map.Entry<String, String>> parameters) {
        return method.toUpperCase(Locale.ROOT) + "&" + PercentEncoding.encode(baseStringUri) + "&"
                + PercentEncoding.encode(normalizeParameters(parameters));
    }

    /**
     * §3.4.1.2: lower-case scheme and host, the port only when it is not the scheme's default, the path as sent
     * (an empty path becomes "/"), no query and no fragment.
     */
    public static String baseStringUri(String scheme, String hostHeader, String rawPath) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        String host = hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']', colon) < 0) {
            String port = host.substring(colon + 1);
            boolean defaultPort = (lowerScheme.equals("http") && port.equals("80"))
                    || (lowerScheme.equals("https") && port.equals("443"));
            if (defaultPort || port.isEmpty()) {
                host = host.substring(0, colon);
            }
        }
        return lowerScheme + "://" + host + (rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    }

    /** §3.4.1.3.2: encode names and values, sort by name then value, join as {@code name=value} with '&'. */
    public static String normalizeParameters(List<Map.Entry<String, String>> parameters) {
        return parameters.stream()
                .map(p -> Map.entry(PercentEncoding.encode(p.getKey()), PercentEncoding.encode(p.getValue())))
                .sorted(Comparator.<Map.Entry<String, String>, String>comparing(Map.Entry::getKey)
                        .thenComparing(Map.Entry::getValue))
                .map(p -> p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining("&"));
    }

    /** §3.4.2: HMAC over the base string, keyed by the encoded consumer secret and token secret, in base64. */
    public static String sign(String signatureMethod, String baseString, String consumerSecret, String tokenSecret) {
        String algorithm = switch (signatureMethod) {
            case "HMAC-SHA256" -> "HmacSHA256";
            case "HMAC-SHA1" -> "HmacSHA1";
            default -> throw new IllegalArgumentException("unsupported oauth_signature_method " + signatureMethod);
        };
        String key = PercentEncoding.encode(consumerSecret) + "&" + PercentEncoding.encode(tokenSecret);
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JDK", e);
        }
    }
}
