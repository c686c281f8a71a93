package org.resetflow.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.Test;
import org.resetflow.breach.BreachCheckUnavailableException;
import org.resetflow.breach.BreachedPasswords;
import org.resetflow.directory.Directory;

/**
 * Where the breach check sits among the password rules, and who decides whether it runs: the process owner's
 * decision table (bpmn/password-checks.dmn), not the code.
 */
class BreachedPasswordRuleTest {

    private static final String STRONG = "Marble-Sunset-Quiver-73";

    private final BreachedPasswords breached = mock(BreachedPasswords.class);
    private final PasswordPolicy policy = new PasswordPolicy(
            new PasswordProperties(8, 128, 3, 4, Duration.ofSeconds(2), Duration.ofSeconds(10)),
            mock(Directory.class), breached);

    @Test
    void shouldRefuseABreachedPasswordWhenTheProcessAsksForTheCheck() {
        when(breached.isBreached(STRONG)).thenReturn(true);

        PasswordCheck check = policy.check(STRONG, STRONG, "alice", "alice@example.org", List.of(), true);

        assertThat(check).isEqualTo(PasswordCheck.rejected(PasswordCheck.BREACHED));
    }

    @Test
    void shouldNotAskTheBreachListWhenTheProcessDecidedAgainstIt() {
        when(breached.isBreached(STRONG)).thenReturn(true);

        PasswordCheck check = policy.check(STRONG, STRONG, "alice", "alice@example.org", List.of(), false);

        assertThat(check.acceptable()).isTrue();
        verify(breached, never()).isBreached(anyString());
    }

    @Test
    void shouldNotSpendALookUpOnAPasswordTheLocalRulesRefuse() {
        PasswordCheck check = policy.check("password1", "password1", "alice", "alice@example.org", List.of(), true);

        assertThat(check.reason()).isEqualTo(PasswordCheck.TOO_WEAK);
        verify(breached, never()).isBreached(anyString());
    }

    @Test
    void shouldLetAFailClosedOutageRollTheSubmissionBack() {
        when(breached.isBreached(STRONG)).thenThrow(new BreachCheckUnavailableException("range API down"));

        // An exception, not a rejection: the page's transaction rolls back, "try again", no attempt counted
        assertThatThrownBy(() -> policy.check(STRONG, STRONG, "alice", "alice@example.org", List.of(), true))
                .isInstanceOf(BreachCheckUnavailableException.class);
    }

    @Test
    void shouldAskTheBreachListOnceAheadOfTheSubmissionAndLetValidationTakeTheVerdictOver() {
        // Given a configured source that knows the password
        when(breached.enabled()).thenReturn(true);
        when(breached.isBreached(STRONG)).thenReturn(true);

        // When the page screens the password before locking the link, and "Validate password" checks it fully
        PasswordHandover.BreachVerdict verdict = policy.screenForBreach(STRONG, STRONG, "alice", "alice@example.org",
                true);
        PasswordCheck check = policy.check(STRONG, STRONG, "alice", "alice@example.org", List.of(), true, verdict);

        // Then the password is refused as breached, and the source was asked once, ahead of the transaction
        assertThat(verdict).isEqualTo(PasswordHandover.BreachVerdict.BREACHED);
        assertThat(check).isEqualTo(PasswordCheck.rejected(PasswordCheck.BREACHED));
        verify(breached, times(1)).isBreached(STRONG);
    }

    @Test
    void shouldNotScreenAPasswordTheLocalRulesRefuseOrTheProcessExempts() {
        when(breached.enabled()).thenReturn(true);

        assertThat(policy.screenForBreach(STRONG, STRONG + "x", "alice", "alice@example.org", true))
                .isEqualTo(PasswordHandover.BreachVerdict.NOT_ASKED);
        assertThat(policy.screenForBreach(STRONG, STRONG, "alice", "alice@example.org", false))
                .isEqualTo(PasswordHandover.BreachVerdict.NOT_ASKED);
        verify(breached, never()).isBreached(anyString());
    }

    @Test
    void shouldCheckBreachedPasswordsOnEveryChannelAsShipped() {
        DmnEngine dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        InputStream table = getClass().getResourceAsStream("/bpmn/password-checks.dmn");
        DmnDecision decision = dmn.parseDecision("passwordChecks", table);

        for (String channel : List.of("self-service", "helpdesk", "activation")) {
            Object check = dmn.evaluateDecisionTable(decision, Map.of("channel", channel)).getSingleResult()
                    .getSingleEntry();
            assertThat(check).as(channel).isEqualTo(true);
        }
    }
}
