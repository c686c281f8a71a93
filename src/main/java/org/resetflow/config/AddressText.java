package org.resetflow.config;

import java.net.InetAddress;
import java.util.Optional;

/**
 * IP addresses and networks as people write them (RFC 5952): {@code ::1}, {@code 2001:db8::1}, {@code 192.0.2.1},
 * and a network as its first address and prefix, {@code 2001:db8:0:1::/64}. Java writes IPv6 in full
 * ({@code 0:0:0:0:0:0:0:1}), which no reader recognises. For display and for the record only: the rate limits keep
 * their own keys ({@link IpAddresses#networkKey}), which must not change under a running cluster.
 */
public final class AddressText {

    private AddressText() {
    }

    /**
     * The short form of an address or network written as text, such as a reset's {@code clientAddress} stored before
     * addresses were kept short; text that is neither (a unix socket's name) comes back unchanged.
     */
    public static String shortForm(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        String prefix = slash < 0 ? "" : text.substring(slash);
        if (!prefix.isEmpty() && !prefix.matches("/[0-9]{1,3}")) {
            return text;
        }
        // parsePeer drops a zone (fe80::1%eth0) and reads an IPv4-mapped address as the IPv4 one it stands for.
        Optional<InetAddress> parsed = IpAddresses.parsePeer(address);
        return parsed.map(value -> of(value.getAddress()) + prefix).orElse(text);
    }

    /** An address's bytes (4 or 16) in their short form. */
    static String of(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("Not an IPv4 or IPv6 address: " + address.length + " bytes");
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xFF) << 8 | address[2 * i + 1] & 0xFF;
        }
        // The longest run of two or more zero groups becomes "::"; of equally long runs, the first (RFC 5952 4.2).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
