package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Demo mode has one engine user per group: a password from the environment where one is set, else a generated one,
 * printed once at startup.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false",
        "resetflow.demo.owner-password=" + DemoEngineUsersTest.OWNER_PASSWORD})
class DemoEngineUsersTest {

    static final String OWNER_PASSWORD = "Owner-Chose-This-0815";

    @Autowired
    IdentityService identityService;

    @Test
    void shouldCreateOneDemoUserPerGroupWithConfiguredOrGeneratedPasswords(CapturedOutput output) {
        // The configured password is used and never printed
        assertThat(identityService.checkPassword("demoowner", OWNER_PASSWORD)).isTrue();
        assertThat(output.getAll()).doesNotContain(OWNER_PASSWORD).doesNotContain("demoowner /");

        // The others got generated passwords, printed once, that work
        String helpdesk = printedPassword(output, "demohelpdesk");
        String admin = printedPassword(output, "demoadmin");
        assertThat(helpdesk).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(admin);
        assertThat(identityService.checkPassword("demohelpdesk", helpdesk)).isTrue();
        assertThat(identityService.checkPassword("demoadmin", admin)).isTrue();
        assertThat(identityService.checkPassword("demohelpdesk", "demo")).isFalse();

        // Each in its own group only
        assertThat(identityService.createGroupQuery().groupMember("demohelpdesk").list())
                .extracting(g -> g.getId()).containsExactly("helpdesk");
        assertThat(identityService.createGroupQuery().groupMember("demoowner").list())
                .extracting(g -> g.getId()).containsExactly("process-owners");
        assertThat(identityService.createGroupQuery().groupMember("demoadmin").list())
                .extracting(g -> g.getId()).containsExactly("admins");
    }

    private static String printedPassword(CapturedOutput output, String user) {
        Matcher matcher = Pattern.compile(Pattern.quote(user) + " / (\\S+)").matcher(output.getAll());
        assertThat(matcher.find()).as("password of " + user + " printed").isTrue();
        String password = matcher.group(1);
        assertThat(matcher.find()).as("printed once").isFalse();
        return password;
    }
}
