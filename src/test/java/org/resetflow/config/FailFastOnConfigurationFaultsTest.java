package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import java.util.Date;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.DirectoryException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

@SpringBootTest(properties = {
        "camunda.bpm.job-execution.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:failfast;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
        "spring.mail.host=127.0.0.1",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2"})
class FailFastOnConfigurationFaultsTest {

    @MockitoBean
    Directory directory;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    ManagementService managementService;

    @Test
    void shouldRaiseAnIncidentAtOnceWhenTheDirectoryRefusesOurCredentials() {
        // Given the directory refuses ResetFlow's credentials
        when(directory.findByUserName(anyString())).thenThrow(new DirectoryConfigurationException(
                "Directory dir.example refused ResetFlow's credentials for look up an account: HTTP 401; "
                        + "check resetflow.scim.auth.*", 401));
        ProcessInstance reset = start("alice");

        // When the lookup job runs once
        Job job = lookUpJob(reset);
        assertThatThrownBy(() -> managementService.executeJob(job.getId()))
                .isInstanceOf(DirectoryConfigurationException.class);

        // Then no retries are left, and the incident says what is wrong and where
        assertThat(lookUpJob(reset).getRetries()).isZero();
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(reset.getId()).singleResult();
        assertThat(incident.getIncidentMessage()).contains("dir.example", "HTTP 401");
    }

    @Test
    void shouldKeepTheModelsRetriesForAnOutage() {
        // Given the directory is down
        when(directory.findByUserName("bob")).thenThrow(
                new DirectoryException("Directory dir.example failed to look up an account: HTTP 503", 503));
        ProcessInstance reset = start("bob");

        // When the lookup job runs once
        assertThatThrownBy(() -> managementService.executeJob(lookUpJob(reset).getId()))
                .isInstanceOf(DirectoryException.class);

        // Then the model's retry cycle (three growing pauses: PT30S,PT2M,PT10M) goes on, without an incident yet
        assertThat(lookUpJob(reset).getRetries()).isEqualTo(3);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(reset.getId()).count()).isZero();
    }

    private ProcessInstance start(String identifier) {
        resetRequests.request(identifier, "192.0.2.1");
        String id = resetStarter.startQueued().get(0);
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private Job lookUpJob(ProcessInstance reset) {
        return managementService.createJobQuery().processInstanceId(reset.getId()).singleResult();
    }
}
