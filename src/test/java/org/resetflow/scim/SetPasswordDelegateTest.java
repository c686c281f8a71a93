package org.resetflow.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.resetflow.PasswordResetProcess;
import org.resetflow.token.ResetTokens;

class SetPasswordDelegateTest {

    private final Directory directory = mock(Directory.class);
    private final ResetTokens resetTokens = mock(ResetTokens.class);
    private final DelegateExecution execution = mock(DelegateExecution.class);
    private final SetPasswordDelegate delegate = new SetPasswordDelegate(directory, resetTokens);

    @Test
    void shouldEndTheResetAsAccountGoneWhenTheDirectoryAnswers404() {
        // Given the account vanished after the lookup
        when(execution.getVariable(PasswordResetProcess.VAR_ACCOUNT_ID)).thenReturn("id-alice");
        when(execution.getVariable(PasswordResetProcess.VAR_NEW_PASSWORD)).thenReturn("Velvet-Harbor-Quietly-92");
        doThrow(new AccountGoneException("Account is no longer in directory dir.example"))
                .when(directory).setPassword("id-alice", "Velvet-Harbor-Quietly-92");

        // When the password is set, then the model's Error_AccountGone is thrown, and no link is marked used
        assertThatThrownBy(() -> delegate.execute(execution))
                .isInstanceOf(BpmnError.class)
                .satisfies(e -> assertThat(((BpmnError) e).getErrorCode())
                        .isEqualTo(PasswordResetProcess.ERROR_ACCOUNT_GONE))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Velvet-Harbor-Quietly-92"));
        verify(resetTokens, never()).consume(anyString());
    }
}
