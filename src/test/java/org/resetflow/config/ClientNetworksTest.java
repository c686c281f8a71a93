package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Which client a request comes from, and which network its limits count against, for peers and forwarding headers
 * the HTTP tests cannot produce (their peer is always 127.0.0.1).
 */
class ClientNetworksTest {

    private static final String PROXY = "10.0.0.5";

    /** 10.0.0.0/8 and 2001:db8:ffff::/48 are the trusted proxies. */
    private final ClientNetworks behindProxies = networks("10.0.0.0/8", "2001:db8:ffff::/48");
    private final ClientNetworks noProxies = networks();

    @Test
    void shouldKeyIpv4ClientsByTheirOwnAddress() {
        // Given two IPv4 neighbours, no proxy

        // When they are resolved
        ClientAddress one = noProxies.resolve(request("198.51.100.7"));
        ClientAddress two = noProxies.resolve(request("198.51.100.8"));

        // Then each is its own network
        assertThat(one).isEqualTo(new ClientAddress("198.51.100.7", "198.51.100.7/32"));
        assertThat(two.network()).isEqualTo("198.51.100.8/32");
    }

    @Test
    void shouldKeyIpv6ClientsByTheirSlash64() {
        // Given three IPv6 peers, two of them in one /64

        // When they are resolved
        ClientAddress one = noProxies.resolve(request("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        ClientAddress sameSlash64 = noProxies.resolve(request("2001:db8:1:2::1"));
        ClientAddress nextSlash64 = noProxies.resolve(request("2001:db8:1:3::1"));

        // Then the two share a network, the third does not, and each keeps its own address
        assertThat(one.network()).isEqualTo("2001:db8:1:2:0:0:0:0/64").isEqualTo(sameSlash64.network());
        assertThat(nextSlash64.network()).isEqualTo("2001:db8:1:3:0:0:0:0/64");
        assertThat(one.address()).isEqualTo("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        assertThat(sameSlash64.address()).isEqualTo("2001:db8:1:2::1");
    }

    @Test
    void shouldTreatAnIpv4MappedPeerAsIpv4() {
        // Given a dual-stack socket that reports an IPv4 client as an IPv4-mapped IPv6 address

        // When it is resolved
        ClientAddress client = noProxies.resolve(request("::ffff:198.51.100.7"));

        // Then it is the IPv4 client, not one of all IPv4 clients in ::ffff:0:0/64
        assertThat(client).isEqualTo(new ClientAddress("198.51.100.7", "198.51.100.7/32"));
    }

    @Test
    void shouldDropTheZoneOfALinkLocalPeer() {
        assertThat(noProxies.resolve(request("fe80:0:0:0:1:2:3:4%eth0")).network()).isEqualTo("fe80:0:0:0:0:0:0:0/64");
    }

    @Test
    void shouldIgnoreForwardingHeadersWithoutTrustedProxies() {
        // Given a peer that names another client in both headers, and no trusted proxy configured
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("X-Forwarded-For", "198.51.100.7");
        request.addHeader("Forwarded", "for=198.51.100.7");

        // When it is resolved
        ClientAddress client = noProxies.resolve(request);

        // Then the peer is the client
        assertThat(client.address()).isEqualTo(PROXY);
    }

    @Test
    void shouldIgnoreForwardingHeadersFromAPeerThatIsNoTrustedProxy() {
        // Given proxies are configured, but this peer is not one of them
        MockHttpServletRequest request = request("203.0.113.9");
        request.addHeader("X-Forwarded-For", "198.51.100.7");

        // When it is resolved
        ClientAddress client = behindProxies.resolve(request);

        // Then its header counts for nothing
        assertThat(client.address()).isEqualTo("203.0.113.9");
    }

    @Test
    void shouldTakeTheRightMostAddressThatIsNoTrustedProxy() {
        // Given a client that forged two hops, then two trusted proxies that each appended their client
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("X-Forwarded-For", "192.0.2.66, 203.0.113.1, 198.51.100.7, 10.1.2.3");

        // When it is resolved
        ClientAddress client = behindProxies.resolve(request);

        // Then the client is what the outermost trusted proxy saw
        assertThat(client.address()).isEqualTo("198.51.100.7");
    }

    @Test
    void shouldJoinSeveralHeaderLines() {
        // Given two X-Forwarded-For lines, the proxy's one last
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("X-Forwarded-For", "192.0.2.66");
        request.addHeader("X-Forwarded-For", "198.51.100.7");

        // Then the last line's address is the client
        assertThat(behindProxies.resolve(request).address()).isEqualTo("198.51.100.7");
    }

    @Test
    void shouldTakeTheLeftMostHopWhenEveryHopIsATrustedProxy() {
        // Given a request one proxy sent itself, through another
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("X-Forwarded-For", "10.9.9.9, 10.0.0.7");

        // Then the first proxy is the client
        assertThat(behindProxies.resolve(request).address()).isEqualTo("10.9.9.9");
    }

    @Test
    void shouldGiveTwoClientsBehindOneProxyTheirOwnNetworks() {
        // Given two IPv6 clients in different /64s behind one trusted IPv6 proxy
        MockHttpServletRequest first = request("2001:db8:ffff::1");
        first.addHeader("X-Forwarded-For", "2001:db8:1:1::1");
        MockHttpServletRequest second = request("2001:db8:ffff::1");
        second.addHeader("X-Forwarded-For", "2001:db8:1:2::1");

        // Then each has its own network
        assertThat(behindProxies.resolve(first).network()).isEqualTo("2001:db8:1:1:0:0:0:0/64");
        assertThat(behindProxies.resolve(second).network()).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @ParameterizedTest
    @CsvSource({"198.51.100.7:4711, 198.51.100.7", "[2001:db8::7]:4711, 2001:db8::7",
            "[2001:db8::7], 2001:db8::7", "2001:DB8:0::7, 2001:db8::7",
            "[::ffff:198.51.100.7], 198.51.100.7"})
    void shouldReadXForwardedForEntriesWithPortsAndBrackets(String entry, String address) {
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("X-Forwarded-For", entry);

        assertThat(behindProxies.resolve(request).address()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "unknown", "localhost", "example.org", "deadbeef", "198.51.100.7, ",
            "198.51.100.256", "198.051.100.7", "0x7f.1", "198.51.100", "2001:db8::7%eth0", "2001:db8::7:4711:1:2:3:4:5",
            "198.51.100.7:", "198.51.100.7:abc", "[2001:db8::7", "[2001:db8::7]x", "[198.51.100.7:80", "::ffff:zz",
            "198.51.100.7 198.51.100.8", "_hidden", "[fe80::1%25eth0]"})
    void shouldFallBackToThePeerWhenTheHopToUseIsNoAddress(String entry) {
        // Given a trusted proxy whose header's last entry cannot be read
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("X-Forwarded-For", "192.0.2.1, " + entry);

        // When it is resolved
        ClientAddress client = behindProxies.resolve(request);

        // Then the peer is the client, and nothing further left was believed
        assertThat(client.address()).isEqualTo(PROXY);
    }

    @Test
    void shouldReadAnIpv6NodeWithPortFromForwarded() {
        // Given the RFC 7239 example of an IPv6 client
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("Forwarded", "for=\"[2001:db8:cafe::17]:4711\"");

        // When it is resolved
        ClientAddress client = behindProxies.resolve(request);

        // Then it is the client, counted by its /64
        assertThat(client).isEqualTo(new ClientAddress("2001:db8:cafe::17", "2001:db8:cafe:0:0:0:0:0/64"));
    }

    @Test
    void shouldTakeTheRightMostUntrustedForNodeFromForwarded() {
        // Given a forged element, the proxy's element with more parameters, and a trusted inner proxy
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("Forwarded", "for=192.0.2.66, For=198.51.100.7;proto=https;by=10.0.0.1; ,"
                + "by=\"[2001:db8::1]\";for=\"10.1.2.3\"");

        // Then the for node of the outermost trusted proxy's element is the client
        assertThat(behindProxies.resolve(request).address()).isEqualTo("198.51.100.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=\"198.51.100.7", "for=198.51.100.7;for=198.51.100.8", "for=198.51.100.7 x",
            "for=", "=198.51.100.7", "for=198.51.100.7:4711", "for=\"[2001:db8::1]", "for=unknown", "for=_mask",
            "proto=https", "for=\"198.51.100.7\\\"", "for=\"198.51.100.\u00007\""})
    void shouldFallBackToThePeerWhenForwardedCannotBeUsed(String element) {
        // Given a trusted proxy whose Forwarded header is broken, or names no address in its last element
        MockHttpServletRequest request = request(PROXY);
        request.addHeader("Forwarded", "for=192.0.2.1, " + element);

        // When it is resolved
        ClientAddress client = behindProxies.resolve(request);

        // Then the peer is the client
        assertThat(client.address()).isEqualTo(PROXY);
    }

    @Test
    void shouldBelieveBothHeadersOnlyWhenTheyAgree() {
        // Given one request whose headers agree, and one whose client added the header the proxy does not write
        MockHttpServletRequest agreeing = request(PROXY);
        agreeing.addHeader("X-Forwarded-For", "198.51.100.7");
        agreeing.addHeader("Forwarded", "for=\"198.51.100.7:4711\"");
        MockHttpServletRequest forged = request(PROXY);
        forged.addHeader("X-Forwarded-For", "198.51.100.7");
        forged.addHeader("Forwarded", "for=192.0.2.66");

        // Then the first is that client, the second falls back to the proxy
        assertThat(behindProxies.resolve(agreeing).address()).isEqualTo("198.51.100.7");
        assertThat(behindProxies.resolve(forged).address()).isEqualTo(PROXY);
    }

    @Test
    void shouldTellWhetherTheRequestCameFromATrustedProxy() {
        assertThat(behindProxies.fromTrustedProxy(request(PROXY))).isTrue();
        assertThat(behindProxies.fromTrustedProxy(request("2001:db8:ffff:1::1"))).isTrue();
        assertThat(behindProxies.fromTrustedProxy(request("198.51.100.7"))).isFalse();
        assertThat(noProxies.fromTrustedProxy(request(PROXY))).isFalse();
    }

    private static ClientNetworks networks(String... trustedProxies) {
        List<Cidr> proxies = Arrays.stream(trustedProxies).map(Cidr::valueOf).toList();
        return new ClientNetworks(new ResetFlowProperties("https://reset.example.org", proxies));
    }

    private static MockHttpServletRequest request(String peer) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/request");
        request.setRemoteAddr(peer);
        return request;
    }
}
