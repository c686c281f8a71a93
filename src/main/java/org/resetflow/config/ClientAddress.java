package org.resetflow.config;

/**
 * Who sent a request, as far as ResetFlow can tell.
 *
 * @param address the client's IP address as text in its short form (RFC 5952, e.g. {@code 2001:db8::1}, {@code ::1},
 *                {@code 192.0.2.1}; see {@link AddressText}), for the record, the log, mails and the approval form
 * @param network the key that rate limits count by: the IPv4 address ({@code 192.0.2.1/32}) or the IPv6 /64
 *                ({@code 2001:db8:0:0:0:0:0:0/64}). Deliberately left in Java's full form: shared rate limits are stored
 *                under this key, and changing its spelling would reset every count during a rolling upgrade.
 */
public record ClientAddress(String address, String network) {
}
