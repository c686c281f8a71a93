package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.resetflow.EngineJobs;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What each engine group must not do, shown in the real webapps (Cockpit, Tasklist, Admin of Camunda 7.24) in a real
 * Chromium, as the demo users: the helpdesk is refused at Cockpit's and Admin's sign-in and finds nothing of a
 * self-service reset in Tasklist; a process owner is refused at Tasklist's and Admin's sign-in and sees the
 * password-reset model in Cockpit but no instance of it, none of its variables; the admin, the control, reaches all
 * three and sees exactly what the others must not. The REST side of the same rules is {@link EngineRolesRestTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.demo.helpdesk-password=demohelpdesk", "resetflow.demo.owner-password=demoowner",
        "resetflow.demo.admin-password=demoadmin",
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
// The webapps keep their engine in static fields, set by whichever context started last: a fresh one sets them (see
// WebappsWalkthroughTest).
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class WebappRolesTest {

    private static final String HOST = "resetflow.test";
    private static final String HELPDESK = "demohelpdesk";
    private static final String OWNER = "demoowner";
    private static final String ADMIN = "demoadmin";
    private static final String ALICE = "alice@example.org";
    /** Camunda's sign-in notification when the credentials are right but the user may not use that app. */
    private static final String REFUSED = "Wrong credentials, locked user or missing access rights to application";
    private static final String NO_INSTANCES = "No process instances matched by current filter.";


    @Autowired
    RuntimeService runtimeService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    // One browser and one self-service reset for the whole class, made by the first test: Camunda's webapps are slow
    // to load on a busy machine. Static, not a per-class test instance: with one, Spring injected the context that
    // @DirtiesContext then closed.
    @RegisterExtension
    static final Chromium chromium = Chromium.perClass(HOST).windowSize(1400, 1200).withCamundaWebapps();
    private static final Tasklist webapps = new Tasklist(chromium);
    private static String alicesReset;
    private static String definition;
    private static RuntimeService engineOfTheReset;

    @BeforeEach
    void signedOut() {
        if (alicesReset == null) {
            startAlicesResetAndLoadTheApps();
        }
        webapps.signOut();
    }

    private void startAlicesResetAndLoadTheApps() {
        // alice asked for a reset on the public page; it waits for her new password
        resetRequests.request("alice", "192.0.2.44");
        EngineJobs.awaitIdle(managementService, resetStarter);
        alicesReset = runtimeService.createProcessInstanceQuery().processDefinitionKey("password-reset")
                .singleResult().getId();
        assertThat(runtimeService.getActiveActivityIds(alicesReset)).containsExactly("Task_WaitForNewPassword");
        assertThat(runtimeService.getVariable(alicesReset, "accountEmail")).isEqualTo(ALICE);
        definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey("password-reset")
                .latestVersion().singleResult().getId();
        engineOfTheReset = runtimeService;
        // The first load of each app fills the browser's cache with its scripts: on a machine shared with other builds
        // it sometimes still showed the spinner after minutes, and a reload then came up at once. So: load, and
        // reload a few times, before the tests wait for a page.
        for (String app : new String[] {"cockpit", "tasklist", "admin"}) {
            chromium.browser().openUntil("http://" + HOST + "/camunda/app/" + app + "/default/",
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type='password']")));
        }
    }

    @AfterAll
    static void endTheReset() {
        if (alicesReset != null) {
            engineOfTheReset.deleteProcessInstance(alicesReset, "test done", true, true);
        }
        alicesReset = null;
    }

    @Test
    void shouldKeepTheHelpdeskOutOfCockpitAndAdminAndShowItNothingOfASelfServiceResetInTasklist() {
        // When the helpdesk signs in at Cockpit and at Admin, then the sign-in is refused and no app content shows
        refusedAt("cockpit", HELPDESK, "Password reset", "Processes");
        refusedAt("admin", HELPDESK, "demoowner", "Authorizations");

        // When it signs in at Tasklist, it is in
        signIn("tasklist", HELPDESK);
        String tasklist = await("Tasklist with the helpdesk's filter",
                page -> page.contains(EngineGroups.HELPDESK_FILTER) && page.contains("Start process"));

        // Then its filter shows nothing of alice's waiting reset
        assertThat(tasklist).doesNotContain(ALICE).doesNotContain(alicesReset).doesNotContain("alice");

        // And signed in at Tasklist, its session does not open Cockpit or Admin either: Camunda's own filter refuses
        // the app's page (ResetFlow's error page answers; the signed-in app shows "Camunda Cockpit" in its header)
        for (String app : new String[] {"Cockpit", "Admin"}) {
            open("/camunda/app/" + app.toLowerCase(java.util.Locale.ROOT) + "/default/");
            String refused = await("the helpdesk's session at " + app, page -> page.contains("Something went wrong")
                    || page.contains("Camunda " + app) || page.contains(REFUSED));
            assertThat(refused).doesNotContain("Camunda " + app).doesNotContain("Password reset")
                    .doesNotContain("Authorizations").doesNotContain(ALICE);
        }
        open("/camunda/app/tasklist/default/");
        await("Tasklist again", page -> page.contains("Start process"));

        // And "Start process" offers its own two processes, not the self-service reset
        String startable = startProcessDialog();
        assertThat(startable).contains("Helpdesk: create an account and send its activation link")
                .contains("Helpdesk: reset links, revoke and reset, generated password, disable or re-enable")
                .doesNotContain("Password reset");
    }

    @Test
    void shouldKeepProcessOwnersOutOfTasklistAndAdminAndShowThemModelsButNoResetInCockpit() {
        // When a process owner signs in at Tasklist and at Admin, then the sign-in is refused
        refusedAt("tasklist", OWNER, "Start process", "Helpdesk tasks");
        refusedAt("admin", OWNER, "demohelpdesk", "Authorizations");

        // When it signs in at Cockpit, then the processes page shows the password-reset model
        signIn("cockpit", OWNER);
        open("/camunda/app/cockpit/default/#/processes");
        await("the processes page", page -> page.contains("Password reset"));

        // But the model's page lists none of its instances: not alice's
        open("/camunda/app/cockpit/default/#/process-definition/" + definition + "/runtime");
        String instances = await("the model's instance list",
                page -> page.contains(NO_INSTANCES) || page.contains(alicesReset));
        assertThat(instances).contains(NO_INSTANCES).doesNotContain(alicesReset).doesNotContain(ALICE);

        // Nor does alice's instance itself, opened by its address, show her or her variables
        open("/camunda/app/cockpit/default/#/process-instance/" + alicesReset + "/runtime?tab=variables-tab");
        String instance = await("alice's instance page",
                page -> page.contains(ALICE) || page.contains("No running process instance with ID"));
        assertThat(instance).contains("Failed to display running process instance").doesNotContain(ALICE)
                .doesNotContain("accountEmail");

        // And the deployments are there for it to read
        open("/camunda/app/cockpit/default/#/repository");
        String deployments = await("the deployments", page -> page.contains("password-reset.bpmn"));
        assertThat(deployments).contains("password-reset.bpmn");
    }

    @Test
    void shouldLetTheAdminSeeWhatTheOthersMayNot() {
        // The admin reaches Admin and sees the other groups' users
        signIn("admin", ADMIN);
        open("/camunda/app/admin/default/#/users");
        assertThat(await("Admin's users", page -> page.contains("demohelpdesk") && page.contains("demoowner")))
                .contains("Authorizations").contains("Camunda Admin");

        // Tasklist: "Start process" offers the self-service reset too
        signIn("tasklist", ADMIN);
        await("Tasklist", page -> page.contains("Start process"));
        assertThat(startProcessDialog()).contains("Password reset");

        // Cockpit: the model's instance list shows alice's reset, and the instance her address
        signIn("cockpit", ADMIN);
        open("/camunda/app/cockpit/default/#/processes");
        assertThat(await("the processes page", page -> page.contains("Password reset"))).contains("Camunda Cockpit");
        open("/camunda/app/cockpit/default/#/process-definition/" + definition + "/runtime");
        assertThat(await("the model's instance list",
                page -> page.contains(NO_INSTANCES) || page.contains(alicesReset))).contains(alicesReset);
        open("/camunda/app/cockpit/default/#/process-instance/" + alicesReset + "/runtime?tab=variables-tab");
        assertThat(await("alice's variables", page -> page.contains(ALICE))).contains("accountEmail");
    }

    /** Signs in at the app's own sign-in form and expects Camunda's refusal, with none of the app's content. */
    private void refusedAt(String app, String user, String... appContent) {
        webapps.signOut();
        // The demo users' passwords are their names in this test (see the properties above)
        webapps.fillSignInAt("/camunda/app/" + app + "/default/", user, user);
        String page = await(user + " refused at " + app, text -> text.contains(REFUSED));
        assertThat(page).as(user + " at " + app).contains("Login Failed");
        assertThat(chromium.driver().findElements(By.cssSelector("input[type='password']")))
                .as("the sign-in form stays").isNotEmpty();
        for (String content : appContent) {
            assertThat(page).as(user + " at " + app).doesNotContain(content);
        }
    }

    /** Opens Tasklist's "Start process" dialog and returns its text once the list has loaded. */
    private String startProcessDialog() {
        webapps.patient().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//*[self::a or self::button][contains(normalize-space(.), 'Start process')]"))).click();
        return await("the Start process dialog", page -> page.contains("Helpdesk: ") || page.contains("Password reset"));
    }

    private void open(String path) {
        chromium.driver().get("http://" + HOST + path);
    }

    /** Waits until the page's visible text meets the condition, and returns that text. */
    private String await(String what, Function<String, Boolean> condition) {
        try {
            return webapps.patient().until(driver -> {
                String text = driver.findElement(By.tagName("body")).getText();
                return condition.apply(text) ? text : null;
            });
        } catch (RuntimeException e) {
            throw webapps.failure("Waited in vain for " + what, e);
        }
    }

    private void signIn(String app, String user) {
        webapps.signOut();
        webapps.signInAt("/camunda/app/" + app + "/default/", user, user);
    }
}
