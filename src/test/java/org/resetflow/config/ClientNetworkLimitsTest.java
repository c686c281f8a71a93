package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rate limits per client network, seen over HTTP. The test's own connection always comes from 127.0.0.1, which is
 * configured as the one trusted proxy, so each test poses as clients behind it with {@code X-Forwarded-For} or
 * {@code Forwarded}. IPv6 addresses are written short (RFC 5952), the form the process variable {@code clientAddress}
 * holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.request.starter-interval=1h",
        "resetflow.public-base-url=" + ClientNetworkLimitsTest.PUBLIC_BASE,
        "resetflow.trusted-proxies=127.0.0.1/32",
        "resetflow.rate-limit.requests-per-address=3",
        "resetflow.rate-limit.requests-per-identifier=2",
        "resetflow.rate-limit.requests-per-identifier-all-networks=4",
        "resetflow.rate-limit.link-checks-per-address=3"})
class ClientNetworkLimitsTest {

    static final String PUBLIC_BASE = "http://reset.example.test";

    private static final String RANDOM_TOKEN = "Q2hhbmdlTWVJZllvdUNhbiBUaGlzSXNOb3RBVG9rZW4";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;

    @Test
    void shouldCountTwoIpv6AddressesOfOneSlash64AsOneClient() {
        // Given one IPv6 address that has used up its network's three requests
        WebSession first = client("2001:db8:a:1:0:0:0:1");
        for (int i = 1; i <= 3; i++) {
            first.post("/request", Map.of("identifier", "v6-flood-" + i));
        }
        assertThat(resetsFrom("2001:db8:a:1::1")).isEqualTo(3);

        // When another address of the same /64 asks, and an address of the next /64
        WebSession.Page sameNetwork = client("2001:db8:a:1:0:0:0:2").post("/request", Map.of("identifier", "v6-other"));
        client("2001:db8:a:2:0:0:0:1").post("/request", Map.of("identifier", "v6-other"));

        // Then the same /64 gets the neutral page but no reset, the next /64 gets its reset
        assertThat(sameNetwork.status()).isEqualTo(200);
        assertThat(sameNetwork.title()).isEqualTo("Check your mail");
        assertThat(resetsFrom("2001:db8:a:1::2")).isZero();
        assertThat(resetsFrom("2001:db8:a:2::1")).isEqualTo(1);
    }

    @Test
    void shouldKeepOneBucketPerIpv4Address() {
        // Given one IPv4 address that has used up its three requests
        WebSession flooder = client("198.51.100.10");
        for (int i = 1; i <= 4; i++) {
            flooder.post("/request", Map.of("identifier", "v4-flood-" + i));
        }

        // When its neighbour in the same /24 asks
        client("198.51.100.11").post("/request", Map.of("identifier", "v4-other"));

        // Then the flooder got three resets and the neighbour its own
        assertThat(resetsFrom("198.51.100.10")).isEqualTo(3);
        assertThat(resetsFrom("198.51.100.11")).isEqualTo(1);
    }

    @Test
    void shouldGiveTwoClientsBehindOneTrustedProxyTheirOwnBuckets() {
        // Given two clients behind the trusted proxy, each asking three times
        for (int i = 1; i <= 3; i++) {
            client("198.51.100.20").post("/request", Map.of("identifier", "proxied-a-" + i));
            client("198.51.100.21").post("/request", Map.of("identifier", "proxied-b-" + i));
        }

        // When the first one asks again with a forged address prepended, as a client can
        client("203.0.113.99, 198.51.100.20").post("/request", Map.of("identifier", "proxied-a-4"));

        // Then each client had its own three requests, and the forged address counted for nothing
        assertThat(resetsFrom("198.51.100.20")).isEqualTo(3);
        assertThat(resetsFrom("198.51.100.21")).isEqualTo(3);
        assertThat(resetsFrom("203.0.113.99")).isZero();
    }

    @Test
    void shouldReadTheClientFromAnRfc7239ForwardedHeader() {
        // Given a trusted proxy that writes Forwarded instead of X-Forwarded-For
        WebSession client = new WebSession(baseUrl()).withHeader("Forwarded", "for=\"[2001:db8:b::1]:4711\";proto=https");
        client.get("/");

        // When the client behind it asks for a reset
        assertThat(client.post("/request", Map.of("identifier", "forwarded")).title()).isEqualTo("Check your mail");

        // Then the reset records the client's address, not the proxy's
        assertThat(resetsFrom("2001:db8:b::1")).isEqualTo(1);
    }

