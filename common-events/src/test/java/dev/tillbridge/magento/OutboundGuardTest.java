package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard's verdict on base URLs a tenant may send. Names are answered by a stub resolver: no test asks real
 * DNS, and none connects anywhere (the "allowed" public addresses are only judged).
 */
class OutboundGuardTest {

    private static final String PUBLIC = "93.184.216.34";
    private static final String PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946";

    /** What the stub "DNS" answers; a name not listed does not resolve. */
    static final Map<String, List<String>> DNS = Map.ofEntries(
            Map.entry("shop.example.com", List.of(PUBLIC)),
            Map.entry("v6shop.example.com", List.of(PUBLIC_V6)),
            Map.entry("rebind.attacker.example", List.of("127.0.0.1")),
            Map.entry("internal.shop.example", List.of("10.1.2.3")),
            Map.entry("mixed.shop.example", List.of(PUBLIC, "10.0.0.5")),
            Map.entry("ula.shop.example", List.of("fd00::5")),
            Map.entry("metadata.shop.example", List.of("169.254.169.254")),
            Map.entry("cgnat.shop.example", List.of("100.100.100.200")),
            Map.entry("mapped.shop.example", List.of("::ffff:192.168.1.1")),
            Map.entry("magento-simulator", List.of("10.96.0.12")));

    static HostResolver stub(Map<String, List<String>> dns) {
        return host -> {
            List<String> answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (String literal : answer) {
                addresses.add(InetAddress.getByAddress(host, AddressBlock.literal(literal)));
            }
            return addresses;
        };
    }

    private static final OutboundGuard PRODUCTION =
            new OutboundGuard(List.of(), OutboundGuard.DEFAULT_INTERNAL_SUFFIXES, stub(DNS));

