package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * The shipped policy table ({@code bpmn/reset-policy.dmn}) and the self-service unlock (channel {@code unlock}): a
 * locked account outside the privileged group gets a link, an account that is not locked gets a mail saying so,
 * and a privileged account gets no unlock at all, whatever the other inputs say. Other channels ignore the lock.
 */
class UnlockPolicyTest {

    private final DmnEngine dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    private final DmnDecision table = table();

    @Test
    void shouldSendAShortLivedUnlockLinkWithoutApprovalToALockedAccount() {
        for (int recent : List.of(0, 3)) {
            DmnDecisionRuleResult unlock = decide("unlock", false, true, recent, false);
            assertThat(unlock.<String>getEntry("notification")).as("%d earlier resets", recent)
                    .isEqualTo("unlock-link");
            assertThat(unlock.<String>getEntry("tokenLifetime")).isEqualTo("PT10M");
            assertThat(unlock.<Boolean>getEntry("approvalNeeded")).isFalse();
        }
    }

    @Test
    void shouldTellTheOwnerOfAnAccountThatIsNotLockedThatNoUnlockIsNeeded() {
        for (boolean revoked : List.of(false, true)) {
            assertThat(decide("unlock", false, false, 0, revoked).<String>getEntry("notification"))
                    .as("revoked: %s", revoked).isEqualTo("unlock-not-needed");
        }
    }

    @Test
    void shouldOfferNoUnlockToAPrivilegedAccountWhetherOrNotItIsLocked() {
        for (boolean locked : List.of(true, false)) {
            for (int recent : List.of(0, 3)) {
                DmnDecisionRuleResult unlock = decide("unlock", true, locked, recent, false);
                assertThat(unlock.<String>getEntry("notification")).as("locked %s, %d earlier", locked, recent)
                        .isEqualTo("unlock-not-offered");
            }
        }
    }

    @Test
    void shouldLeaveEveryOtherChannelAsItWasWhetherOrNotTheAccountIsLocked() {
        for (boolean locked : List.of(true, false)) {
            assertThat(decide("self-service", false, locked, 0, false).<String>getEntry("notification"))
                    .isEqualTo("reset-link");
            assertThat(decide("self-service", true, locked, 0, false).<Boolean>getEntry("approvalNeeded")).isTrue();
            assertThat(decide("activation", false, locked, 0, false).<String>getEntry("notification"))
                    .isEqualTo("activation");
        }
    }

    private DmnDecisionRuleResult decide(String channel, boolean privileged, boolean locked, int recentRequests,
                                         boolean revoked) {
        return dmn.evaluateDecisionTable(table, Variables.fromMap(Map.of("channel", channel,
                "accountPrivileged", privileged, "accountLocked", locked, "recentRequests", recentRequests,
                "passwordRevoked", revoked))).getSingleResult();
    }

    private DmnDecision table() {
        try (InputStream in = getClass().getResourceAsStream("/bpmn/reset-policy.dmn")) {
            return dmn.parseDecision("resetPolicy", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
