package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Addresses are kept and shown as people write them (RFC 5952: lower case, no leading zeros, the longest run of zero
 * groups as {@code ::}), and a network as a network; the rate limits keep counting by the key they always used.
 */
class ShortAddressesTest {

    private final ClientNetworks behindProxy = new ClientNetworks(
            new ResetFlowProperties("https://reset.example.org", List.of(Cidr.valueOf("10.0.0.0/8"))));

    @ParameterizedTest(name = "peer {0} is recorded as {1}")
    @CsvSource({"0:0:0:0:0:0:0:1, ::1", "::1, ::1", "2001:db8:0:0:0:0:0:1, 2001:db8::1",
            "fe80:0:0:0:1:2:3:4%eth0, fe80::1:2:3:4", "192.0.2.1, 192.0.2.1", "::ffff:192.0.2.1, 192.0.2.1"})
    void shouldRecordThePeersAddressInItsShortForm(String peer, String recorded) {
        // Given a request straight from the peer
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/request");
        request.setRemoteAddr(peer);

        // When its client is resolved
        ClientAddress client = new ClientNetworks(new ResetFlowProperties("https://reset.example.org", List.of()))
                .resolve(request);

        // Then the address it records (the reset's clientAddress, which mails and the approval form show) is short
        assertThat(client.address()).isEqualTo(recorded);
    }

    @Test
    void shouldRecordAForwardedClientInItsShortFormAndKeepItsRateLimitKey() {
        // Given an IPv6 client behind a trusted proxy, written in full by the proxy
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/request");
        request.setRemoteAddr("10.0.0.5");
        request.addHeader("X-Forwarded-For", "2001:0DB8:0000:0001:0000:0000:0000:0017");

        // When its client is resolved
        ClientAddress client = behindProxy.resolve(request);

        // Then the address is short, and the rate limits still count by the /64's key as before
        assertThat(client).isEqualTo(new ClientAddress("2001:db8:0:1::17", "2001:db8:0:1:0:0:0:0/64"));
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource({"2001:db8:0:1::/64, 2001:db8:0:1::/64", "2001:db8::/48, 2001:db8::/48", "10.0.0.0/8, 10.0.0.0/8",
            "::1, ::1/128"})
    void shouldShowATrustedProxyBlockAsANetwork(String configured, String shown) {
        assertThat(Cidr.valueOf(configured).toString()).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource({"2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            // Of two equally long runs of zeros the first becomes "::"; a lone zero group stays a 0
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0", "0:0:0:0:0:0:0:0, ::", "1:0:0:0:0:0:0:0, 1::",
            "fe80:0:0:0:0:0:0:1%eth0, fe80::1", "::ffff:192.0.2.1, 192.0.2.1", "192.0.2.1, 192.0.2.1",
            // Networks, as the rate limits key them
            "2001:db8:0:1:0:0:0:0/64, 2001:db8:0:1::/64", "192.0.2.1/32, 192.0.2.1/32",
            // Anything else is shown as it is
            "unix-socket, unix-socket", "2001:db8::1/x, 2001:db8::1/x", "example.org, example.org"})
    void shouldWriteAddressesAndNetworksAsRfc5952Does(String text, String shown) {
        assertThat(AddressText.shortForm(text)).isEqualTo(shown);
    }
}
