package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.helpdesk.DemoUsersRest.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * Process owners deploy policy, not code: as {@code demoowner}, over the REST API as Camunda Modeler deploys, each
 * model an insider used to run code as the engine is refused with a message naming the file, and nothing of it runs
 * (the job executor is on, so a start timer in the past would have fired). Decision tables in FEEL and the shipped
 * forms still deploy; an admin still deploys anything, a script task included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.demo.helpdesk-password=demohelpdesk", "resetflow.demo.owner-password=demoowner",
        "resetflow.demo.admin-password=demoadmin"})
class ProcessOwnerDeploymentTest {

    private static final String OWNER = "demoowner";
    private static final String ADMIN = "demoadmin";
    private static final String BOBS_NEW_PASSWORD = "Owner-Took-Over-Bob-0815";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    IdentityService identityService;
    @Autowired
    ManagementService managementService;
    @Autowired
    DemoDirectory demoDirectory;
    @Autowired
    Environment environment;

    private DemoUsersRest rest;
    private Set<String> deploymentsBefore;

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        rest = new DemoUsersRest(port);
        deploymentsBefore = deploymentIds();
    }

    @AfterEach
    void removeWhatTheTestDeployed() {
        deploymentIds().stream().filter(id -> !deploymentsBefore.contains(id))
                .forEach(id -> repositoryService.deleteDeployment(id, true, true, true));
        if (identityService.createUserQuery().userId(OWNER).memberOfGroup("camunda-admin").count() > 0) {
            identityService.deleteMembership(OWNER, "camunda-admin");
        }
        demoDirectory.reset();
    }

    @Test
    void shouldRefuseAProcessOwnerAStartTimerThatMakesHimAnAdmin() {
        // When demoowner deploys a one-task model whose start timer is past due and whose task joins camunda-admin
        Answer answer = rest.deploy(OWNER, "attack-membership", Map.of("attack-membership.bpmn",
                oneTaskModel("attack-membership", "${identityService.createMembership('demoowner','camunda-admin')}")));
        EngineJobs.awaitNoDueJobs(managementService);

        // Then demoowner is no admin, and the deployment was refused naming the file, with nothing deployed
        assertThat(identityService.createUserQuery().userId(OWNER).memberOfGroup("camunda-admin").count())
                .as("demoowner made himself a member of camunda-admin").isZero();
        assertRefused(answer, "attack-membership.bpmn");
        assertNothingDeployed("attack-membership");
    }

    @Test
    void shouldRefuseAProcessOwnerAModelThatSetsBobsPasswordInTheDirectory() {
        // When demoowner deploys a model that sets bob's password through the directory client
        Answer answer = rest.deploy(OWNER, "attack-directory", Map.of("attack-directory.bpmn", oneTaskModel(
                "attack-directory", "${directory.setPassword(directory.findByUserName('bob').get(0).id(), '"
                        + BOBS_NEW_PASSWORD + "')}")));
        EngineJobs.awaitNoDueJobs(managementService);

        // Then bob's password is untouched, and the deployment was refused
        String bob = demoDirectory.idOf("bob").orElseThrow();
        assertThat(demoDirectory.passwordMatches(bob, BOBS_NEW_PASSWORD)).as("bob's password was set").isFalse();
        assertThat(demoDirectory.passwordWrites()).isZero();
        assertRefused(answer, "attack-directory.bpmn");
        assertNothingDeployed("attack-directory");
    }

    @Test
    void shouldRefuseAProcessOwnerAModelThatWritesTheTokenKeyIntoAResourceHeMayRead() {
        // When demoowner deploys a model that copies the link key into a new deployment resource
        String tokenKey = environment.getProperty("resetflow.token.key");
        Answer answer = rest.deploy(OWNER, "attack-leak", Map.of("attack-leak.bpmn", oneTaskModel("attack-leak",
                "${repositoryService.createDeployment().name('leaked').addString('leak.txt', "
                        + "environment.getProperty('resetflow.token.key')).deploy()}")));
        EngineJobs.awaitNoDueJobs(managementService);

        // Then no deployment he may read holds the key, and the deployment was refused
        assertThat(rest.call(OWNER, "GET", "/deployment?name=leaked", null)).isEqualTo(new Answer(200, "[]"));
        for (Deployment deployment : repositoryService.createDeploymentQuery().list()) {
            for (String resource : repositoryService.getDeploymentResourceNames(deployment.getId())) {
                assertThat(read(deployment.getId(), resource)).as("resource %s of %s", resource, deployment.getName())
                        .doesNotContain(tokenKey);
            }
        }
        assertRefused(answer, "attack-leak.bpmn");
        assertNothingDeployed("attack-leak");
    }

    @Test
    void shouldRefuseAProcessOwnerAnyModelOverRestRedeployOrJavaApi() {
        // A plain model with a script task, nothing else, is refused as well: BPMN goes through an admin
        assertRefused(rest.deploy(OWNER, "owner-script", Map.of("owner-script.bpmn", scriptModel("owner-script"))),
                "owner-script.bpmn");
        assertNothingDeployed("owner-script");

        // Redeploying the shipped self-service model is a BPMN deployment too
        String shipped = repositoryService.createProcessDefinitionQuery().processDefinitionKey("password-reset")
                .latestVersion().singleResult().getDeploymentId();
        long versions = repositoryService.createProcessDefinitionQuery().processDefinitionKey("password-reset").count();
        assertRefused(rest.call(OWNER, "POST", "/deployment/" + shipped + "/redeploy", "{}"), "password-reset.bpmn");
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("password-reset").count())
                .isEqualTo(versions);

        // And the Java API checks the signed-in user the same way
        identityService.setAuthentication(OWNER, List.of("process-owners"));
        try {
            assertThatThrownBy(() -> repositoryService.createDeployment().name("owner-java")
                    .addString("owner-java.bpmn", scriptModel("owner-java")).deploy())
                    .isInstanceOf(AuthorizationException.class).hasMessageContaining("owner-java.bpmn");
        } finally {
            identityService.clearAuthentication();
        }
        assertNothingDeployed("owner-java");
    }

    @Test
    void shouldRefuseAProcessOwnerADecisionTableThatIsNotFeel() {
        String table = DemoUsersRest.classpath("/bpmn/reset-policy.dmn");
        // A cell in JUEL calling a bean, a whole table declared JUEL, an input in a script language
        Map<String, String> notFeel = new LinkedHashMap<>();
        notFeel.put("juel-cell", table.replaceFirst("<outputEntry id=\"(\\w+)\">\\s*<text>[^<]*</text>",
                "<outputEntry id=\"$1\" expressionLanguage=\"juel\"><text>\\${directory.findByUserName('bob')"
                        + ".get(0).email()}</text>"));
        notFeel.put("juel-table", table.replaceFirst("<definitions ", "<definitions expressionLanguage=\"juel\" "));
        notFeel.put("script-input", table.replaceFirst("<inputExpression ",
                "<inputExpression expressionLanguage=\"javascript\" "));
        // (A table that names no language gets the engine's defaults: FEEL for every kind of cell here)
        DefaultDmnEngineConfiguration dmn = ((ProcessEngineConfigurationImpl) processEngine
                .getProcessEngineConfiguration()).getDmnEngineConfiguration();
        assertThat(List.of(dmn.getDefaultInputExpressionExpressionLanguage(),
                dmn.getDefaultInputEntryExpressionLanguage(), dmn.getDefaultOutputEntryExpressionLanguage(),
                dmn.getDefaultLiteralExpressionLanguage()))
                .containsOnly(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE);
        notFeel.forEach((name, changed) -> {
            assertThat(changed).as(name).isNotEqualTo(table);
            assertRefused(rest.deploy(OWNER, name, Map.of(name + ".dmn", changed)), name + ".dmn");
            assertNothingDeployed(name);
        });
    }

    @Test
    void shouldRefuseAProcessOwnerAFormThatEmbedsContentOrDoesNotParse() {
        String form = DemoUsersRest.classpath("/forms/approve-reset.form");
        String html = form.replaceFirst("\"components\": \\[", "\"components\": [ { \"id\": \"Html_1\", "
                + "\"type\": \"html\", \"content\": \"<img src=x onerror=alert(1)>\" },");
        String iframe = form.replaceFirst("\"components\": \\[", "\"components\": [ { \"id\": \"Iframe_1\", "
                + "\"type\": \"iframe\", \"url\": \"https://evil.example/\" },");
        Map<String, String> refused = Map.of("form-html", html, "form-iframe", iframe,
                "form-broken", form.substring(0, form.length() / 2));
        refused.forEach((name, changed) -> {
            Answer answer = rest.deploy(OWNER, name, Map.of(name + ".form", changed));
            assertThat(answer.status()).as(answer.body()).isBetween(400, 403);
            assertThat(answer.body()).contains(name + ".form");
            assertNothingDeployed(name);
        });
        // naming the component
        assertThat(rest.deploy(OWNER, "form-html", Map.of("form-html.form", html)).body()).contains("'Html_1'");
    }

    @Test
    void shouldLetAProcessOwnerDeployAFeelTableChange() {
        // When demoowner gives links 15 minutes instead of 10, in FEEL as Camunda Modeler writes it
        String table = DemoUsersRest.classpath("/bpmn/reset-policy.dmn").replace("\"PT10M\"", "\"PT15M\"");
        Answer answer = rest.deploy(OWNER, "policy-15-minutes", Map.of("reset-policy.dmn", table));

        // Then it is deployed and is the latest policy
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey("resetPolicy")
                .latestVersion().singleResult().getDeploymentId()).isEqualTo(answer.id());
    }

    @Test
    void shouldDeployEveryShippedModelAsAdminAndEveryShippedTableAndFormAsProcessOwner() {
        Map<String, String> tablesAndForms = new LinkedHashMap<>();
        for (String file : List.of("reset-policy.dmn", "password-checks.dmn", "request-checks.dmn")) {
            tablesAndForms.put(file, DemoUsersRest.classpath("/bpmn/" + file));
        }
        for (String file : List.of("approve-reset", "helpdesk-reset-start", "helpdesk-reset-summary",
                "account-activation-start", "account-activation-summary")) {
            tablesAndForms.put(file + ".form", DemoUsersRest.classpath("/forms/" + file + ".form"));
        }
        Map<String, String> everything = new LinkedHashMap<>(tablesAndForms);
        for (String file : List.of("request-intake.bpmn", "password-reset.bpmn", "helpdesk-reset.bpmn",
                "account-activation.bpmn")) {
            everything.put(file, DemoUsersRest.classpath("/bpmn/" + file));
        }

        Answer owner = rest.deploy(OWNER, "shipped-policy", tablesAndForms);
        assertThat(owner.status()).as(owner.body()).isEqualTo(200);
        assertThat(repositoryService.getDeploymentResourceNames(owner.id()))
                .containsExactlyInAnyOrderElementsOf(tablesAndForms.keySet());

        Answer admin = rest.deploy(ADMIN, "shipped-all", everything);
        assertThat(admin.status()).as(admin.body()).isEqualTo(200);
        assertThat(repositoryService.createProcessDefinitionQuery().deploymentId(admin.id()).list())
                .extracting(definition -> definition.getKey())
                .containsExactlyInAnyOrder("request-intake", "password-reset", "helpdesk-reset", "account-activation");
    }

    @Test
    void shouldLetAnAdminDeployAModelWithAScriptTask() {
        Answer answer = rest.deploy(ADMIN, "admin-script", Map.of("admin-script.bpmn", scriptModel("admin-script")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("admin-script").count())
                .isEqualTo(1);
    }

    private static void assertRefused(Answer answer, String resource) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains(resource);
    }

    private void assertNothingDeployed(String name) {
        assertThat(repositoryService.createDeploymentQuery().deploymentName(name).count()).as("deployments " + name)
                .isZero();
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey(name).count()).isZero();
        assertThat(repositoryService.createDeploymentQuery().deploymentName("leaked").count()).isZero();
    }

    private Set<String> deploymentIds() {
        return repositoryService.createDeploymentQuery().list().stream().map(Deployment::getId)
                .collect(Collectors.toSet());
    }

    private String read(String deploymentId, String resource) {
        try (InputStream in = repositoryService.getResourceAsStream(deploymentId, resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One service task behind a start timer that was due in 2020, so it fires as soon as it is deployed. */
    private static String oneTaskModel(String key, String expression) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s"
                    targetNamespace="http://example.org/attack">
                  <bpmn:process id="%1$s" name="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_Past" name="Past">
                      <bpmn:timerEventDefinition><bpmn:timeDate>2020-01-01T00:00:00Z</bpmn:timeDate>
                      </bpmn:timerEventDefinition>
                    </bpmn:startEvent>
                    <bpmn:sequenceFlow id="Flow_ToRun" sourceRef="StartEvent_Past" targetRef="Task_Run" />
                    <bpmn:serviceTask id="Task_Run" name="Run" camunda:expression="%2$s" />
                    <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_Run" targetRef="EndEvent_Done" />
                    <bpmn:endEvent id="EndEvent_Done" name="Done" />
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(key, expression.replace("'", "&apos;"));
    }

    private static String scriptModel(String key) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s"
                    targetNamespace="http://example.org/script">
                  <bpmn:process id="%1$s" name="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="StartEvent_Started" name="Started" />
                    <bpmn:sequenceFlow id="Flow_ToScript" sourceRef="StartEvent_Started" targetRef="Task_Script" />
                    <bpmn:scriptTask id="Task_Script" name="Script" scriptFormat="javascript">
                      <bpmn:script>execution.setVariable("ran", true);</bpmn:script>
                    </bpmn:scriptTask>
                    <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_Script" targetRef="EndEvent_Done" />
                    <bpmn:endEvent id="EndEvent_Done" name="Done" />
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(key);
    }
}
