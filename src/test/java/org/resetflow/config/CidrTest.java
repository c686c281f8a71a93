package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trusted-proxy blocks an operator writes, and what they contain. */
class CidrTest {

    @Test
    void shouldContainExactlyTheAddressesOfItsBlock() throws Exception {
        // Given an IPv4 /8, an IPv6 /48 and a bare address
        Cidr ten = Cidr.valueOf("10.0.0.0/8");
        Cidr v6 = Cidr.valueOf(" 2001:db8:ffff::/48 ");
        Cidr one = Cidr.valueOf("192.0.2.1");

        // Then each holds its own addresses and no other
        assertThat(ten.contains(InetAddress.getByName("10.255.1.2"))).isTrue();
        assertThat(ten.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(ten.contains(InetAddress.getByName("::ffff:10.1.1.1"))).as("IPv4-mapped is IPv4").isTrue();
        assertThat(v6.contains(InetAddress.getByName("2001:db8:ffff:1234::1"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("2001:db8:fffe::1"))).isFalse();
        assertThat(v6.contains(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(one.contains(InetAddress.getByName("192.0.2.1"))).isTrue();
        assertThat(one.contains(InetAddress.getByName("192.0.2.2"))).isFalse();
        assertThat(Cidr.valueOf("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.1"))).isTrue();
        assertThat(Cidr.valueOf("2001:db8::1/128").toString()).isEqualTo("2001:db8::1/128");
        assertThat(ten).isEqualTo(Cidr.valueOf("10.0.0.0/8")).hasSameHashCodeAs(Cidr.valueOf("10.0.0.0/8"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "2001:db8::/129",
            "proxy.example.org", "localhost/32", "10.0.0/8", "010.0.0.0/8", "[2001:db8::]/32", "10.0.0.0/x"})
    void shouldRefuseWhatIsNoBlock(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.valueOf(text))
                .withMessage(text + " is not an IP address or a CIDR block");
    }

    @Test
    void shouldRefuseABlockWithHostBitsSet() {
        // A typo for 192.168.1.0/24 or for 192.168.1.10/32: neither is guessed
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.valueOf("192.168.1.10/24"))
                .withMessage("192.168.1.10/24 has bits set after the first 24; write the block's first address");
    }
}
