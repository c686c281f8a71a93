package org.resetflow.config;

/**
 * Who sent a request, as far as ResetFlow can tell.
 *
 * @param address the client's IP address as text (IPv6 in Java's full form, e.g. {@code 2001:db8:0:0:0:0:0:1}), for
 *                the record and the log
 * @param network the key that rate limits count by: the IPv4 address ({@code 192.0.2.1/32}) or the IPv6 /64
 *                ({@code 2001:db8:0:0:0:0:0:0/64})
 */
public record ClientAddress(String address, String network) {
}