    @Test
    void shouldLimitLinkChecksPerSlash64() {
        // Given an IPv6 address that has tried three links
        for (int i = 0; i < 3; i++) {
            assertThat(client("2001:db8:c:1:0:0:0:1").get("/reset/" + RANDOM_TOKEN).status()).isEqualTo(410);
        }

        // When another address of its /64 tries one, and an address of another /64
        int sameNetwork = client("2001:db8:c:1:0:0:0:ffff").get("/reset/" + RANDOM_TOKEN).status();
        int otherNetwork = client("2001:db8:c:2:0:0:0:1").get("/reset/" + RANDOM_TOKEN).status();

        // Then the same /64 is told to wait, the other is not
        assertThat(sameNetwork).isEqualTo(429);
        assertThat(otherNetwork).isEqualTo(410);
    }

    @Test
    void shouldStillStartTheOwnersResetWhenAnAttackerSpendsTheLimitFromAnotherNetwork() {
        // Given an attacker on one network who asks for alice's reset until refused
        WebSession attacker = client("198.51.100.30");
        for (int i = 0; i < 3; i++) {
            attacker.post("/request", Map.of("identifier", "alice"));
        }
        assertThat(resetsFrom("198.51.100.30")).isEqualTo(2);

        // When alice asks from her own network
        WebSession.Page answer = client("203.0.113.40").post("/request", Map.of("identifier", "Alice"));

        // Then her reset starts
        assertThat(answer.title()).isEqualTo("Check your mail");
        assertThat(resetsFrom("203.0.113.40")).isEqualTo(1);
    }

    @Test
    void shouldStopEveryoneOnceTheCapForAllNetworksIsReachedAndKeepTheNewestLink() throws Exception {
        // Given bob's reset asked for from four networks: the cap for all networks
        resetStarter.startQueued();
        EngineJobs.awaitIdle(managementService, resetStarter);
        mailbox.purge();
        for (int i = 41; i <= 44; i++) {
            client("198.51.100." + i).post("/request", Map.of("identifier", "bob"));
        }
        assertThat(resetsFrom("198.51.100.41") + resetsFrom("198.51.100.42") + resetsFrom("198.51.100.43")
                + resetsFrom("198.51.100.44")).isEqualTo(4);

        // When a fifth network asks, and then bob himself from a sixth
        client("198.51.100.45").post("/request", Map.of("identifier", "bob"));
        WebSession.Page owner = client("203.0.113.46").post("/request", Map.of("identifier", "bob"));

        // Then neither starts a reset, and the answer is the usual page
        assertThat(owner.title()).isEqualTo("Check your mail");
        assertThat(resetsFrom("198.51.100.45")).isZero();
        assertThat(resetsFrom("203.0.113.46")).isZero();
        // And the newest of the four links bob was mailed still opens the form: no refused request replaced it
        List<MimeMessage> toBob = mailsTo("bob@example.org");
        assertThat(toBob).hasSize(4);
        int working = 0;
        for (int i = 0; i < toBob.size(); i++) {
            String token = TestSmtp.resetToken(toBob.get(i), PUBLIC_BASE);
            if (client("198.51.100." + (50 + i)).get("/reset/" + token).status() == 200) {
                working++;
            }
        }
        assertThat(working).isEqualTo(1);
    }

    private WebSession client(String forwardedFor) {
        WebSession session = new WebSession(baseUrl()).withHeader("X-Forwarded-For", forwardedFor);
        session.get("/");
        return session;
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private List<MimeMessage> mailsTo(String address) throws MessagingException {
        resetStarter.startQueued();
        EngineJobs.awaitIdle(managementService, resetStarter);
        List<MimeMessage> mails = mailbox.messages();
        return mails.stream().filter(mail -> isTo(mail, address)).toList();
    }

    private static boolean isTo(MimeMessage mail, String address) {
        try {
            return Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                    .anyMatch(to -> to.toString().contains(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Resets started for one client address (what was typed is not kept, so the address tells them apart). */
    /**
     * Requests the limits let through from this client: rows in the request inbox. Since the request intake, a name
     * that matches no account starts no reset, so resets are no measure of what passed the limits; this class pauses
     * the inbox's starter (an hour between rounds) so that the rows stay where the page wrote them.
     */
    private long resetsFrom(String clientAddress) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE client_address = ?", Long.class,
                clientAddress);
        return rows == null ? 0 : rows;
    }
}
