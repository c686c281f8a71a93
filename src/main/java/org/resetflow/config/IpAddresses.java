package org.resetflow.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads IP address literals from text a client may have written, without ever asking DNS: {@code InetAddress}
 * resolves anything that is not a literal, so only text already shaped like one reaches it.
 */
final class IpAddresses {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    /** Dotted quad, decimal only: no leading zeros, which some parsers read as octal. */
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** Hex digits, colons and the dots of an embedded IPv4 part; starts like a literal, so it is never looked up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

    private IpAddresses() {
    }

    /**
     * An IPv4 or IPv6 literal, or nothing. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) comes back as the
     * IPv4 address it stands for, so a dual-stack socket does not put every IPv4 client into one IPv6 network.
     */
    static Optional<InetAddress> parse(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                String[] octets = text.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    bytes[i] = (byte) Integer.parseInt(octets[i]);
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text));
            }
        } catch (UnknownHostException e) {
            // Shaped like an IPv6 literal but not one.
        }
        return Optional.empty();
    }

    /**
     * One hop of a forwarding header: an address, optionally with a port ({@code 192.0.2.1:4711},
     * {@code [2001:db8::1]:4711}, or {@code [2001:db8::1]}). Names, {@code unknown} and obfuscated identifiers give
     * nothing.
     */
    static Optional<InetAddress> parseNode(String node) {
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            String rest = end < 0 ? "" : node.substring(end + 1);
            if (end < 0 || !(rest.isEmpty() || PORT.matcher(rest).matches())) {
                return Optional.empty();
            }
            return parse(node.substring(1, end));
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && colon == node.lastIndexOf(':')) {
            // One colon: an IPv4 address and its port. Every IPv6 literal has at least two.
            return PORT.matcher(node.substring(colon)).matches()
                    ? parse(node.substring(0, colon)).filter(Inet4Address.class::isInstance)
                    : Optional.empty();
        }
        return parse(node);
    }

    /** The servlet container's peer address, which may carry an IPv6 zone ({@code fe80::1%eth0}). */
    static Optional<InetAddress> parsePeer(String remoteAddr) {
        if (remoteAddr == null) {
            return Optional.empty();
        }
        int zone = remoteAddr.indexOf('%');
        return parse(zone < 0 ? remoteAddr : remoteAddr.substring(0, zone));
    }

    /** The rate-limit key of an address's network: the IPv4 address itself, or the IPv6 address's /64. */
    static String networkKey(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return text(bytes) + "/32";
        }
        // One subscriber usually gets a whole /64 (SLAAC, privacy addresses), so it must count as one client.
        for (int i = 8; i < 16; i++) {
            bytes[i] = 0;
        }
        return text(bytes) + "/64";
    }

    static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IPv4 or IPv6 address: " + address.length + " bytes", e);
        }
    }
}
