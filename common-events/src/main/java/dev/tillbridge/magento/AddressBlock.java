package dev.tillbridge.magento;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** A CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}); an IPv4 block never contains an IPv6 address. */
public record AddressBlock(byte[] network, int prefixLength) {

    public AddressBlock {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " does not fit the address");
        }
        network = network.clone();
    }

    /**
     * Reads {@code 10.0.0.0/8} or {@code fd00::/8}. Only literal addresses in canonical form: this is read from
     * settings, never resolved.
     */
    public static AddressBlock parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr.strip() : cidr.substring(0, slash).strip();
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException(
                    "not an IP address block: '" + cidr + "' (write 10.0.0.0/8 or fd00::/8)");
        }
        int length = bytes.length * 8;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(cidr.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address block: '" + cidr + "'");
            }
        }
        return new AddressBlock(bytes, length);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** The bytes of a canonical dotted-quad or an IPv6 literal, or null. Never asks DNS. */
    static byte[] literal(String text) {
        if (text.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }
        if (text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+")) {
            try {
                // Only hex digits, colons and dots: InetAddress reads it as a literal, no lookup.
                byte[] bytes = InetAddress.getByName(text).getAddress();
                return bytes.length == 4 ? v4Mapped(bytes) : bytes;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** InetAddress folds {@code ::ffff:a.b.c.d} into an IPv4 address; a block written in IPv6 keeps 16 bytes. */
    private static byte[] v4Mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressBlock b && b.prefixLength == prefixLength && Arrays.equals(b.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
