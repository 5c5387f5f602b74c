package dev.tillbridge.magento;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where the {@link OutboundGuard} gets a host name's addresses. Production uses the system's resolver; tests
 * give the guard a stub, so no test ever asks real DNS (whose server is not on loopback) and a test can
 * answer differently on each call to play a DNS-rebinding attacker.
 */
@FunctionalInterface
public interface HostResolver {

    /** Every address of {@code host} (never a literal address: the guard reads those itself), or throws. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver (system DNS, /etc/hosts, the JVM's cache). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }

    /** Resolves nothing: for settings where no DNS query may leave the machine (tests, benchmarks). */
    static HostResolver none() {
        return host -> {
            throw new UnknownHostException(host + " (name resolution is switched off)");
        };
    }
}
