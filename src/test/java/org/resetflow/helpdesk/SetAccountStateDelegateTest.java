package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryException;

/** The outcomes of "Disable or re-enable accounts" the process scenario does not reach. */
class SetAccountStateDelegateTest {

    private final Directory directory = mock(Directory.class);
    private final DelegateExecution execution = mock(DelegateExecution.class);
    private final PrivilegedAccountGuard guard = mock(PrivilegedAccountGuard.class);
    private final SetAccountStateDelegate delegate = new SetAccountStateDelegate(directory, new HelpdeskAccounts(), guard);

    private void given(String operation, String names) {
        // None of these accounts is privileged: PrivilegedAccountGuardTest and PrivilegedAccountRestTest cover that
        when(guard.mayChange(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any())).thenReturn(true);
        when(execution.getVariable(HelpdeskResetProcess.VAR_OPERATION)).thenReturn(operation);
        when(execution.getVariable(HelpdeskResetProcess.VAR_ACCOUNT_NAMES)).thenReturn(names);
    }

    private static List<DirectoryAccount> one(String id, String name) {
        return List.of(new DirectoryAccount(id, name, name + "@example.org", name, true));
    }

    @Test
    void shouldSummarizeGoneAmbiguousAndUnsupportedAccountsEachOnItsOwnLine() {
        // Given one account deleted meanwhile, one ambiguous name, and one the directory cannot change
        given(HelpdeskResetProcess.OPERATION_DISABLE, "gone\nshared\nfixed");
        when(directory.findByUserName("gone")).thenReturn(one("id-gone", "gone"));
        doThrow(new AccountGoneException("gone")).when(directory).setActive("id-gone", false);
        when(directory.findByUserName("shared")).thenReturn(List.of(one("a", "shared").get(0), one("b", "shared").get(0)));
        when(directory.findByUserName("fixed")).thenReturn(one("id-fixed", "fixed"));
        doThrow(new UnsupportedOperationException("no")).when(directory).setActive("id-fixed", false);

        // When the delegate runs
        delegate.execute(execution);

        // Then each has its own line, and the ambiguous one was not touched
        verify(execution).setVariable(HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY,
                "gone: not found (the account was deleted meanwhile)\n"
                        + "shared: refused (ambiguous: 2 accounts have this name)\n"
                        + "fixed: refused (this directory cannot disable or re-enable accounts)");
        verify(directory, never()).setActive("a", false);
    }

    @Test
    void shouldThrowATechnicalFailureSoTheJobIsRetriedRatherThanReportIt() {
        // Given the directory fails with 503
        given(HelpdeskResetProcess.OPERATION_ENABLE, "alice");
        when(directory.findByUserName("alice")).thenReturn(one("id-alice", "alice"));
        doThrow(new DirectoryException("Directory x failed to set the account state: HTTP 503", 503))
                .when(directory).setActive("id-alice", true);

        // When the delegate runs, then the failure propagates (retries, then an incident) and no summary is written
        assertThatThrownBy(() -> delegate.execute(execution)).isInstanceOf(DirectoryException.class);
        verify(execution, never()).setVariable(org.mockito.ArgumentMatchers.eq(HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY),
                org.mockito.ArgumentMatchers.any());
    }
}
