package org.resetflow.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The decision tables' FEEL, with the plainest cells answered here and everything else left to Camunda's FEEL
 * engine (feel-scala), which it wraps.
 *
 * <p>Why: feel-scala builds its whole library of built-in functions anew for every evaluation and parses the
 * expression text every time. A reset evaluates two tables, some twenty cells, nearly all of them literals
 * ({@code "PT10M"}, {@code 5}, {@code true}), a variable's name or a literal unary test ({@code "self-service"},
 * {@code >= 3}); those evaluations were a fifth of the job executor's CPU (bench/README.md, "Third round").
 *
 * <p>Only forms whose FEEL meaning cannot differ are answered here, with the same value and type feel-scala gives
 * (numbers as {@code Long}, a missing variable, an unexpected type or anything else: feel-scala decides);
 * {@code FeelLiteralShortcutTest} compares both on every form and on every cell of the deployed tables. A process
 * owner's table therefore means exactly what Camunda Modeler and the FEEL documentation say.
 */
final class FeelLiteralShortcut implements FeelEngine {

    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern COMPARISON = Pattern.compile("(<=|>=|<|>)\\s*(-?[0-9]{1,18})");
    /** FEEL's reserved words and the names that are literals: never read as a variable here. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("true", "false", "null", "not", "and", "or",
            "between", "in", "instance", "of", "if", "then", "else", "for", "return", "some", "every", "satisfies",
            "function", "external", "date", "time", "duration");

    private final FeelEngine feel;

    FeelLiteralShortcut(FeelEngine feel) {
        this.feel = feel;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
        String text = expression.trim();
        Matcher string = STRING.matcher(text);
        if (string.matches()) {
            return (T) string.group(1);
        }
        if (INTEGER.matcher(text).matches()) {
            return (T) Long.valueOf(text);
        }
        if (text.equals("true") || text.equals("false")) {
            return (T) Boolean.valueOf(text);
        }
        if (NAME.matcher(text).matches() && !RESERVED.contains(text) && variables.containsVariable(text)) {
            TypedValue typed = variables.resolve(text);
            Object value = typed == null ? null : typed.getValue();
            if (value instanceof String || value instanceof Boolean) {
                return (T) value;
            }
            if (isIntegral(value)) {
                return (T) Long.valueOf(((Number) value).longValue());
            }
        }
        return feel.evaluateSimpleExpression(expression, variables);
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variables) {
        TypedValue typed = variables.resolve(inputVariable);
        Object input = typed == null ? null : typed.getValue();
        // Only inputs whose comparisons FEEL defines plainly; a date, a list or a decimal goes to feel-scala.
        if (typed == null || !(input == null || input instanceof String || input instanceof Boolean
                || isIntegral(input))) {
            return feel.evaluateSimpleUnaryTests(expression, inputVariable, variables);
        }
        String text = expression.trim();
        Matcher string = STRING.matcher(text);
        if (string.matches()) {
            return string.group(1).equals(input);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text).equals(input);
        }
        if (INTEGER.matcher(text).matches()) {
            return isIntegral(input) && ((Number) input).longValue() == Long.parseLong(text);
        }
        Matcher comparison = COMPARISON.matcher(text);
        if (comparison.matches()) {
            if (!isIntegral(input)) {
                return false;
            }
            int order = Long.compare(((Number) input).longValue(), Long.parseLong(comparison.group(2)));
            return switch (comparison.group(1)) {
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                default -> order >= 0;
            };
        }
        return feel.evaluateSimpleUnaryTests(expression, inputVariable, variables);
    }

    private static boolean isIntegral(Object value) {
        // Not Short or Byte: feel-scala maps those as objects, not numbers (FeelLiteralShortcutTest).
        return value instanceof Integer || value instanceof Long;
    }
}
