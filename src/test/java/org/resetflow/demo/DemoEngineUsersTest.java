package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Demo mode has one engine user per group: a password from the environment where one is set, else the documented
 * demo default (the user name, like Camunda's demo/demo); no password is ever written to the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false",
        "resetflow.demo.owner-password=" + DemoEngineUsersTest.OWNER_PASSWORD})
class DemoEngineUsersTest {

    static final String OWNER_PASSWORD = "Owner-Chose-This-0815";

    @Autowired
    IdentityService identityService;

    @Test
    void shouldCreateOneDemoUserPerGroupAndWriteNoPasswordToTheLog(CapturedOutput output) {
        // The configured password is used
        assertThat(identityService.checkPassword("demoowner", OWNER_PASSWORD)).isTrue();
        // The others have the documented demo default, their user name
        assertThat(identityService.checkPassword("demohelpdesk", "demohelpdesk")).isTrue();
        assertThat(identityService.checkPassword("demoadmin", "demoadmin")).isTrue();
        assertThat(identityService.checkPassword("demohelpdesk", "demo")).isFalse();

        // No password in the log, not even a demo one: the names are listed, the passwords are not
        assertThat(output.getAll()).contains("demohelpdesk, demoowner, demoadmin")
                .doesNotContain(OWNER_PASSWORD)
                .doesNotContainPattern("demo(helpdesk|owner|admin) / \\S+");

        // Each in its own group only
        assertThat(identityService.createGroupQuery().groupMember("demohelpdesk").list())
                .extracting(g -> g.getId()).containsExactly("helpdesk");
        assertThat(identityService.createGroupQuery().groupMember("demoowner").list())
                .extracting(g -> g.getId()).containsExactly("process-owners");
        assertThat(identityService.createGroupQuery().groupMember("demoadmin").list())
                .extracting(g -> g.getId()).containsExactly("admins");
    }
}
