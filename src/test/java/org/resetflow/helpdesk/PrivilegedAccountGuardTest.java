package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.Test;
import org.resetflow.directory.DirectoryAccount;

/** Who may disable, re-enable or revoke a privileged account, decided without an engine. */
class PrivilegedAccountGuardTest {

    private static final DirectoryAccount ROOT =
            new DirectoryAccount("id-root", "root", "root@example.org", "Root", true, List.of("staff", "admins"));
    private static final DirectoryAccount ALICE =
            new DirectoryAccount("id-alice", "alice", "alice@example.org", "Alice", true, List.of("staff"));

    private final HistoryService historyService = mock(HistoryService.class, RETURNS_DEEP_STUBS);
    private final IdentityService identityService = mock(IdentityService.class, RETURNS_DEEP_STUBS);
    private final PrivilegedAccountGuard guard = new PrivilegedAccountGuard(new HelpdeskProperties(
            new HelpdeskProperties.Groups("helpdesk", "process-owners", "admins"), "admins", Duration.ofHours(24)),
            historyService, identityService);

    @Test
    void shouldLetOnlyAnAdminChangeAMemberOfThePrivilegedGroup() {
        PrivilegedAccountGuard.Starter helpdesk = new PrivilegedAccountGuard.Starter("helen", Set.of("helpdesk"));

        assertThat(guard.mayChange(ROOT, helpdesk)).isFalse();
        assertThat(guard.mayChange(ALICE, helpdesk)).isTrue();
        assertThat(guard.mayChange(ROOT, new PrivilegedAccountGuard.Starter("adam", Set.of("helpdesk", "admins"))))
                .isTrue();
        assertThat(guard.mayChange(ROOT, new PrivilegedAccountGuard.Starter("init", Set.of("camunda-admin"))))
                .isTrue();
    }

    @Test
    void shouldTreatARequestWithoutARecordedStarterAsNotAnAdmin() {
        // Given no history of the request, and then a history with no start user (started by no signed-in user)
        when(historyService.createHistoricProcessInstanceQuery().processInstanceId("gone").singleResult())
                .thenReturn(null);
        HistoricProcessInstance anonymous = mock(HistoricProcessInstance.class);
        when(historyService.createHistoricProcessInstanceQuery().processInstanceId("anonymous").singleResult())
                .thenReturn(anonymous);

        // Then neither may change a privileged account
        assertThat(guard.mayChange(ROOT, guard.starterOf("gone"))).isFalse();
        assertThat(guard.mayChange(ROOT, guard.starterOf("anonymous"))).isFalse();
        assertThat(guard.mayChange(ALICE, guard.starterOf("anonymous"))).isTrue();
    }

    @Test
    void shouldGoByTheStartersGroupsWhenTheStepRunsNotWhenTheRequestStarted() {
        // Given adam started the request, and has since been removed from the admins
        HistoricProcessInstance started = mock(HistoricProcessInstance.class);
        when(started.getStartUserId()).thenReturn("adam");
        when(historyService.createHistoricProcessInstanceQuery().processInstanceId("request").singleResult())
                .thenReturn(started);
        Group helpdesk = mock(Group.class);
        when(helpdesk.getId()).thenReturn("helpdesk");
        when(identityService.createGroupQuery().groupMember("adam").list()).thenReturn(List.of(helpdesk));

        // Then his request may not change root
        PrivilegedAccountGuard.Starter starter = guard.starterOf("request");
        assertThat(starter.userId()).isEqualTo("adam");
        assertThat(guard.mayChange(ROOT, starter)).isFalse();
    }
}
