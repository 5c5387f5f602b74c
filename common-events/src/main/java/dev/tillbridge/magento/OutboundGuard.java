package dev.tillbridge.magento;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one gate for every outbound call to a tenant's Magento (SSRF): a tenant chooses the base URL, so
 * without it a tenant could make Tillbridge call the cloud's metadata service, the cluster's services or
 * anything on the private network, and read the answers on the Logs page.
 *
 * <p>A base URL is refused when its host is, or resolves to, an address that is not on the public Internet:
 * loopback, link-local (cloud metadata), private (RFC 1918, CGNAT, ULA), unspecified, multicast, broadcast,
 * reserved, and the IPv6 forms that carry such an IPv4 address inside (mapped, compatible, NAT64, 6to4,
 * Teredo); when its host is a cluster-internal name ({@code .svc}, {@code .cluster.local}, {@code .internal},
 * {@code localhost}, a name without a dot); or when it is not plain http(s), carries user info, or names a
 * privileged port other than 80 and 443 (those belong to SSH, SMTP, LDAP...: other protocols a tenant could
 * poke through our egress address). Numbers in any spelling other than four decimals ({@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}) are refused outright: resolvers and HTTP clients
 * disagree on what they mean, and no store is addressed that way.
 *
 * <p>Two uses: {@link #check} when an integration is configured (a refused host answers 422 at once; a name
 * that does not resolve yet passes, the connection-time check still applies), and {@link #destination} for
 * every new connection, which resolves once, checks every address and hands back the addresses the caller
 * must connect to, so a DNS answer that changes after the check (rebinding) is never used.
 *
 * <p>The allow-list (CIDR blocks and {@code host:port} entries) is for the local stack and tests, which run
 * the Magento simulator on 127.0.0.1; production leaves it empty. Refusal sentences never name the address a
 * name resolved to: they are shown to the tenant, and would otherwise map the internal network for them.
 */
public final class OutboundGuard {

    /** The names that mean "inside the cluster or this machine" unless the settings say otherwise. */
    public static final List<String> DEFAULT_INTERNAL_SUFFIXES =
            List.of(".svc", ".cluster.local", ".internal", "localhost");

    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    /** What inet_aton would read as a number: decimal, 0x hex or 0-octal parts, one to four of them. */
    private static final Pattern NUMERIC = Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}");

    private static final Set<Integer> PRIVILEGED_WEB_PORTS = Set.of(80, 443);

    /** At most this many authorities are remembered (one per store a process calls; then it starts afresh). */
    private static final int MAX_REMEMBERED_TARGETS = 100_000;

    private final List<AddressBlock> allowedBlocks;
    private final List<String> allowedEndpoints;
    private final List<String> internalSuffixes;
    private final HostResolver resolver;
    /** What {@link #destination} decided from each {@code scheme://authority} alone. */
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    /**
     * @param allowList        CIDR blocks ({@code 127.0.0.0/8}) and {@code host:port} entries
     *                         ({@code magento-simulator:8080}, {@code [::1]:8090}) that are reachable although the
     *                         rules would refuse them; empty in production
     * @param internalSuffixes host names ending like this (or equal to an entry without its leading dot) are refused
     */
    public OutboundGuard(List<String> allowList, List<String> internalSuffixes, HostResolver resolver) {
        List<AddressBlock> blocks = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        for (String raw : allowList) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/")) {
                blocks.add(AddressBlock.parse(entry));
            } else if (entry.matches("(\\[[0-9a-f:.]+]|[a-z0-9.-]+):[0-9]{1,5}")) {
                endpoints.add(entry);
            } else {
                throw new IllegalArgumentException("tillbridge.magento.allow-list entry '" + raw
                        + "' is neither a CIDR block (127.0.0.0/8) nor host:port (magento-simulator:8080)");
            }
        }
        this.allowedBlocks = List.copyOf(blocks);
        this.allowedEndpoints = List.copyOf(endpoints);
        this.internalSuffixes = internalSuffixes.stream()
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
        this.resolver = resolver;
    }

    /** Production defaults: nothing allowed beyond the public Internet, system DNS. */
    public static OutboundGuard strict() {
        return new OutboundGuard(List.of(), DEFAULT_INTERNAL_SUFFIXES, HostResolver.system());
    }

    /** The default rules plus {@code allowList}, with the system resolver (tests use literal addresses). */
    public static OutboundGuard allowing(String... allowList) {
        return new OutboundGuard(List.of(allowList), DEFAULT_INTERNAL_SUFFIXES, HostResolver.system());
    }

    /** The guard's answer for one base URL. */
    public sealed interface Verdict permits Allowed, Refused {}

    /**
     * The URL may be called. {@code addresses} are the checked addresses to connect to: never empty from
     * {@link #destination}; empty from {@link #check} when the name does not resolve yet.
     */
    public record Allowed(String host, int port, List<InetAddress> addresses) implements Verdict {
        public Allowed {
            addresses = List.copyOf(addresses);
        }
    }

    /** The URL must not be called; {@code reason} is a fixed sentence fit for the tenant ("must not ..."). */
    public record Refused(String reason) implements Verdict {}

    /** Configuration time: every rule, the name's current addresses when it resolves. */
    public Verdict check(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            return new Refused("must be an absolute http or https URL");
        }
        return judge(target(uri.getScheme(), uri.getRawAuthority()), false);
    }

    /**
     * Connection time: like {@link #check}, but a name must resolve; connect only to the addresses returned. The
     * rules that read only the URL's scheme and authority are applied once per authority and remembered; a name is
     * resolved on every call (the JVM's DNS cache keeps that cheap), and its answer judged again whenever it differs
     * from the last one.
     */
    public Verdict destination(URI uri) {
        String scheme = uri.getScheme();
        String authority = uri.getRawAuthority();
        if (scheme == null || authority == null) {
            return judge(target(scheme, authority), true);
        }
        String key = scheme + "://" + authority;
        Target target = targets.get(key);
        if (target == null) {
            if (targets.size() >= MAX_REMEMBERED_TARGETS) {
                targets.clear();
            }
            target = target(scheme, authority);
            targets.put(key, target);
        }
        return judge(target, true);
    }

    /**
     * What a URL's scheme and authority alone decide: the whole verdict ({@code fixed}) when the host is refused
     * already or is written as an address; otherwise the name and port whose DNS answers are judged, with the last
     * answer and its verdict ({@code lastAnswer}).
     */
    private static final class Target {
        final String host;
        final int port;
        final boolean endpointAllowed;
        final Verdict fixed;
        volatile Judged lastAnswer;

        Target(String host, int port, boolean endpointAllowed, Verdict fixed) {
            this.host = host;
            this.port = port;
            this.endpointAllowed = endpointAllowed;
            this.fixed = fixed;
        }

        static Target refused(String reason) {
            return new Target(null, 0, false, new Refused(reason));
        }
    }

    private record Judged(List<InetAddress> addresses, Verdict verdict) {}

    private Verdict judge(Target target, boolean mustResolve) {
        if (target.fixed != null) {
            return target.fixed;
        }
        List<InetAddress> addresses;
        try {
            addresses = List.copyOf(resolver.resolve(target.host));
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty() && mustResolve) {
            return new Refused("names a host that does not resolve");
        }
        Judged last = target.lastAnswer;
        if (last != null && last.addresses().equals(addresses)) {
            return last.verdict();
        }
        Verdict verdict = judgeAddresses(target.host, target.port, target.endpointAllowed, addresses, false);
        target.lastAnswer = new Judged(addresses, verdict);
        return verdict;
    }

    private Target target(String rawScheme, String authority) {
        String scheme = rawScheme == null ? "" : rawScheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Target.refused("must be an http or https URL");
        }
        if (authority == null || authority.isEmpty()) {
            return Target.refused("must name a host");
        }
        if (authority.contains("@")) {
            return Target.refused("must not carry a user name or password: give credentials in magento.credentials");
        }
        if (authority.contains("%")) {
            return Target.refused("must not use escaped characters or an IPv6 zone in its host");
        }
        // Read host and port from the authority ourselves: java.net.URI gives no host for 127.1 or a_b.
        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return Target.refused("must name a host");
            }
            host = authority.substring(1, close).toLowerCase(Locale.ROOT);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return Target.refused("must name a host");
            }
            portText = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
            portText = colon < 0 ? "" : authority.substring(colon + 1);
        }
        int port;
        if (portText.isEmpty()) {
            port = scheme.equals("https") ? 443 : 80;
        } else if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65535) {
            return Target.refused("must have a port from 1 to 65535");
        } else {
            port = Integer.parseInt(portText);
        }
        if (host.endsWith(".") && !authority.startsWith("[")) {
            // "localhost." and "127.0.0.1." are the same hosts as without the dot.
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return Target.refused("must name a host");
        }
        boolean endpointAllowed = allowedEndpoints.contains(endpoint(host, port));
        if (port == 0) {
            return Target.refused("must have a port from 1 to 65535");
        }

        byte[] literal = AddressBlock.literal(host);
        if (literal != null) {
            InetAddress address;
            try {
                address = InetAddress.getByAddress(literal);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            return new Target(
                    host, port, endpointAllowed, judgeAddresses(host, port, endpointAllowed, List.of(address), true));
        } else if (authority.startsWith("[")) {
            return Target.refused("must name a host");
        } else if (NUMERIC.matcher(host).matches()) {
            return Target.refused("must write an IP address as four decimal numbers (1.2.3.4), not " + host);
        } else if (!NAME.matcher(host).matches()) {
            return Target.refused("must name a host with letters, digits, dots and hyphens only");
        }
        if (!endpointAllowed) {
            Optional<String> internal = internalName(host);
            if (internal.isPresent()) {
                return Target.refused(internal.get());
            }
        }
        return new Target(host, port, endpointAllowed, null);
    }

    /** The rules on the addresses a host is, or resolved to ({@code literal}: the host is written as an address). */
    private Verdict judgeAddresses(
            String host, int port, boolean endpointAllowed, List<InetAddress> addresses, boolean literal) {
        boolean allowListed = endpointAllowed
                || (!addresses.isEmpty()
                        && addresses.stream()
                                .allMatch(a -> allowedBlocks.stream().anyMatch(b -> b.contains(a))));
        if (!allowListed && port < 1024 && !PRIVILEGED_WEB_PORTS.contains(port)) {
            return new Refused("must use port 80, 443 or a port from 1024 up, not " + port);
        }
        // Every address, not just the first: a resolver may rotate them, and an attacker mixes public and private.
        for (InetAddress address : addresses) {
            if (allowListed || allowedBlocks.stream().anyMatch(b -> b.contains(address))) {
                continue;
            }
            Optional<String> kind = nonPublic(address);
            if (kind.isPresent()) {
                return new Refused(
                        literal
                                ? "must not point at " + kind.get()
                                : "names a host that does not resolve to a public Internet address");
            }
        }
        return new Allowed(host, port, addresses);
    }

    private static String endpoint(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private Optional<String> internalName(String host) {
        if (host.indexOf('.') < 0) {
            // One label ("tillbridge-postgres", "kubernetes") is completed by the cluster's DNS search path.
            return Optional.of("must name a fully qualified host (shop.example.com), not a local name");
        }
        for (String suffix : internalSuffixes) {
            boolean matches = suffix.startsWith(".")
                    ? host.endsWith(suffix) || host.equals(suffix.substring(1))
                    : host.equals(suffix) || host.endsWith("." + suffix);
            if (matches) {
                return Optional.of("must not name a cluster-internal host (" + suffix + ")");
            }
        }
        return Optional.empty();
    }

    // ---- the address rules ---------------------------------------------------------------------

    private record Rule(AddressBlock block, String kind) {
        Rule(String cidr, String kind) {
            this(AddressBlock.parse(cidr), kind);
        }
    }

    private static final List<Rule> V4_RULES = List.of(
            new Rule("0.0.0.0/8", "an unspecified address"),
            new Rule("10.0.0.0/8", "a private network address"),
            new Rule("100.64.0.0/10", "a carrier-grade NAT address"),
            new Rule("127.0.0.0/8", "a loopback address"),
            new Rule("169.254.0.0/16", "a link-local address (cloud metadata)"),
            new Rule("172.16.0.0/12", "a private network address"),
            new Rule("192.0.0.0/24", "a reserved address"),
            new Rule("192.0.2.0/24", "a documentation address"),
            new Rule("192.88.99.0/24", "a reserved address"),
            new Rule("192.168.0.0/16", "a private network address"),
            new Rule("198.18.0.0/15", "a reserved address"),
            new Rule("198.51.100.0/24", "a documentation address"),
            new Rule("203.0.113.0/24", "a documentation address"),
            new Rule("224.0.0.0/4", "a multicast address"),
            new Rule("255.255.255.255/32", "the broadcast address"),
            new Rule("240.0.0.0/4", "a reserved address"),
            // Azure's host endpoint: a public-looking address that answers only inside the cloud.
            new Rule("168.63.129.16/32", "a cloud metadata address"));

    private static final List<Rule> V6_RULES = List.of(
            new Rule("::/128", "an unspecified address"),
            new Rule("::1/128", "a loopback address"),
            new Rule("64:ff9b:1::/48", "a private NAT64 address"),
            new Rule("100::/64", "a reserved address"),
            new Rule("2001::/32", "a Teredo address"),
            new Rule("2001:db8::/32", "a documentation address"),
            new Rule("fc00::/7", "a private network address (unique local)"),
            new Rule("fe80::/10", "a link-local address"),
            new Rule("fec0::/10", "a site-local address"),
            new Rule("ff00::/8", "a multicast address"));

    private static final AddressBlock V4_COMPATIBLE = AddressBlock.parse("::/96");
    private static final AddressBlock V4_MAPPED = AddressBlock.parse("::ffff:0:0/96");
    private static final AddressBlock NAT64 = AddressBlock.parse("64:ff9b::/96");
    private static final AddressBlock SIX_TO_FOUR = AddressBlock.parse("2002::/16");

    /** What kind of non-public address this is, or empty for a public one. */
    static Optional<String> nonPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return V4_RULES.stream()
                    .filter(r -> r.block().contains(address))
                    .map(Rule::kind)
                    .findFirst();
        }
        Optional<String> v6 = V6_RULES.stream()
                .filter(r -> r.block().contains(address))
                .map(Rule::kind)
                .findFirst();
        if (v6.isPresent()) {
            return v6;
        }
        if (V4_COMPATIBLE.contains(address)) {
            // Deprecated since 2006 and routed nowhere; some stacks still hand them to the IPv4 address inside.
            return Optional.of("an IPv4-compatible IPv6 address");
        }
        // IPv6 forms that carry an IPv4 address: judged by the address inside.
        if (V4_MAPPED.contains(address) || NAT64.contains(address)) {
            return embedded(bytes, 12);
        }
        if (SIX_TO_FOUR.contains(address)) {
            return embedded(bytes, 2);
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] v6, int offset) {
        byte[] v4 = new byte[4];
        System.arraycopy(v6, offset, v4, 0, 4);
        try {
            return nonPublic(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
