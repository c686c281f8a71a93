package org.resetflow.helpdesk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The text of the helpdesk's last task: one line per account, "name: outcome". An account's line is written when its
 * outcome is first known ("link sent") and replaced, in place, when its reset ends ("done (new password set)", "link
 * sent, expired unused"), so an account never has two lines. The resets run side by side and finish in any order;
 * the accounts that got a reset are listed in the order the helpdesk entered them, after the lines of the accounts
 * that never got one (refused before any reset started, e.g. by "Revoke passwords").
 */
final class AccountSummary {

    private AccountSummary() {
    }

    /** The summary with this account's line set to this outcome. */
    static String withOutcome(String summary, String account, String outcome, List<String> linkRecipients) {
        List<String> lines = new ArrayList<>(lines(summary));
        lines.removeIf(line -> account.equals(accountOf(line, linkRecipients, account)));
        lines.add(account + ": " + outcome);
        List<String> others = lines.stream().filter(line -> accountOf(line, linkRecipients, null) == null).toList();
        List<String> recipients = lines.stream().filter(line -> accountOf(line, linkRecipients, null) != null)
                .sorted(Comparator.comparingInt(line -> linkRecipients.indexOf(accountOf(line, linkRecipients, null))))
                .toList();
        List<String> ordered = new ArrayList<>(others);
        ordered.addAll(recipients);
        return String.join("\n", ordered);
    }

    /** Whether each of these accounts has its line: its reset has an outcome. */
    static boolean coversEvery(String summary, List<String> accounts) {
        List<String> lines = lines(summary);
        return accounts.stream().allMatch(account -> lines.stream()
                .anyMatch(line -> account.equals(accountOf(line, accounts, null))));
    }

    private static List<String> lines(String summary) {
        return summary == null || summary.isEmpty() ? List.of() : Arrays.asList(summary.split("\n"));
    }

    /** The account (of these, or the extra one) whose line this is; the longest name wins ("ann" vs "ann: x"). */
    private static String accountOf(String line, List<String> accounts, String extra) {
        String found = null;
        for (String account : extra == null ? accounts : append(accounts, extra)) {
            if (line.startsWith(account + ": ") && (found == null || account.length() > found.length())) {
                found = account;
            }
        }
        return found;
    }

    private static List<String> append(List<String> accounts, String extra) {
        List<String> all = new ArrayList<>(accounts);
        all.add(extra);
        return all;
    }
}
