package org.resetflow.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.resetflow.PasswordResetProcess;
import java.util.Optional;
import org.resetflow.password.PasswordHandover;
import org.resetflow.password.PasswordWrites;
import org.resetflow.token.ResetTokens;

class SetPasswordDelegateTest {

    private final Directory directory = mock(Directory.class);
    private final ResetTokens resetTokens = mock(ResetTokens.class);
    private final DelegateExecution execution = mock(DelegateExecution.class);
    private final PasswordHandover handover = new PasswordHandover();
    private final PasswordWrites writes = mock(PasswordWrites.class);
    private final SetPasswordDelegate delegate =
            new SetPasswordDelegate(new PasswordChanges(directory, resetTokens, writes), handover);

    @org.junit.jupiter.api.BeforeEach
    void noEarlierWrite() {
        when(writes.outcome(anyString())).thenReturn(Optional.empty());
    }

    @Test
    void shouldEndTheResetAsAccountGoneWhenTheDirectoryAnswers404() {
        // Given the account vanished after the lookup
        when(execution.getVariable(PasswordResetProcess.VAR_ACCOUNT_ID)).thenReturn("id-alice");
        when(execution.getProcessInstanceId()).thenReturn("reset-1");
        doThrow(new AccountGoneException("Account is no longer in directory dir.example"))
                .when(directory).setPassword("id-alice", "Velvet-Harbor-Quietly-92");

        // When the password is set, then the model's Error_AccountGone is thrown, and no link is marked used
        assertThatThrownBy(() -> handover.during(
                new PasswordHandover.Submitted("reset-1", "Velvet-Harbor-Quietly-92", "Velvet-Harbor-Quietly-92"),
                () -> {
                    delegate.execute(execution);
                    return null;
                }))
                .isInstanceOf(BpmnError.class)
                .satisfies(e -> assertThat(((BpmnError) e).getErrorCode())
                        .isEqualTo(PasswordResetProcess.ERROR_ACCOUNT_GONE))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Velvet-Harbor-Quietly-92"));
        verify(resetTokens, never()).consume(anyString());
    }

    @Test
    void shouldRefuseToRunWithoutThePublicPagesHandOver() {
        // Given a call that did not come from the password page (an admin's REST call, a modification)
        when(execution.getVariable(PasswordResetProcess.VAR_ACCOUNT_ID)).thenReturn("id-alice");
        when(execution.getProcessInstanceId()).thenReturn("reset-1");

        // When "Set password" runs, then it refuses before the directory is called
        assertThatThrownBy(() -> delegate.execute(execution)).isInstanceOf(AuthorizationException.class);
        verify(directory, never()).setPassword(anyString(), anyString());
    }

    @Test
    void shouldRefuseAHandOverMadeForAnotherReset() {
        // Given the page handed over a password for another reset than the one running
        when(execution.getProcessInstanceId()).thenReturn("reset-1");

        // When "Set password" runs, then it refuses
        assertThatThrownBy(() -> handover.during(new PasswordHandover.Submitted("reset-2", "x", "x"), () -> {
            delegate.execute(execution);
            return null;
        })).isInstanceOf(AuthorizationException.class);
        verify(directory, never()).setPassword(anyString(), anyString());
    }
}
