package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The policy's "recent requests" input does not depend on the engine's history: a process owner who shortens the
 * history's time to live (data minimisation), or an admin who deletes ended resets in Cockpit, must not silently turn
 * off the rule for repeated requests.
 */
@SpringBootTest(properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST,
        "resetflow.public-base-url=https://reset.example.org"})
class RecentResetsTest {

    private static final DirectoryAccount ALICE =
            new DirectoryAccount("id-alice", "alice", "alice@example.org", "Alice Adams", true);

    @SuppressWarnings("unused")
    private static final com.icegreen.greenmail.util.GreenMail smtp = TestSmtp.server();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;

    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;

    @Test
    void shouldApplyTheRepeatedRequestsRuleAfterTheHistoryOfEarlierResetsWasCleanedUp() {
        // Given alice asked three times already (each new link ended the reset before it) ...
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        for (int i = 0; i < 3; i++) {
            resetRequests.request("alice", "192.0.2.1");
            EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        }
        // ... and the history of the ended ones is gone (the resets', not their batches' intakes)
        List<String> ended = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(org.resetflow.PasswordResetProcess.PROCESS_KEY).finished().list().stream()
                .map(org.camunda.bpm.engine.history.HistoricProcessInstance::getId).toList();
        assertThat(ended).hasSize(2);
        historyService.deleteHistoricProcessInstances(ended);

        // When she asks a fourth time
        resetRequests.request("alice", "192.0.2.1");
        String fourth = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);

        // Then the policy saw her three earlier resets: the "repeated" rule's fewer attempts and its own mail
        assertThat(runtimeService.getVariables(fourth))
                .containsEntry("maxAttempts", 3)
                .containsEntry("notification", "reset-link-repeated");
    }
}
