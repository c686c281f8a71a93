package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The helpdesk's summary text as outcomes arrive in any order: one line per account, in the order entered. */
class AccountSummaryTest {

    private static final List<String> ENTERED = List.of("bob", "carol", "nobody", "dave");

    @Test
    void shouldListTheAccountsInTheOrderEnteredWhateverOrderTheirOutcomesCameIn() {
        String summary = AccountSummary.withOutcome(null, "dave", "link sent", ENTERED);
        summary = AccountSummary.withOutcome(summary, "nobody", "not found", ENTERED);
        summary = AccountSummary.withOutcome(summary, "bob", "link sent", ENTERED);

        assertThat(summary).isEqualTo("bob: link sent\nnobody: not found\ndave: link sent");
        assertThat(AccountSummary.coversEvery(summary, ENTERED)).isFalse();

        summary = AccountSummary.withOutcome(summary, "carol", "link sent", ENTERED);
        assertThat(summary).isEqualTo("bob: link sent\ncarol: link sent\nnobody: not found\ndave: link sent");
        assertThat(AccountSummary.coversEvery(summary, ENTERED)).isTrue();
    }

    @Test
    void shouldReplaceAnAccountsLineWhenItsResetEndsInsteadOfAddingOne() {
        String summary = "bob: link sent\ncarol: link sent";

        summary = AccountSummary.withOutcome(summary, "bob", "done (new password set)", List.of("bob", "carol"));

        assertThat(summary).isEqualTo("bob: done (new password set)\ncarol: link sent");
    }

    @Test
    void shouldKeepTheLinesOfAccountsThatGotNoResetFirst() {
        // "Revoke passwords" wrote the refusals; only alice and erin get links
        String summary = "nobody: not found\ndave: refused (the directory answered 409)";

        summary = AccountSummary.withOutcome(summary, "erin", "password revoked; link sent", List.of("alice", "erin"));
        summary = AccountSummary.withOutcome(summary, "alice", "password revoked; link sent", List.of("alice", "erin"));

        assertThat(summary).isEqualTo("nobody: not found\ndave: refused (the directory answered 409)\n"
                + "alice: password revoked; link sent\nerin: password revoked; link sent");
    }

    @Test
    void shouldTellAnAccountFromAnotherWhoseNameStartsWithIt() {
        List<String> entered = List.of("ann", "ann: x");

        String summary = AccountSummary.withOutcome(null, "ann: x", "link sent", entered);

        assertThat(AccountSummary.coversEvery(summary, entered)).isFalse();
        assertThat(AccountSummary.withOutcome(summary, "ann: x", "not found", entered)).isEqualTo("ann: x: not found");
    }

    @Test
    void shouldHoldAtOnceWhenNoAccountGetsALink() {
        assertThat(AccountSummary.coversEvery("dave: refused (the directory answered 409)", List.of())).isTrue();
        assertThat(AccountSummary.coversEvery(null, List.of())).isTrue();
    }
}
