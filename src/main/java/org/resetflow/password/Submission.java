package org.resetflow.password;

/** How a password submission ended, as far as the page needs to know. */
record Submission(Outcome outcome, String reason, String detail, int attemptsLeft) {

    enum Outcome { DONE, REJECTED, INVALID_LINK, TOO_MANY_ATTEMPTS, TRY_LATER, UNCONFIRMED }

    static Submission of(Outcome outcome) {
        return new Submission(outcome, null, null, 0);
    }

    static Submission rejected(String reason, String detail, int attemptsLeft) {
        return new Submission(Outcome.REJECTED, reason, detail, attemptsLeft);
    }
}