    static Stream<Arguments> refused() {
        return Stream.of(
                // cloud metadata and link-local
                Arguments.of("http://169.254.169.254/latest/meta-data", "link-local"),
                Arguments.of("http://[fd00:ec2::254]/latest/meta-data", "unique local"),
                Arguments.of("http://[fe80::1]/", "link-local"),
                Arguments.of("http://168.63.129.16/", "cloud metadata"),
                // private networks
                Arguments.of("http://10.0.0.1", "private network"),
                Arguments.of("http://192.168.0.1", "private network"),
                Arguments.of("http://172.16.0.1", "private network"),
                Arguments.of("http://172.31.255.255:8080", "private network"),
                Arguments.of("http://100.64.0.1", "carrier-grade NAT"),
                Arguments.of("http://[fd00::1]", "unique local"),
                Arguments.of("http://[fc00::1]", "unique local"),
                // loopback, unspecified, multicast, broadcast, reserved
                Arguments.of("http://127.0.0.1:8080", "loopback"),
                Arguments.of("http://127.255.255.254", "loopback"),
                Arguments.of("http://127.0.0.1./", "loopback"),
                Arguments.of("http://[::1]:8080", "loopback"),
                Arguments.of("http://0.0.0.0", "unspecified"),
                Arguments.of("http://[::]", "unspecified"),
                Arguments.of("http://224.0.0.1", "multicast"),
                Arguments.of("http://[ff02::1]", "multicast"),
                Arguments.of("http://255.255.255.255", "broadcast"),
                Arguments.of("http://240.0.0.1", "reserved"),
                Arguments.of("http://198.18.0.1", "reserved"),
                // IPv6 forms carrying an IPv4 address
                Arguments.of("http://[::ffff:127.0.0.1]", "loopback"),
                Arguments.of("http://[::ffff:169.254.169.254]", "link-local"),
                Arguments.of("http://[::ffff:a9fe:a9fe]", "link-local"),
                Arguments.of("http://[::127.0.0.1]", "IPv4-compatible"),
                Arguments.of("http://[64:ff9b::10.0.0.1]", "private network"),
                Arguments.of("http://[64:ff9b::7f00:1]", "loopback"),
                Arguments.of("http://[2002:7f00:1::]", "loopback"),
                Arguments.of("http://[2001::1]", "Teredo"),
                // numbers in other spellings
                Arguments.of("http://2130706433", "four decimal numbers"),
                Arguments.of("http://0x7f000001", "four decimal numbers"),
                Arguments.of("http://017700000001", "four decimal numbers"),
                Arguments.of("http://127.1", "four decimal numbers"),
                Arguments.of("http://0177.0.0.1", "four decimal numbers"),
                Arguments.of("http://0x7f.0.0.1", "four decimal numbers"),
                Arguments.of("http://3627734562", "four decimal numbers"),
                // cluster and machine names
                Arguments.of("http://kubernetes.default.svc", "cluster-internal"),
                Arguments.of("http://kubernetes.default.svc.cluster.local", "cluster-internal"),
                Arguments.of("http://tillbridge-postgres:5432", "fully qualified"),
                Arguments.of("http://metadata.google.internal/computeMetadata/v1/", "cluster-internal"),
                Arguments.of("http://localhost:8080", "fully qualified"),
                Arguments.of("http://LOCALHOST./", "fully qualified"),
                Arguments.of("http://app.localhost", "cluster-internal"),
                // names that resolve to what the literals above are refused for (the sentence names no address)
                Arguments.of("http://rebind.attacker.example", "does not resolve to a public Internet address"),
                Arguments.of("http://internal.shop.example", "does not resolve to a public Internet address"),
                Arguments.of("http://mixed.shop.example", "does not resolve to a public Internet address"),
                Arguments.of("http://ula.shop.example", "does not resolve to a public Internet address"),
                Arguments.of("http://metadata.shop.example", "does not resolve to a public Internet address"),
                Arguments.of("http://cgnat.shop.example", "does not resolve to a public Internet address"),
                Arguments.of("http://mapped.shop.example", "does not resolve to a public Internet address"),
                // scheme, user info, ports, odd hosts
                Arguments.of("ftp://shop.example.com", "http or https"),
                Arguments.of("file:///etc/passwd", "http or https"),
                Arguments.of("gopher://shop.example.com:70/", "http or https"),
                Arguments.of("jar:http://shop.example.com!/", "http or https"),
                Arguments.of("http://user:secret@shop.example.com", "user name or password"),
                Arguments.of("http://shop.example.com@127.0.0.1", "user name or password"),
                Arguments.of("http://shop.example.com:22", "port 80, 443 or a port from 1024 up"),
                Arguments.of("http://shop.example.com:25", "port 80, 443 or a port from 1024 up"),
                Arguments.of("http://shop.example.com:0", "port from 1 to 65535"),
                Arguments.of("http://shop.example.com:70000", "port from 1 to 65535"),
                Arguments.of("http://[fe80::1%25eth0]/", "zone"),
                Arguments.of("http://%31%32%37.0.0.1/", "escaped"),
                Arguments.of("http://shop_1.example.com", "letters, digits, dots and hyphens"),
                Arguments.of("http:///rest", "must name a host"),
                Arguments.of("not a url", "absolute http or https URL"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("refused")
    void refusedBaseUrls(String baseUrl, String because) {
        assertThat(PRODUCTION.check(baseUrl))
                .isInstanceOfSatisfying(
                        OutboundGuard.Refused.class, r -> assertThat(r.reason()).contains(because));
        URI call;
        try {
            call = new URI(baseUrl + "/rest/default/V1/orders");
        } catch (URISyntaxException e) {
            return; // no request can be made to it either
        }
        // At connection time too, and again when the guard answers from what it remembers of the authority.
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThat(PRODUCTION.destination(call))
                    .isInstanceOfSatisfying(
                            OutboundGuard.Refused.class,
                            r -> assertThat(r.reason()).contains(because));
        }
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of("https://shop.example.com", PUBLIC),
                Arguments.of("HTTPS://Shop.Example.COM/", PUBLIC),
                Arguments.of("https://shop.example.com./", PUBLIC),
                Arguments.of("http://shop.example.com:8080", PUBLIC),
                Arguments.of("https://shop.example.com:8443/magento", PUBLIC),
                Arguments.of("https://shop.example.com:443", PUBLIC),
                Arguments.of("https://v6shop.example.com", PUBLIC_V6),
                Arguments.of("https://93.184.216.34", PUBLIC),
                Arguments.of("https://[2606:2800:220:1:248:1893:25c8:1946]", PUBLIC_V6),
                Arguments.of("https://172.32.0.1", "172.32.0.1"),
                Arguments.of("https://100.128.0.1", "100.128.0.1"),
                Arguments.of("https://[64:ff9b::5db8:d822]", "64:ff9b:0:0:0:0:5db8:d822"));
    }

    @ParameterizedTest(name = "{0} is allowed")
    @MethodSource("allowed")
    void allowedBaseUrlsAreOnlyJudgedNeverCalled(String baseUrl, String address) {
        assertThat(PRODUCTION.check(baseUrl))
                .isInstanceOfSatisfying(
                        OutboundGuard.Allowed.class,
                        a -> assertThat(a.addresses())
                                .extracting(InetAddress::getHostAddress)
                                .containsExactly(address));
    }

    @Test
    void aNameThatDoesNotResolveYetMayBeConfiguredButIsNeverConnectedTo() {
        assertThat(PRODUCTION.check("https://not-live-yet.example.com"))
                .isInstanceOfSatisfying(
                        OutboundGuard.Allowed.class,
                        a -> assertThat(a.addresses()).isEmpty());
        assertThat(PRODUCTION.destination(URI.create("https://not-live-yet.example.com/rest/V1/orders")))
                .isInstanceOfSatisfying(
                        OutboundGuard.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo("names a host that does not resolve"));
    }

    @Test
    void theAllowListLetsTheLocalStackReachItsSimulatorAndNothingElse() {
        var local = new OutboundGuard(
                List.of("127.0.0.0/8", "::1/128", "magento-simulator:8080"),
                OutboundGuard.DEFAULT_INTERNAL_SUFFIXES,
                stub(DNS));
        assertThat(local.check("http://127.0.0.1:8090/m/demo")).isInstanceOf(OutboundGuard.Allowed.class);
        assertThat(local.check("http://127.0.0.1:1")).isInstanceOf(OutboundGuard.Allowed.class);
        assertThat(local.check("http://[::1]:8090")).isInstanceOf(OutboundGuard.Allowed.class);
        assertThat(local.check("http://magento-simulator:8080")).isInstanceOf(OutboundGuard.Allowed.class);
        // host:port entries are exact; CIDR entries exempt addresses, not internal names
        assertThat(local.check("http://magento-simulator:8081")).isInstanceOf(OutboundGuard.Refused.class);
        assertThat(local.check("http://localhost:8090")).isInstanceOf(OutboundGuard.Refused.class);
        assertThat(local.check("http://10.0.0.1:8090")).isInstanceOf(OutboundGuard.Refused.class);
        assertThat(local.check("http://169.254.169.254")).isInstanceOf(OutboundGuard.Refused.class);
        assertThat(local.check("http://2130706433")).isInstanceOf(OutboundGuard.Refused.class);
    }

    @Test
    void theInternalSuffixesAreASetting() {
        var guard = new OutboundGuard(
                List.of(), List.of(".corp.example.com"), stub(Map.of("erp.corp.example.com", List.of(PUBLIC))));
        assertThat(guard.check("https://erp.corp.example.com"))
                .isInstanceOfSatisfying(
                        OutboundGuard.Refused.class, r -> assertThat(r.reason()).contains("cluster-internal"));
    }

    @Test
    void aWrongAllowListEntryStopsTheServiceAtStart() {
        assertThatThrownBy(() -> new OutboundGuard(List.of("127.0.0.1"), List.of(), HostResolver.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tillbridge.magento.allow-list");
        assertThatThrownBy(() -> new OutboundGuard(List.of("10.0.0.0/33"), List.of(), HostResolver.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConnectionTimeCheckResolvesAgainAndRefusesAChangedAnswer() {
        var answers = new ArrayDeque<>(List.of(PUBLIC, "10.0.0.7"));
        var guard = new OutboundGuard(
                List.of(),
                OutboundGuard.DEFAULT_INTERNAL_SUFFIXES,
                host -> List.of(InetAddress.getByAddress(host, AddressBlock.literal(answers.removeFirst()))));
        assertThat(guard.check("https://shop.example.com")).isInstanceOf(OutboundGuard.Allowed.class);
        assertThat(guard.destination(URI.create("https://shop.example.com/rest/default/V1/orders")))
                .isInstanceOf(OutboundGuard.Refused.class);
    }

    @Test
    void aRememberedAuthorityStillHasEveryNewAnswerJudged() {
        var answers = new ArrayDeque<>(List.of(PUBLIC, PUBLIC, "10.0.0.7", PUBLIC));
        var guard = new OutboundGuard(
                List.of(),
                OutboundGuard.DEFAULT_INTERNAL_SUFFIXES,
                host -> List.of(InetAddress.getByAddress(host, AddressBlock.literal(answers.removeFirst()))));
        URI orders = URI.create("https://shop.example.com/rest/default/V1/orders");
        assertThat(guard.destination(orders)).isInstanceOf(OutboundGuard.Allowed.class);
        assertThat(guard.destination(URI.create("https://shop.example.com/rest/default/V1/invoices?x=1")))
                .isInstanceOf(OutboundGuard.Allowed.class);
        assertThat(guard.destination(orders))
                .isInstanceOfSatisfying(
                        OutboundGuard.Refused.class,
                        r -> assertThat(r.reason())
                                .isEqualTo("names a host that does not resolve to a public Internet address"));
        assertThat(guard.destination(orders))
                .isInstanceOfSatisfying(
                        OutboundGuard.Allowed.class,
                        a -> assertThat(a.addresses())
                                .extracting(InetAddress::getHostAddress)
                                .containsExactly(PUBLIC));
        assertThat(answers).as("every call resolved the name again").isEmpty();
    }
}
