package org.resetflow.config;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/48}); a bare address is a block of
 * one. Used for {@code resetflow.trusted-proxies}: the configuration binder turns each entry into one through
 * {@link #valueOf(String)}, so a typo stops the start with the entry named instead of trusting the wrong hosts.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/prefix} or a bare address. Host names are refused: they would need DNS. */
    public static Cidr valueOf(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = IpAddresses.parse(address).map(InetAddress::getAddress)
                .orElseThrow(() -> new IllegalArgumentException(text + " is not an IP address or a CIDR block"));
        int bits = bytes.length * 8;
        int prefixLength = slash < 0 ? bits : prefixLength(trimmed.substring(slash + 1), bits, text);
        if (!Arrays.equals(bytes, masked(bytes, prefixLength))) {
            // 192.168.1.10/24 is most likely a typo for 192.168.1.0/24, or for 192.168.1.10/32: say so, don't guess.
            throw new IllegalArgumentException(text + " has bits set after the first " + prefixLength
                    + "; write the block's first address");
        }
        return new Cidr(bytes, prefixLength);
    }

    /** Whether the address lies in this block. IPv4 and IPv6 never match each other. */
    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
    }

    private static int prefixLength(String digits, int bits, String text) {
        Optional<Integer> length = digits.matches("[0-9]{1,3}") ? Optional.of(Integer.parseInt(digits)) : Optional.empty();
        return length.filter(l -> l <= bits)
                .orElseThrow(() -> new IllegalArgumentException(text + " is not an IP address or a CIDR block"));
    }

    private static byte[] masked(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            masked[i] &= (byte) (0xFF << (8 - keep));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefixLength == cidr.prefixLength && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return AddressText.of(network) + "/" + prefixLength;
    }
}
