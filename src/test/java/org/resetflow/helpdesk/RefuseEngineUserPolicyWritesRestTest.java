package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.TestSmtp;
import org.resetflow.helpdesk.DemoUsersRest.Answer;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The guard on the variables that steer a reset, over the REST API as Tasklist and a curious helpdesk member call
 * it: a change or a delete of a guarded variable is refused (403, nothing changed), on every path the helpdesk has to
 * a privileged account's "Approve reset" task; the form's own fields sent back unchanged go through, so the approval
 * completes both ways; ResetFlow's own steps after it are not affected.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST})
class RefuseEngineUserPolicyWritesRestTest {

    private static final String GUARD = "set by ResetFlow only";

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    IdentityService identityService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TaskService taskService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    private final ObjectMapper json = new ObjectMapper();
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private DemoUsersRest rest;

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        rest = new DemoUsersRest(port, password);
        TestSmtp.purge();
        rest.member(identityService, "helen", "helpdesk");
        rest.member(identityService, "adam", "admins");
    }

    @Test
    void shouldRefuseTheHelpdeskChangingOrDeletingWhatSteersAPrivilegedReset() throws Exception {
        // Given bob's reset waits for the helpdesk's approval, after the policy and the password checks were decided
        String reset = resetAwaitingApproval("bob");
        String task = approvalTask(reset);
        Map<String, Object> before = runtimeService.getVariables(reset);
        assertThat(before).containsEntry("checkBreachedPasswords", true).containsEntry("maxAttempts", 5)
                .containsEntry("accountEmail", "bob@example.org").containsKeys("tokenLifetime", "notification");

        // When helen switches the breach check off, or deletes the attempts, through the task she may work on
        Answer breachCheckOff = rest.call("helen", "PUT", "/task/" + task + "/variables/checkBreachedPasswords",
                "{\"value\":false,\"type\":\"Boolean\"}");
        Answer attemptsDeleted = rest.call("helen", "DELETE", "/task/" + task + "/variables/maxAttempts", null);

        // Then both are refused, and nothing changed
        assertRefused(breachCheckOff, "checkBreachedPasswords");
        assertRefused(attemptsDeleted, "maxAttempts");
        assertThat(runtimeService.getVariable(reset, "checkBreachedPasswords")).isEqualTo(true);
        assertThat(runtimeService.getVariable(reset, "maxAttempts")).isEqualTo(5);

        // And so is every other way to the same variables: several at once, a local shadow on the task, a completion
        assertRefused(rest.call("helen", "POST", "/task/" + task + "/variables",
                "{\"modifications\":{\"tokenLifetime\":{\"value\":\"P30D\",\"type\":\"String\"}}}"), "tokenLifetime");
        assertRefused(rest.call("helen", "POST", "/task/" + task + "/variables", "{\"deletions\":[\"approvalNeeded\"]}"),
                "approvalNeeded");
        assertRefused(rest.call("helen", "PUT", "/task/" + task + "/localVariables/accountEmail",
                "{\"value\":\"mallory@example.net\",\"type\":\"String\"}"), "accountEmail");
        assertRefused(rest.call("helen", "DELETE", "/task/" + task + "/variables/notification", null), "notification");
        assertRefused(rest.call("helen", "POST", "/task/" + task + "/complete",
                "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
                        + "\"accountEmail\":{\"value\":\"mallory@example.net\"}}}"), "accountEmail");
        assertRefused(rest.call("helen", "POST", "/task/" + task + "/submit-form",
                "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
                        + "\"checkBreachedPasswords\":{\"value\":false}}}"), "checkBreachedPasswords");
        // Admins too: Cockpit's variable editor and the process instance's own endpoints
        assertRefused(rest.call("adam", "PUT", "/process-instance/" + reset + "/variables/tokenLifetime",
                "{\"value\":\"P30D\",\"type\":\"String\"}"), "tokenLifetime");
        assertRefused(rest.call("adam", "DELETE", "/process-instance/" + reset + "/variables/accountGroups", null),
                "accountGroups");
        assertRefused(rest.call("adam", "DELETE", "/process-instance/" + reset + "/variables/accountId", null),
                "accountId");
        assertRefused(rest.call("adam", "PUT", "/execution/" + reset + "/localVariables/checkBreachedPasswords",
                "{\"value\":false,\"type\":\"Boolean\"}"), "checkBreachedPasswords");

        assertThat(approvalTask(reset)).isEqualTo(task);
        assertThat(runtimeService.getVariables(reset)).isEqualTo(before);
        assertThat(taskService.getVariablesLocal(task)).doesNotContainKey("accountEmail");
    }

    @Test
    void shouldApproveWithEveryFieldOfTheFormSentBackUnchangedAndMailTheLink() throws Exception {
        // Given carl's reset waits for the helpdesk's approval
        String reset = resetAwaitingApproval("carl");
        String task = approvalTask(reset);

        // When helen sends every field of the form back as she got it, read-only ones included, and approves
        ObjectNode variables = everyFormFieldAsReceived(task);
        variables.putObject("approvalDecision").put("value", "approve");
        Answer approved = rest.call("helen", "POST", "/task/" + task + "/submit-form",
                "{\"variables\":" + variables + "}");

        // Then the approval completes, and ResetFlow's own steps after it mail carl the link
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        assertThat(runtimeService.getActiveActivityIds(reset)).containsExactly("Task_WaitForNewPassword");
        MimeMessage[] mails = TestSmtp.awaitMessages(1);
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getAllRecipients()).extracting(Object::toString).containsExactly("carl@example.org");
        assertThat(mails[0].getSubject()).isEqualTo("Reset your password");
        assertThat(TestSmtp.text(mails[0])).contains("/reset/");
    }

    @Test
    void shouldRejectWithEveryFieldOfTheFormSentBackUnchangedAndMailNothing() throws Exception {
        // Given dora's reset waits for the helpdesk's approval
        String reset = resetAwaitingApproval("dora");
        String task = approvalTask(reset);

        // When helen sends every field back as she got it and rejects with a reason
        ObjectNode variables = everyFormFieldAsReceived(task);
        variables.putObject("approvalDecision").put("value", "reject");
        variables.putObject("approvalComment").put("value", "Could not reach the owner");
        Answer rejected = rest.call("helen", "POST", "/task/" + task + "/submit-form",
                "{\"variables\":" + variables + "}");

        // Then the reset ends as rejected (its variables go with it), and nobody is mailed
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(204);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(reset).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_ResetRejected");
        assertThat(TestSmtp.server().getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldCompleteTheApprovalBothWaysAsTasklistSubmitsTheShippedForm() throws Exception {
        // Given erin's and fred's resets wait for the helpdesk's approval
        String erins = resetAwaitingApproval("erin");
        String freds = resetAwaitingApproval("fred");

        // When helen approves erin's and rejects fred's in Tasklist, which sends what the form holds
        Answer approved = rest.call("helen", "POST", "/task/" + approvalTask(erins) + "/submit-form",
                "{\"variables\":" + asTasklistSubmits(approvalTask(erins), "approve", null) + "}");
        Answer rejected = rest.call("helen", "POST", "/task/" + approvalTask(freds) + "/submit-form",
                "{\"variables\":" + asTasklistSubmits(approvalTask(freds), "reject", "Not the owner's voice") + "}");

        // Then both complete: erin gets her link, fred's reset ends as rejected
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(204);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        MimeMessage[] mails = TestSmtp.awaitMessages(1);
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getAllRecipients()).extracting(Object::toString).containsExactly("erin@example.org");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(freds).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_ResetRejected");
    }

    @Test
    void shouldRefuseAnApprovalThatSendsAReadOnlyFieldBackChanged() throws Exception {
        // Given gina's reset waits for the helpdesk's approval
        String reset = resetAwaitingApproval("gina");
        String task = approvalTask(reset);

        // When helen sends the form back with another name, or the request time as text instead of a date
        ObjectNode renamed = everyFormFieldAsReceived(task);
        renamed.putObject("approvalDecision").put("value", "approve");
        renamed.putObject("accountDisplayName").put("value", "Mallory Moss");
        ObjectNode retyped = everyFormFieldAsReceived(task);
        retyped.putObject("approvalDecision").put("value", "approve");
        String requestedAt = retyped.get("requestedAt").get("value").asText();
        retyped.putObject("requestedAt").put("value", requestedAt).put("type", "String");

        // Then both are refused, and the approval still waits with gina's facts
        assertRefused(rest.call("helen", "POST", "/task/" + task + "/submit-form", "{\"variables\":" + renamed + "}"),
                "accountDisplayName");
        assertRefused(rest.call("helen", "POST", "/task/" + task + "/submit-form", "{\"variables\":" + retyped + "}"),
                "requestedAt");
        assertThat(approvalTask(reset)).isEqualTo(task);
        assertThat(runtimeService.getVariable(reset, "accountDisplayName")).isEqualTo("Gina Gray");
        assertThat(runtimeService.getVariable(reset, "requestedAt")).isInstanceOf(java.util.Date.class);
    }

    @Test
    void shouldRefuseWhatResetFlowSetsInTheHelpdeskProcessesAndFixTheirStartFormsAtTheStart() throws Exception {
        // When helen starts an activation with the id of an existing account, as if the directory had created it
        Answer forged = rest.call("helen", "POST", "/process-definition/key/account-activation/submit-form",
                "{\"variables\":{\"accountName\":{\"value\":\"frank\"},"
                        + "\"newAccountEmail\":{\"value\":\"frank@example.org\"},"
                        + "\"createdAccountId\":{\"value\":\"id-bob\"},\"accountCreated\":{\"value\":true}}}");

        // Then it is refused and nothing starts
        assertRefused(forged, "createdAccountId", "accountCreated");
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("account-activation").count())
                .isZero();

        // But the start form alone starts it, and afterwards what it entered is fixed: an echo is fine, a change not
        Answer started = rest.call("helen", "POST", "/process-definition/key/account-activation/submit-form",
                "{\"variables\":{\"accountName\":{\"value\":\"frank\"},"
                        + "\"newAccountEmail\":{\"value\":\"frank@example.org\"}}}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String activation = json.readTree(started.body()).get("id").asText();
        assertThat(rest.call("adam", "PUT", "/process-instance/" + activation + "/variables/newAccountEmail",
                "{\"value\":\"frank@example.org\",\"type\":\"String\"}").status()).isEqualTo(204);
        assertRefused(rest.call("adam", "PUT", "/process-instance/" + activation + "/variables/newAccountEmail",
                "{\"value\":\"mallory@example.net\",\"type\":\"String\"}"), "newAccountEmail");
        assertRefused(rest.call("adam", "PUT", "/process-instance/" + activation + "/variables/createdAccountId",
                "{\"value\":\"id-bob\",\"type\":\"String\"}"), "createdAccountId");
        assertThat(runtimeService.getVariables(activation)).containsEntry("newAccountEmail", "frank@example.org")
                .doesNotContainKey("createdAccountId");

        // And a helpdesk reset's accounts are those it was started for; which ones to link after a revocation too
        Answer links = rest.call("helen", "POST", "/process-definition/key/helpdesk-reset/submit-form",
                "{\"variables\":{\"operation\":{\"value\":\"send-links\"},\"accountNames\":{\"value\":\"dave\"}}}");
        assertThat(links.status()).as(links.body()).isEqualTo(200);
        String helpdeskReset = json.readTree(links.body()).get("id").asText();
        assertRefused(rest.call("adam", "PUT", "/process-instance/" + helpdeskReset + "/variables/accountNames",
                "{\"value\":\"bob\",\"type\":\"String\"}"), "accountNames");
        assertRefused(rest.call("adam", "PUT", "/process-instance/" + helpdeskReset + "/variables/revokedAccounts",
                "{\"value\":\"bob\",\"type\":\"String\"}"), "revokedAccounts");
        assertThat(runtimeService.getVariables(helpdeskReset)).containsEntry("accountNames", "dave")
                .doesNotContainKey("revokedAccounts");

        // Ending instances removes their variables, which is not a delete the guard refuses
        assertThat(rest.call("adam", "DELETE", "/process-instance/" + activation, null).status()).isEqualTo(204);
        assertThat(rest.call("adam", "DELETE", "/process-instance/" + helpdeskReset, null).status()).isEqualTo(204);
    }

    @Test
    void shouldRefuseAnAdminsBatchThatChangesWhatSteersAReset() throws Exception {
        // Given hans's reset waits for the helpdesk's approval
        String reset = resetAwaitingApproval("hans");

        // When an admin switches the breach check off through a batch, which the engine runs later without a user
        Answer created = rest.call("adam", "POST", "/process-instance/variables-async",
                "{\"processInstanceIds\":[\"" + reset + "\"],"
                        + "\"variables\":{\"checkBreachedPasswords\":{\"value\":false,\"type\":\"Boolean\"}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Batch batch = managementService.createBatchQuery().batchId(json.readTree(created.body()).get("id").asText())
                .singleResult();
        runJobsOf(batch.getSeedJobDefinitionId());
        runJobsOf(batch.getBatchJobDefinitionId());

        // Then the batch's job fails with the guard's reason, and the check is still on
        Job failed = managementService.createJobQuery().jobDefinitionId(batch.getBatchJobDefinitionId())
                .singleResult();
        assertThat(failed).as("the batch job, failed and kept for a retry").isNotNull();
        assertThat(failed.getExceptionMessage()).contains("'checkBreachedPasswords'").contains(GUARD);
        assertThat(runtimeService.getVariable(reset, "checkBreachedPasswords")).isEqualTo(true);
        managementService.deleteBatch(batch.getId(), true);
    }

    private void runJobsOf(String jobDefinitionId) {
        for (Job job : managementService.createJobQuery().jobDefinitionId(jobDefinitionId).list()) {
            try {
                managementService.executeJob(job.getId());
            } catch (RuntimeException refused) {
                // recorded on the job: its exception message and one retry less
            }
        }
    }

    /** Every keyed field of the shipped form, typed as GET form-variables answered it: a client echoing it all. */
    private ObjectNode everyFormFieldAsReceived(String task) throws Exception {
        JsonNode received = json.readTree(rest.call("helen", "GET", "/task/" + task + "/form-variables", null).body());
        ObjectNode variables = json.createObjectNode();
        for (JsonNode field : approveResetForm().get("components")) {
            String key = field.path("key").asText(null);
            if (key != null && received.has(key)) {
                variables.set(key, received.get(key));
            }
        }
        assertThat(variables.size()).as("the form's read-only fields came back").isGreaterThanOrEqualTo(6);
        return variables;
    }

    /**
     * What Tasklist's Camunda Forms integration (cam-tasklist-form-camunda.js with form-js 1.8) submits: the form's
     * keyed fields, except disabled ones and those its condition hides, each as an untyped {@code {"value": ...}};
     * a date shows, and so goes back, as the browser's local time without zone ({@code YYYY-MM-DDTHH:mm:ss}).
     */
    private ObjectNode asTasklistSubmits(String task, String decision, String comment) throws Exception {
        JsonNode received = json.readTree(rest.call("helen", "GET", "/task/" + task + "/form-variables", null).body());
        ObjectNode variables = json.createObjectNode();
        for (JsonNode field : approveResetForm().get("components")) {
            String key = field.path("key").asText(null);
            if (key == null || field.path("disabled").asBoolean(false) || hidden(field, decision)) {
                continue;
            }
            ObjectNode value = variables.putObject(key);
            if (key.equals("approvalDecision")) {
                value.put("value", decision);
            } else if (key.equals("approvalComment")) {
                value.put("value", comment);
            } else if ("Date".equals(received.path(key).path("type").asText())) {
                value.put("value", LocalDateTime.ofInstant(OffsetDateTime.parse(received.get(key).get("value").asText(),
                        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant(), ZoneId.systemDefault())
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")));
            } else {
                value.set("value", received.path(key).path("value"));
            }
        }
        return variables;
    }

    /** The form's one kind of condition: {@code =approvalDecision != "reject"}. */
    private static boolean hidden(JsonNode field, String decision) {
        String hide = field.path("conditional").path("hide").asText("");
        Matcher condition = Pattern.compile("=approvalDecision != \"(\\w+)\"").matcher(hide);
        if (hide.isEmpty()) {
            return false;
        }
        assertThat(condition.matches()).as("a condition this test understands: " + hide).isTrue();
        return !condition.group(1).equals(decision);
    }

    private JsonNode approveResetForm() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/forms/approve-reset.form")) {
            return json.readTree(in);
        }
    }

    /** A reset of a member of the privileged group, looked up and decided, waiting for the helpdesk. */
    private String resetAwaitingApproval(String userName) {
        String displayName = Character.toUpperCase(userName.charAt(0)) + userName.substring(1) + " Gray";
        when(directory.findByUserName(userName)).thenReturn(List.of(new DirectoryAccount("id-" + userName, userName,
                userName + "@example.org", displayName, true,
                List.of("staff", "admins"))));
        resetRequests.request(userName, "192.0.2.7");
        String reset = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        assertThat(runtimeService.getActiveActivityIds(reset)).containsExactly("Task_ApproveReset");
        return reset;
    }

    private String approvalTask(String reset) {
        return taskService.createTaskQuery().processInstanceId(reset).singleResult().getId();
    }

    private static void assertRefused(Answer answer, String... oneOfTheseVariables) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains(GUARD);
        List<String> named = new ArrayList<>();
        for (String variable : oneOfTheseVariables) {
            if (answer.body().contains("'" + variable + "'")) {
                named.add(variable);
            }
        }
        assertThat(named).as("the refusal names the variable: " + answer.body()).isNotEmpty();
    }



}
