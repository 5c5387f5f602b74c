package dev.tillbridge.simulator.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verifier's building blocks against the published examples. */
class OAuth1SignatureTest {

    @Test
    void baseStringMatchesRfc5849Section3411Example() {
        List<Map.Entry<String, String>> params = List.of(
                Map.entry("b5", "=%3D"),
                Map.entry("a3", "a"),
                Map.entry("c@", ""),
                Map.entry("a2", "r b"),
                Map.entry("oauth_consumer_key", "9djdj82h48djs9d2"),
                Map.entry("oauth_token", "kkk9d7dh3k39sjv7"),
                Map.entry("oauth_signature_method", "HMAC-SHA1"),
                Map.entry("oauth_timestamp", "137131201"),
                Map.entry("oauth_nonce", "7d8f3e4a"),
                Map.entry("c2", ""),
                Map.entry("a3", "2 q"));
        String base = OAuth1Signature.baseString(
                "POST", OAuth1Signature.baseStringUri("http", "example.com", "/request"), params);
        assertEquals(
                "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D"
                        + "%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a"
                        + "%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
                base);
    }

    @Test
    void hmacSha1SignatureMatchesTheClassicPhotosExample() {
        List<Map.Entry<String, String>> params = List.of(
                Map.entry("file", "vacation.jpg"), Map.entry("size", "original"),
                Map.entry("oauth_consumer_key", "dpf43f3p2l4k3l03"), Map.entry("oauth_token", "nnch734d00sl2jdk"),
                Map.entry("oauth_signature_method", "HMAC-SHA1"), Map.entry("oauth_timestamp", "1191242096"),
                Map.entry("oauth_nonce", "kllo9940pd9333jh"), Map.entry("oauth_version", "1.0"));
        String base = OAuth1Signature.baseString(
                "GET", OAuth1Signature.baseStringUri("http", "photos.example.net", "/photos"), params);
        assertEquals(
                "tR3+Ty81lMeYAr/Fid0kMTYa/WM=",
                OAuth1Signature.sign("HMAC-SHA1", base, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00"));
    }

    @Test
    void baseStringUriLowerCasesHostAndDropsDefaultPortsOnly() {
        assertEquals("http://example.com/r", OAuth1Signature.baseStringUri("HTTP", "Example.COM:80", "/r"));
        assertEquals("https://example.com/r", OAuth1Signature.baseStringUri("https", "example.com:443", "/r"));
        assertEquals(
                "http://127.0.0.1:8090/m/a/rest/V1/orders",
                OAuth1Signature.baseStringUri("http", "127.0.0.1:8090", "/m/a/rest/V1/orders"));
    }

    @Test
    void percentEncodingKeepsOnlyUnreservedCharacters() {
        assertEquals("a-._~%20%2B%2A%5B0%5D%C3%A9", PercentEncoding.encode("a-._~ +*[0]é"));
    }

    @Test
    void authorizationHeaderValuesArePercentDecodedAndRealmIgnored() {
        Map<String, String> params = OAuthAuthorizationHeader.parse(
                        "OAuth realm=\"Example\", oauth_signature=\"bYT5CMsGcbgUdFHObYMEfcx6bsw%3D\",oauth_nonce=\"7d8f3e4a\"")
                .orElseThrow();
        assertEquals(Map.of("oauth_signature", "bYT5CMsGcbgUdFHObYMEfcx6bsw=", "oauth_nonce", "7d8f3e4a"), params);
    }
}
