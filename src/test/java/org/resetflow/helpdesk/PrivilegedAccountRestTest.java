package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.PasswordResetProcess;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A privileged account (a member of {@code resetflow.helpdesk.privileged-group}, here {@code root} in {@code admins})
 * against every helpdesk action, as the demo users call the engine's REST API, in demo mode with the Ping dialect (so
 * "generated password" is offered too). What counts is what the demo directory holds afterwards, not what the
 * engine says: disable, re-enable and revoke of such an account are the admins' alone; a generated password waits for
 * the helpdesk's approval before the directory is asked; and an activation link goes only to the account its own
 * activation created.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + PrivilegedAccountRestTest.PUBLIC_BASE,
        "resetflow.scim.dialect=ping"})
class PrivilegedAccountRestTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    /** root's password in the demo directory: a fixture, never a real one. */
    private static final String ROOT_PASSWORD = "Root-Fixture-Granite-47";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    DemoDirectory demoDirectory;
    @Autowired
    Directory directory;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String rootId;

    @BeforeEach
    void setUp() throws Exception {
        EngineRest.useEngineOf(processEngine);
        EngineJobs.awaitIdle(managementService, resetStarter);
        runtimeService.createProcessInstanceQuery().rootProcessInstances().list()
                .forEach(p -> runtimeService.deleteProcessInstance(p.getId(), "next scenario", true, true));
        demoDirectory.reset();
        mailbox.purge();
        // root: an administrator's account, in the directory group admins, with a password of its own
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + DemoDirectory.SCIM_BASE_PATH + "/Users"))
                .header("Content-Type", "application/scim+json").header("Accept", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "root",
                         "displayName": "Root Admin", "active": true, "password": "%s",
                         "emails": [{"value": "root@example.org", "type": "work", "primary": true}],
                         "groups": [{"value": "admins", "display": "admins"}]}""".formatted(ROOT_PASSWORD)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        rootId = demoDirectory.idOf("root").orElseThrow();
        assertThat(directory.readAccount(rootId).groups()).containsExactly("admins");
    }

    @Test
    void shouldRefuseTheHelpdeskToDisableAPrivilegedAccountButDisableTheOthersOfTheSameRequest() throws Exception {
        // When the helpdesk disables root and alice in one request
        String disable = startHelpdeskReset("demohelpdesk", "disable", "root\nalice");

        // Then the directory still lets root log in, alice is disabled, and the summary says why root is not
        assertThat(summaryOf(disable)).isEqualTo(
                "root: refused (privileged account: only an admin may disable, re-enable or revoke it; state unchanged)\n"
                        + "alice: done (disabled: no login, no reset link)");
        assertThat(directory.readAccount(rootId).active()).isTrue();
        assertThat(directory.readAccount(demoDirectory.idOf("alice").orElseThrow()).active()).isFalse();
    }

    @Test
    void shouldRefuseTheHelpdeskToRevokeAPrivilegedAccountButRevokeAndResetTheOthersOfTheSameRequest()
            throws Exception {
        Instant rootPasswordSetAt = demoDirectory.passwordChangedAt(rootId).orElseThrow();

        // When the helpdesk revokes and resets root and bob
        String revoke = startHelpdeskReset("demohelpdesk", "revoke-and-reset", "root\nbob");

        // Then root keeps its password and gets no link; bob's was replaced and he got his link
        assertThat(summaryOf(revoke)).isEqualTo(
                "root: refused (privileged account: only an admin may disable, re-enable or revoke it; "
                        + "password unchanged, no link sent)\nbob: password revoked; link sent");
        assertThat(runtimeService.getVariable(revoke, HelpdeskResetProcess.VAR_REVOKED_ACCOUNTS)).isEqualTo("bob");
        assertThat(demoDirectory.passwordMatches(rootId, ROOT_PASSWORD)).isTrue();
        assertThat(demoDirectory.passwordChangedAt(rootId)).contains(rootPasswordSetAt);
        assertThat(demoDirectory.passwordChangedAt(demoDirectory.idOf("bob").orElseThrow())).isPresent();
        assertThat(recipients()).containsExactly("bob@example.org");
    }

    @Test
    void shouldLetAnAdminDisableAndRevokeAPrivilegedAccount() throws Exception {
        // When an admin disables root
        String disable = startHelpdeskReset("demoadmin", "disable", "root");

        // Then the directory has it disabled
        assertThat(summaryOf(disable)).isEqualTo("root: done (disabled: no login, no reset link)");
        assertThat(directory.readAccount(rootId).active()).isFalse();

        // When the admin re-enables it, and then revokes and resets its password
        assertThat(summaryOf(startHelpdeskReset("demoadmin", "enable", "root"))).isEqualTo("root: done (re-enabled)");
        assertThat(directory.readAccount(rootId).active()).isTrue();
        String revoke = startHelpdeskReset("demoadmin", "revoke-and-reset", "root");

        // Then root's password is no longer the old one, and its link waits for the helpdesk's approval like every
        // reset of a privileged account
        assertThat(demoDirectory.passwordMatches(rootId, ROOT_PASSWORD)).isFalse();
        ProcessInstance rootsReset = runtimeService.createProcessInstanceQuery().superProcessInstanceId(revoke)
                .singleResult();
        assertThat(runtimeService.getActiveActivityIds(rootsReset.getId()))
                .containsExactly(PasswordResetProcess.TASK_APPROVE_RESET);
        assertThat(recipients()).isEmpty();
    }

    @Test
    void shouldMakeAGeneratedPasswordForAPrivilegedAccountWaitForApprovalBeforeTheDirectoryIsAsked() throws Exception {
        int writesBefore = demoDirectory.passwordWrites();
        Instant rootPasswordSetAt = demoDirectory.passwordChangedAt(rootId).orElseThrow();

        // When the helpdesk asks for a generated password for root
        String request = rest("demohelpdesk", "POST", "/process-definition/key/helpdesk-reset/start", """
                {"variables": {"operation": {"value": "generated-password", "type": "String"},
                               "accountNames": {"value": "root", "type": "String"}}}""").path("id").asText();
        EngineJobs.awaitIdle(managementService, resetStarter);

        // Then root's reset waits at "Approve reset", no mail went out, and the directory generated nothing
        ProcessInstance rootsReset = runtimeService.createProcessInstanceQuery().superProcessInstanceId(request)
                .singleResult();
        assertThat(runtimeService.getActiveActivityIds(rootsReset.getId()))
                .containsExactly(PasswordResetProcess.TASK_APPROVE_RESET);
        assertThat(runtimeService.getVariable(rootsReset.getId(), PasswordResetProcess.VAR_APPROVAL_NEEDED))
                .isEqualTo(true);
        assertThat(recipients()).isEmpty();
        assertThat(demoDirectory.passwordWrites()).isEqualTo(writesBefore);
        assertThat(demoDirectory.passwordChangedAt(rootId)).contains(rootPasswordSetAt);
        assertThat(demoDirectory.passwordMatches(rootId, ROOT_PASSWORD)).isTrue();
    }

    @Test
    void shouldSendNoActivationLinkToAnExistingAccountAndRefuseAForgedCreatedAccountId() throws Exception {
        // When the helpdesk "creates" bob, who exists, passing root's id as the created account
        DemoUsersRest.Answer forged = new DemoUsersRest(port).call("demohelpdesk", "POST",
                "/process-definition/key/account-activation/start", """
                {"variables": {"accountName": {"value": "bob", "type": "String"},
                               "newAccountEmail": {"value": "mallory@example.net", "type": "String"},
                               "createdAccountId": {"value": "%s", "type": "String"}}}""".formatted(rootId));

        // Then the start is refused (the guard on what ResetFlow sets: RefuseEngineUserPolicyWrites), nothing starts
        assertThat(forged.status()).as(forged.body()).isEqualTo(403);
        assertThat(forged.body()).contains("'createdAccountId'");
        assertThat(runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(AccountActivationProcess.PROCESS_KEY).count()).isZero();

        // When it "creates" bob with the start form alone
        String activation = rest("demohelpdesk", "POST", "/process-definition/key/account-activation/start", """
                {"variables": {"accountName": {"value": "bob", "type": "String"},
                               "newAccountEmail": {"value": "mallory@example.net", "type": "String"}}}""")
                .path("id").asText();
        EngineJobs.awaitIdle(managementService, resetStarter);

        // Then the directory's 409 ends it: no link for anyone, and no account id in the activation
        assertThat(runtimeService.getActiveActivityIds(activation))
                .containsExactly(AccountActivationProcess.TASK_REVIEW_ACTIVATION);
        assertThat(summaryText(activation))
                .isEqualTo("bob: refused (the directory answered 409: the user name is taken; no account created)");
        assertThat(runtimeService.getVariable(activation, AccountActivationProcess.VAR_CREATED_ACCOUNT_ID)).isNull();
        assertThat(recipients()).isEmpty();
    }

    @Test
    void shouldSendTheActivationLinkOnlyToTheAccountTheActivationCreated() throws Exception {
        // When an admin starts an activation at "Send activation link" for root, past "Create account" and "Read
        // created account" (a start at that step, which only an admin may make)
        long activationsBefore = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(AccountActivationProcess.PROCESS_KEY).count();
        HttpResponse<String> skipped = call("demoadmin", "POST", "/process-definition/key/account-activation/start", """
                {"variables": {"accountName": {"value": "root", "type": "String"}},
                 "startInstructions": [{"type": "startBeforeActivity", "activityId": "Task_SendActivationLink"}]}""");
        EngineJobs.awaitIdle(managementService, resetStarter);

        // Then the start is refused and nothing of it remains: the called reset would have no account (the activation
        // created none), and a reset is given its account by the step that resolves it, never by a start; root gets
        // no link
        assertThat(skipped.statusCode()).as(skipped.body()).isEqualTo(403);
        assertThat(runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(AccountActivationProcess.PROCESS_KEY).count()).isEqualTo(activationsBefore);
        assertThat(recipients()).isEmpty();

        // When the helpdesk creates frank
        String activation = rest("demohelpdesk", "POST", "/process-definition/key/account-activation/start", """
                {"variables": {"accountName": {"value": "frank", "type": "String"},
                               "newAccountEmail": {"value": "frank@example.org", "type": "String"}}}""")
                .path("id").asText();
        EngineJobs.awaitIdle(managementService, resetStarter);

        // Then frank's link goes to the account the activation created, by its id
        String frankId = demoDirectory.idOf("frank").orElseThrow();
        assertThat(runtimeService.getVariable(activation, AccountActivationProcess.VAR_CREATED_ACCOUNT_ID))
                .isEqualTo(frankId);
        ProcessInstance franksReset = runtimeService.createProcessInstanceQuery().superProcessInstanceId(activation)
                .singleResult();
        assertThat(runtimeService.getVariable(franksReset.getId(), PasswordResetProcess.VAR_ACCOUNT_ID))
                .isEqualTo(frankId);
        assertThat(runtimeService.getActiveActivityIds(franksReset.getId()))
                .containsExactly(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD);
        assertThat(recipients()).containsExactly("frank@example.org");
    }

    @Test
    void shouldRefuseAnActivationEnteredPastTheReadOfItsCreatedAccount() {
        // When an activation is started at "Send activation link" with root's id, past "Create account" and "Read
        // created account" (through the engine's API, as only an admin's start instruction could)
        long activationsBefore = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(AccountActivationProcess.PROCESS_KEY).count();
        assertThatThrownBy(() -> runtimeService.createProcessInstanceByKey(AccountActivationProcess.PROCESS_KEY)
                .startBeforeActivity("Task_SendActivationLink")
                .setVariable(AccountActivationProcess.VAR_ACCOUNT_NAME, "root")
                .setVariable(AccountActivationProcess.VAR_CREATED_ACCOUNT_ID, rootId)
                .execute())
                .hasMessageContaining("called without an account");
        EngineJobs.awaitIdle(managementService, resetStarter);

        // Then the called reset refused to start without the account its caller resolves: nothing was started, no
        // job fails, and no mail went out
        assertThat(runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(AccountActivationProcess.PROCESS_KEY).count()).isEqualTo(activationsBefore);
        assertThat(runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).count()).isZero();
        assertThat(recipients()).isEmpty();
    }

    /** Starts helpdesk-reset as Tasklist's start form does, as this demo user, and waits for its summary task. */
    private String startHelpdeskReset(String user, String operation, String names) throws Exception {
        String id = rest(user, "POST", "/process-definition/key/" + HelpdeskResetProcess.PROCESS_KEY + "/start", """
                {"variables": {"operation": {"value": "%s", "type": "String"},
                               "accountNames": {"value": "%s", "type": "String"}}}"""
                .formatted(operation, names.replace("\n", "\\n"))).path("id").asText();
        assertThat(id).isNotEmpty();
        EngineJobs.awaitIdle(managementService, resetStarter);
        return id;
    }

    /** The summary of a helpdesk request whose called resets, if any, still wait (a link, or an approval). */
    private String summaryOf(String request) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runtimeService.getActiveActivityIds(request)
                .stream().anyMatch(a -> a.equals(HelpdeskResetProcess.TASK_REVIEW_SUMMARY)
                        || a.equals("Task_SendResetLink")));
        return Optional.ofNullable(summaryText(request)).orElse("");
    }

    private String summaryText(String processInstanceId) {
        return (String) runtimeService.getVariable(processInstanceId, HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY);
    }

    private List<String> recipients() {
        return mailbox.messages().stream().map(PrivilegedAccountRestTest::recipient).toList();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** One call to the engine's REST API as a demo engine user (password: the user name); must succeed. */
    private JsonNode rest(String user, String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(user, method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + " as " + user + ": " + response.body())
                .isLessThan(400);
        return json.readTree(response.body());
    }

    /** The same call, whatever it answers. */
    private HttpResponse<String> call(String user, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
