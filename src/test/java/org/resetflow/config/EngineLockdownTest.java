package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Outside demo mode the engine has no default user and checks authorizations. */
@SpringBootTest(properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=https://directory.example.org/scim/v2",
        "spring.mail.host=127.0.0.1"})
class EngineLockdownTest {

    @Autowired
    IdentityService identityService;
    @Autowired
    ProcessEngine processEngine;

    @Test
    void shouldHaveNoDemoUserAndAuthorizationChecksOutsideDemoMode() {
        assertThat(identityService.createUserQuery().count()).isZero();
        assertThat(processEngine.getProcessEngineConfiguration().isAuthorizationEnabled()).isTrue();
    }

    @Test
    void shouldCreateTheEngineGroupsWithoutMembersOutsideDemoMode() {
        assertThat(identityService.createGroupQuery().list()).extracting(g -> g.getId())
                .contains("helpdesk", "process-owners", "admins");
        assertThat(identityService.createUserQuery().memberOfGroup("admins").count()).isZero();
    }
}
