package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.ResetFlowApplication;
import org.resetflow.directory.Directory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole application as {@code java -jar} would and checks which directory it talks to: LDAP when
 * {@code resetflow.ldap.url} is set, and a refusal, in one line, when both it and {@code resetflow.scim.base-url}
 * are.
 */
@ExtendWith(OutputCaptureExtension.class)
class DirectoryChoiceStartupTest {

    private static final String SCIM = "--resetflow.scim.base-url=https://directory.example.org/scim/v2";
    private static final String MAIL_SERVER = "--spring.mail.host=127.0.0.1";
    private static final AtomicInteger STARTS = new AtomicInteger();

    @Test
    void shouldRefuseBothAScimAndAnLdapDirectory(CapturedOutput output) {
        // Given both kinds of directory configured
        // When the application starts
        Throwable failure = catchThrowable(() -> start(SCIM, "--resetflow.ldap.url=ldaps://ldap.example.org",
                MAIL_SERVER).close());

        // Then it refuses, naming both settings, in one line and without a stack trace
        assertRefused(failure, output, "ResetFlow refuses to start: resetflow.scim.base-url and resetflow.ldap.url "
                + "are both set. ResetFlow resets passwords in one directory: unset one of them.");
    }

    @Test
    void shouldRefuseAnLdapDirectoryWithoutAMailServer(CapturedOutput output) {
        // Given an LDAP directory but no mail server: not demo mode, and not a whole production setup either
        // When the application starts
        Throwable failure = catchThrowable(() -> start("--resetflow.ldap.url=ldaps://ldap.example.org").close());

        // Then it refuses, naming the LDAP setting
        assertRefused(failure, output, "ResetFlow refuses to start: resetflow.ldap.url is set but spring.mail.host "
                + "is not.");
    }

    @Test
    void shouldTalkToTheLdapDirectoryWhenItsUrlIsSet() throws Exception {
        try (InMemoryLdap ldap = new InMemoryLdap(null, "alice")) {
            // Given an LDAP directory and a mail server
            // When the application starts
            try (ConfigurableApplicationContext context = start(
                    "--resetflow.ldap.url=ldap://127.0.0.1:" + ldap.server.getListenPort(),
                    "--resetflow.ldap.allow-plain=true", "--resetflow.ldap.base-dn=" + InMemoryLdap.PEOPLE,
                    "--resetflow.ldap.bind-dn=" + InMemoryLdap.SERVICE_DN,
                    "--resetflow.ldap.bind-password=" + InMemoryLdap.SERVICE_PASSWORD, MAIL_SERVER,
                    "--spring.mail.port=9")) {

                // Then its one directory is the LDAP server's, and finds its accounts
                Directory directory = context.getBean(Directory.class);
                assertThat(directory).isInstanceOf(OpenLdapDirectory.class);
                assertThat(directory.findByUserName("alice")).singleElement()
                        .extracting(account -> account.id()).isEqualTo("uid=alice," + InMemoryLdap.PEOPLE);
            }
        }
    }

    private static ConfigurableApplicationContext start(String... settings) {
        int start = STARTS.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=directory-choice-" + start,
                "--spring.datasource.url=jdbc:h2:mem:directory-choice-" + start + ";DB_CLOSE_DELAY=-1"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(ResetFlowApplication.class).run(args.toArray(String[]::new));
    }

    private static void assertRefused(Throwable failure, CapturedOutput output, String line) {
        assertThat(failure).as("startup failure").isNotNull().hasMessageContaining(line);
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START").contains(line)
                .doesNotContain("\tat org.resetflow");
    }
}
