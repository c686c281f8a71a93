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
 * The shipped policy table ({@code bpmn/reset-policy.dmn}) and privileged accounts: whatever the channel (an
 * activation among them) and however many earlier resets, a member of the privileged group waits for the helpdesk's
 * approval. A rule above the privileged ones that approves nothing would send a link, or a generated password, to
 * an admin's account with nobody asked.
 */
class PrivilegedResetPolicyTest {

    private static final List<String> CHANNELS =
            List.of("self-service", "helpdesk", "generated-password", "activation", "other");

    @Test
    void shouldSendNoUnlockLinkToAPrivilegedAccountWithoutApproval() {
        for (int recent : List.of(0, 3, 7)) {
            DmnDecisionRuleResult unlock = decide("unlock", "staff, admins", recent, false);
            boolean sendsLink = !List.of("unlock-not-offered", "unlock-not-needed")
                    .contains(unlock.<String>getEntry("notification"));
            assertThat(!sendsLink || unlock.<Boolean>getEntry("approvalNeeded"))
                    .as("an unlock link for a privileged account (%d earlier resets) only after approval", recent)
                    .isTrue();
        }
    }

    private final DmnEngine dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    private final DmnDecision table = table();

    @Test
    void shouldAskForApprovalOfEveryResetOfAPrivilegedAccountWhateverTheChannel() {
        for (String channel : CHANNELS) {
            for (int recent : List.of(0, 3, 7)) {
                for (boolean revoked : List.of(false, true)) {
                    assertThat(decide(channel, "staff, admins", recent, revoked).<Boolean>getEntry("approvalNeeded"))
                            .as("approval for a privileged account, channel %s, %d earlier resets, revoked: %s",
                                    channel, recent, revoked)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void shouldKeepEachChannelsMailForAPrivilegedAccount() {
        assertThat(decide("activation", "admins", 0).<String>getEntry("notification")).isEqualTo("activation");
        assertThat(decide("generated-password", "admins", 0).<String>getEntry("notification"))
                .isEqualTo("generated-password");
    }

    @Test
    void shouldTellTheOwnerOfARevokedPasswordThatTheHelpdeskReplacedItWhateverTheGroupOrEarlierResets() {
        for (String groups : List.of("staff", "staff, admins")) {
            for (int recent : List.of(0, 3)) {
                assertThat(decide("helpdesk", groups, recent, true).<String>getEntry("notification"))
                        .as("mail after a revoke, groups %s, %d earlier resets", groups, recent)
                        .isEqualTo("reset-link-revoked");
            }
            assertThat(decide("helpdesk", groups, 0, false).<String>getEntry("notification"))
                    .as("mail of a plain helpdesk link, groups %s", groups).isEqualTo("reset-link");
        }
    }

    @Test
    void shouldActivateAnAccountOutsideThePrivilegedGroupWithoutApproval() {
        DmnDecisionRuleResult activation = decide("activation", "staff", 0);
        assertThat(activation.<Boolean>getEntry("approvalNeeded")).isFalse();
        assertThat(activation.<String>getEntry("notification")).isEqualTo("activation");
    }

    private DmnDecisionRuleResult decide(String channel, String accountGroups, int recentRequests) {
        return decide(channel, accountGroups, recentRequests, false);
    }

    private DmnDecisionRuleResult decide(String channel, String accountGroups, int recentRequests, boolean revoked) {
        // Membership is computed where the account is looked up (directory.AccountLookup.Result), here for "admins"
        boolean privileged = java.util.Arrays.asList(accountGroups.split(", ")).contains("admins");
        return dmn.evaluateDecisionTable(table, Variables.fromMap(Map.of("channel", channel,
                "accountPrivileged", privileged, "recentRequests", recentRequests, "passwordRevoked", revoked,
                "accountLocked", true)))
                .getSingleResult();
    }

    private DmnDecision table() {
        try (InputStream in = getClass().getResourceAsStream("/bpmn/reset-policy.dmn")) {
            return dmn.parseDecision("resetPolicy", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
