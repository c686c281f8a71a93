package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.junit.jupiter.api.Test;

/**
 * What a process owner may deploy, decided without the engine: the shipped tables and forms pass; JUEL, scripts and
 * "feel-scala" (a script engine name, not Camunda's FEEL) do not, nor a table that leaves its cells to an engine
 * default that is JUEL (legacy FEEL); a form component that runs or embeds content is refused, even inside a group.
 */
class PolicyResourcesTest {

    private static final String FEEL = DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE;
    private static final String JUEL = DefaultDmnEngineConfiguration.JUEL_EXPRESSION_LANGUAGE;

    private final PolicyResources feelDefaults = new PolicyResources(Map.of("inputExpression", FEEL,
            "inputEntry", FEEL, "outputEntry", FEEL, "literalExpression", FEEL));
    /** What the engine defaults to with {@code dmnFeelEnableLegacyBehavior=true}. */
    private final PolicyResources legacyDefaults = new PolicyResources(Map.of("inputExpression", JUEL,
            "inputEntry", FEEL, "outputEntry", JUEL, "literalExpression", JUEL));

    @Test
    void shouldAcceptTheShippedTablesAndFormsWithTheEnginesFeelDefaults() {
        for (String table : new String[] {"reset-policy", "password-checks", "request-checks"}) {
            assertThat(feelDefaults.refusal(table + ".dmn", bytes("/bpmn/" + table + ".dmn"))).as(table).isEmpty();
        }
        for (String form : new String[] {"approve-reset", "helpdesk-reset-start", "helpdesk-reset-summary",
            "account-activation-start", "account-activation-summary"}) {
            assertThat(feelDefaults.refusal(form + ".form", bytes("/forms/" + form + ".form"))).as(form).isEmpty();
        }
    }

    @Test
    void shouldRefuseATableWithoutLanguageWhereTheEnginesDefaultIsJuel() {
        // Given the legacy defaults, the shipped table (which names no language) would be JUEL in its inputs
        assertThat(legacyDefaults.refusal("reset-policy.dmn", bytes("/bpmn/reset-policy.dmn")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'reset-policy.dmn'")
                        .contains("inputExpression 'InputExpression_Channel'").contains("'juel'"));
        // and naming FEEL where the engine would default to JUEL makes it FEEL
        String named = text("/bpmn/password-checks.dmn").replace("<inputExpression ",
                "<inputExpression expressionLanguage=\"feel\" ").replace("<outputEntry ",
                "<outputEntry expressionLanguage=\"" + FEEL + "\" ");
        assertThat(legacyDefaults.refusal("password-checks.dmn", utf8(named))).isEmpty();
    }

    @Test
    void shouldRefuseEveryLanguageButFeelNamingTheElement() {
        String table = text("/bpmn/password-checks.dmn");
        for (String language : new String[] {"juel", "javascript", "groovy", "feel-scala"}) {
            String changed = table.replace("<inputEntry id=\"InputEntry_SelfService\">",
                    "<inputEntry id=\"InputEntry_SelfService\" expressionLanguage=\"" + language + "\">");
            assertThat(feelDefaults.refusal("t.dmn", utf8(changed))).as(language)
                    .hasValueSatisfying(reason -> assertThat(reason).contains("inputEntry 'InputEntry_SelfService'")
                            .contains("'" + language + "'"));
        }
        // nor with a namespace prefix the engine would not read
        String prefixed = table.replace("<outputEntry id=\"OutputEntry_SelfServiceBreached\">",
                "<outputEntry id=\"OutputEntry_SelfServiceBreached\" camunda:expressionLanguage=\"juel\">");
        assertThat(feelDefaults.refusal("t.dmn", utf8(prefixed)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'OutputEntry_SelfServiceBreached'"));
        // A table-wide language other than FEEL applies to every cell that names none
        assertThat(feelDefaults.refusal("t.dmn", utf8(table.replaceFirst("<definitions ",
                "<definitions expressionLanguage=\"juel\" ")))).hasValueSatisfying(reason ->
                assertThat(reason).contains("definitions 'Definitions_PasswordChecks'"));
    }

    @Test
    void shouldRefuseATableWithADoctypeAndAnythingThatIsNoTableOrForm() {
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\">&x;</definitions>";
        assertThat(feelDefaults.refusal("x.dmn", utf8(doctype))).hasValueSatisfying(reason ->
                assertThat(reason).contains("does not parse").doesNotContain("root:"));
        for (String name : new String[] {"a.bpmn", "a.bpmn20.xml", "a.cmmn", "a.html", "a.js", "a.DMN"}) {
            assertThat(feelDefaults.refusal(name, utf8("<x/>"))).as(name).isPresent();
        }
    }

    @Test
    void shouldRefuseFormComponentsThatRunOrEmbedContentAtAnyDepth() {
        String nested = """
                {"type": "default", "components": [
                  {"id": "Group_1", "type": "group", "components": [
                    {"id": "Script_1", "type": "script", "content": "alert(1)"}]},
                  {"id": "Image_1", "type": "image", "source": "https://tracker.example/p.png"}]}""";
        assertThat(feelDefaults.refusal("f.form", utf8(nested))).hasValueSatisfying(reason ->
                assertThat(reason).contains("'Script_1' of type 'script'").contains("'Image_1' of type 'image'"));
        assertThat(feelDefaults.refusal("f.form", utf8("[]"))).isPresent();
        assertThat(feelDefaults.refusal("f.form", utf8("{\"components\": [{\"id\": \"A\"}]}"))).isPresent();
    }

    private static String text(String path) {
        return DemoUsersRest.classpath(path);
    }

    private static byte[] bytes(String path) {
        return utf8(text(path));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
