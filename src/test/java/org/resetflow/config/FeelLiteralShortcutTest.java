package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.junit.jupiter.api.Test;

/**
 * The shortcut must mean exactly what Camunda's FEEL engine means: every form it answers is compared with feel-scala's
 * answer (value and type, or both failing), over inputs of every type a table may see, and every shipped decision
 * table decides the same through both engines for every combination of its inputs' values: each value a cell names,
 * one that none names, each numeric bound and its neighbours (read from the tables, so a new cell is covered).
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

    /** The shipped tables, as Camunda deploys them from the classpath ({@code /bpmn/}). */
    private static final Path TABLES = Path.of("bpmn");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    /**
     * Inputs that are FEEL expressions, fed through the variables they read: every way the expression can come out.
     * The privileged group in a list of one, of several, not at all, and a name that merely contains it.
     */
    private static final Map<String, List<Map<String, Object>>> EXPRESSION_INPUTS = Map.of(
            "list contains(split(accountGroups, \", \"), privilegedGroup)", List.of(
                    Map.of("accountGroups", "", "privilegedGroup", "admins"),
                    Map.of("accountGroups", "staff", "privilegedGroup", "admins"),
                    Map.of("accountGroups", "staff, admins", "privilegedGroup", "admins"),
                    Map.of("accountGroups", "administrators", "privilegedGroup", "admins")));

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
    void shouldDecideEveryShippedTableAsFeelScalaDoesForEveryCombinationAndAnswerItsLiteralCellsItself()
            throws IOException {
        DmnEngine plain = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        DefaultDmnEngineConfiguration withShortcut =
                (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        withShortcut.setFeelEngineFactory(() -> shortcut);
        DmnEngine fast = withShortcut.buildEngine();

        List<Path> tables;
        try (Stream<Path> files = Files.list(TABLES)) {
            tables = files.filter(file -> file.toString().endsWith(".dmn")).sorted().toList();
        }
        assertThat(tables).extracting(file -> file.getFileName().toString())
                .contains("password-checks.dmn", "request-checks.dmn", "reset-policy.dmn");
        Set<String> decided = new TreeSet<>();
        for (Path file : tables) {
            DmnModelInstance model = Dmn.readModelFromFile(file.toFile());
            for (Decision decision : model.getModelElementsByType(Decision.class)) {
                if (!(decision.getExpression() instanceof DecisionTable table)) {
                    continue;
                }
                List<Map<String, Object>> combinations =
                        everyCombination(file.getFileName() + " " + decision.getId(), table);
                for (Map<String, Object> inputs : combinations) {
                    assertSameAnswer(decision.getId() + " in " + file.getFileName() + " for " + inputs,
                            () -> decide(plain, file, decision.getId(), inputs),
                            () -> decide(fast, file, decision.getId(), inputs));
                }
                decided.add(file.getFileName() + " " + decision.getId());
            }
        }

        assertThat(decided).as("a decision table per file").hasSize(tables.size());
        // ... and no cell needed feel-scala: group membership comes in as a boolean (accountPrivileged), computed
        // where the account is looked up
        assertThat(leftToFeelScala).as("expressions left to feel-scala").isEmpty();
    }

    /**
     * Every combination of every input's values: for each input, each value its cells name, one value none names (a
     * string no rule names), and for numbers each bound with its neighbours; an input that is an expression rather
     * than a variable is fed through the variables it reads ({@link #EXPRESSION_INPUTS}).
     */
    private static List<Map<String, Object>> everyCombination(String table, DecisionTable decisionTable) {
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new HashMap<>());
        List<Input> inputs = new ArrayList<>(decisionTable.getInputs());
        for (int column = 0; column < inputs.size(); column++) {
            Input input = inputs.get(column);
            String expression = input.getInputExpression().getText().getTextContent().trim();
            List<Map<String, Object>> choices = new ArrayList<>();
            if (expression.matches("[A-Za-z_]\\w*")) {
                for (Object value : valuesOf(table, input, cellsOf(decisionTable, column))) {
                    Map<String, Object> choice = new HashMap<>();
                    choice.put(expression, value);
                    choices.add(choice);
                }
            } else {
                assertThat(EXPRESSION_INPUTS).as(table + ": how to feed the input expression " + expression)
                        .containsKey(expression);
                choices.addAll(EXPRESSION_INPUTS.get(expression));
            }
            List<Map<String, Object>> wider = new ArrayList<>();
            for (Map<String, Object> combination : combinations) {
                for (Map<String, Object> choice : choices) {
                    Map<String, Object> next = new HashMap<>(combination);
                    next.putAll(choice);
                    wider.add(next);
                }
            }
            combinations = wider;
        }
        return combinations;
    }

    private static List<String> cellsOf(DecisionTable table, int column) {
        return table.getRules().stream()
                .map(rule -> new ArrayList<>(rule.getInputEntries()).get(column).getText().getTextContent().trim())
                .toList();
    }

    private static Set<Object> valuesOf(String table, Input input, List<String> cells) {
        String type = input.getInputExpression().getTypeRef();
        Set<Object> values = new LinkedHashSet<>();
        switch (type) {
            case "string" -> {
                cells.forEach(cell -> {
                    Matcher literal = STRING_LITERAL.matcher(cell);
                    while (literal.find()) {
                        values.add(literal.group(1));
                    }
                });
                values.add("named-by-no-rule");
            }
            case "integer", "long" -> {
                values.add(0);
                cells.forEach(cell -> {
                    Matcher number = NUMBER.matcher(cell);
                    while (number.find()) {
                        int bound = Integer.parseInt(number.group());
                        values.addAll(List.of(bound - 1, bound, bound + 1));
                    }
                });
            }
            case "boolean" -> values.addAll(List.of(true, false));
            default -> throw new AssertionError(table + ": no values for an input of type " + type
                    + "; add them to this test");
        }
        return values;
    }

    private static List<Map<String, Object>> decide(DmnEngine dmn, Path file, String key,
                                                    Map<String, Object> inputs) throws IOException {
        try (InputStream table = Files.newInputStream(file)) {
            DmnDecision decision = dmn.parseDecision(key, table);
            return dmn.evaluateDecisionTable(decision, Variables.fromMap(inputs)).getResultList();
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
