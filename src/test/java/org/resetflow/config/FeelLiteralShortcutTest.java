package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/**
 * The shortcut must mean exactly what Camunda's FEEL engine means: every form it answers is compared with feel-scala's
 * answer (value and type, or both failing), over inputs of every type a table may see, and the shipped decision
 * tables decide the same through both engines for every combination of their inputs.
 */
class FeelLiteralShortcutTest {

    private final FeelEngine feelScala = new ScalaFeelEngineFactory().createInstance();
    private final List<String> leftToFeelScala = new ArrayList<>();
    private final FeelLiteralShortcut shortcut = new FeelLiteralShortcut(new FeelEngine() {
        @Override
        public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
            leftToFeelScala.add(expression);
            return feelScala.evaluateSimpleExpression(expression, variables);
        }

        @Override
        public boolean evaluateSimpleUnaryTests(String expression, String input, VariableContext variables) {
            leftToFeelScala.add(expression);
            return feelScala.evaluateSimpleUnaryTests(expression, input, variables);
        }
    });

    private static final List<Object> VALUES = Arrays.asList("self-service", "", "5", "true", "a b", true, false, 0, 3,
            -3, 5, 3L, Long.MAX_VALUE, (short) 3, (byte) 3, 3.0, 3.5, null, List.of("admins"), Map.of("a", 1),
            new java.util.Date(0));

    @Test
    void shouldAnswerEveryExpressionAsFeelScalaDoes() {
        List<String> expressions = List.of("\"PT10M\"", "\"\"", "\"a b\"", " \"padded\" ", "\"say \\\"hi\\\"\"",
                "\"tab\\t\"", "5", "-5", "0", "007", "-0", "5.0", "1e3", "999999999999999999", "9999999999999999999",
                "true", "false", " true ", "TRUE", "null", "value", "missing", "not", "date", "value + 1",
                "string length(value)", "\"a\" + \"b\"");
        for (Object value : VALUES) {
            VariableMap variables = Variables.createVariables().putValue("value", value);
            for (String expression : expressions) {
                assertSameAnswer(expression + " with value=" + describe(value),
                        () -> feelScala.evaluateSimpleExpression(expression, variables.asVariableContext()),
                        () -> shortcut.evaluateSimpleExpression(expression, variables.asVariableContext()));
            }
        }
    }

    @Test
    void shouldAnswerEveryUnaryTestAsFeelScalaDoes() {
        List<String> tests = List.of("\"self-service\"", "\"\"", "\"5\"", "\"true\"", " \"a b\" ", "\"x\\\"y\"",
                "true", "false", "3", "-3", "0", "03", "5.0", ">= 3", "> 3", "<= 3", "< 3", ">=3", "> -3", ">= 3.5",
                "= 3", "!= 3", "not(3)", "[1..5]", "3, 5", "\"a\", \"b\"", "-", "null", "value", "?");
        for (Object input : VALUES) {
            VariableMap variables = Variables.createVariables().putValue("cellInput", input).putValue("value", 3);
            for (String test : tests) {
                assertSameAnswer(test + " against " + describe(input),
                        () -> feelScala.evaluateSimpleUnaryTests(test, "cellInput", variables.asVariableContext()),
                        () -> shortcut.evaluateSimpleUnaryTests(test, "cellInput", variables.asVariableContext()));
            }
        }
        // A missing input variable is feel-scala's to answer too
        assertSameAnswer("a test against a missing input",
                () -> feelScala.evaluateSimpleUnaryTests("3", "nothing", Variables.createVariables().asVariableContext()),
                () -> shortcut.evaluateSimpleUnaryTests("3", "nothing", Variables.createVariables().asVariableContext()));
    }

    @Test
    void shouldDecideTheShippedTablesAsFeelScalaDoesAndAnswerTheirLiteralCellsItself() {
        DmnEngine plain = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        DefaultDmnEngineConfiguration withShortcut =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        withShortcut.setFeelEngineFactory(() -> shortcut);
        DmnEngine fast = withShortcut.buildEngine();

        List<String> channels = List.of("self-service", "helpdesk", "generated-password", "activation", "other");
        int decided = 0;
        for (String channel : channels) {
            assertThat(decide(fast, "password-checks.dmn", "passwordChecks", Map.of("channel", channel)))
                    .as("passwordChecks for " + channel)
                    .isEqualTo(decide(plain, "password-checks.dmn", "passwordChecks", Map.of("channel", channel)));
            decided++;
            for (String groups : List.of("", "staff", "staff, admins", "administrators")) {
                for (int recent : List.of(0, 2, 3, 7)) {
                    for (boolean revoked : List.of(false, true)) {
                        Map<String, Object> inputs = new HashMap<>(Map.of("channel", channel, "accountGroups",
                                groups, "privilegedGroup", "admins", "recentRequests", recent, "passwordRevoked",
                                revoked));
                        assertThat(decide(fast, "reset-policy.dmn", "resetPolicy", inputs))
                                .as("resetPolicy for " + inputs)
                                .isEqualTo(decide(plain, "reset-policy.dmn", "resetPolicy", inputs));
                        decided++;
                    }
                }
            }
        }

        // Of all those cells, only the one real FEEL expression (the group membership) needed feel-scala
        assertThat(decided).isEqualTo(165);
        assertThat(leftToFeelScala).isNotEmpty()
                .allMatch(expression -> expression.startsWith("list contains("), "is the group membership expression");
    }

    private List<Map<String, Object>> decide(DmnEngine dmn, String file, String key, Map<String, Object> inputs) {
        try (InputStream table = getClass().getResourceAsStream("/bpmn/" + file)) {
            DmnDecision decision = dmn.parseDecision(key, table);
            return dmn.evaluateDecisionTable(decision, Variables.fromMap(inputs)).getResultList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertSameAnswer(String what, java.util.concurrent.Callable<Object> expected,
                                         java.util.concurrent.Callable<Object> actual) {
        Object want = null;
        Object got = null;
        Throwable wantFailure = null;
        Throwable gotFailure;
        try {
            want = expected.call();
        } catch (Exception e) {
            wantFailure = e;
        }
        try {
            got = actual.call();
            gotFailure = null;
        } catch (Exception e) {
            gotFailure = e;
        }
        if (wantFailure != null) {
            assertThat(gotFailure).as(what + ": feel-scala failed with " + wantFailure.getMessage()).isNotNull();
            return;
        }
        assertThat(gotFailure).as(what).isNull();
        assertThat(got).as(what).isEqualTo(want);
        if (want != null) {
            assertThat(got.getClass()).as(what + " (type)").isEqualTo(want.getClass());
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
