package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.resetflow.PasswordResetProcess;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Keeps the guard's one list complete: every variable the shipped models and ResetFlow's code set in a process (a
 * decision's outputs, output mappings, what a call activity passes in or out, a result variable, a start form's
 * fields, a multi-instance element, the {@code VAR_} constants the delegates write) is either guarded by
 * {@link RefuseEngineUserPolicyWrites} or named below with the reason an engine user may set it. A new variable in a
 * model or a delegate fails here until someone decides which it is.
 */
class GuardedVariablesCompleteTest {

    private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final String DMN = "https://www.omg.org/spec/DMN/20191111/MODEL/";

    /** Process key -> variable -> why a signed-in engine user may set it at any time. */
    private static final Map<String, Map<String, String>> USER_SETTABLE = Map.of(
            PasswordResetProcess.PROCESS_KEY, Map.of(
                    "approvalDecision", "the helpdesk's decision on \"Approve reset\", its whole point",
                    "approvalComment", "the helpdesk's reason for a rejection, shown nowhere but in history"),
            AccountActivationProcess.PROCESS_KEY, Map.of(
                    "accountSummary", "the helpdesk's own review line; ResetFlow writes it inside the helpdesk's "
                            + "command when the called reset ends on an approval, so a guard would refuse that",
                    "resetEnd", "read into the review line only, written like accountSummary",
                    "ineligibleReason", "read into the review line only, written like accountSummary"),
            HelpdeskResetProcess.PROCESS_KEY, Map.of(
                    "accountSummary", "the helpdesk's own review lines; ResetFlow writes them inside the helpdesk's "
                            + "command when a called reset ends on an approval, so a guard would refuse that",
                    "resetEnd", "read into the review line only, written like accountSummary",
                    "ineligibleReason", "read into the review line only, written like accountSummary",
                    "accountName", "the engine sets each account's element when \"Send reset link per account\" "
                            + "starts its instances, and \"Look up account\" reads it in that same job",
                    "passwordGenerationSupported", "set and read by ResetFlow in the helpdesk's own start command "
                            + "(Check password generation is synchronous), nothing runs in between; a guard would "
                            + "refuse that start"));

    /** Decision outputs that never become a process variable. */
    private static final Map<String, String> NOT_PROCESS_VARIABLES = Map.of(
            "requireProofOfWork", "requestChecks is evaluated by the request page (botdefence), not in a process");

    @Test
    void shouldGuardEveryVariableTheModelsAndDelegatesSetUnlessItIsNamedAsUserSettable() throws Exception {
        Set<String> unaccounted = new TreeSet<>();
        Map<String, Set<String>> setIn = variablesSetPerProcess();

        setIn.forEach((process, names) -> names.forEach(name -> {
            if (!guarded(process, name) && !USER_SETTABLE.getOrDefault(process, Map.of()).containsKey(name)) {
                unaccounted.add(process + ": " + name);
            }
        }));

        assertThat(setIn).containsKeys(PasswordResetProcess.PROCESS_KEY, AccountActivationProcess.PROCESS_KEY,
                HelpdeskResetProcess.PROCESS_KEY);
        assertThat(setIn.get(PasswordResetProcess.PROCESS_KEY)).contains("checkBreachedPasswords", "maxAttempts",
                "accountEmail", "accountPrivileged");
        assertThat(unaccounted).as("variables neither guarded nor named as user-settable").isEmpty();
    }

    @Test
    void shouldGuardEveryOutputOfEveryDecisionTable() throws Exception {
        Set<String> unguarded = new TreeSet<>();
        for (Path table : files("bpmn", ".dmn")) {
            for (Element output : elements(parse(table), DMN, "output")) {
                String name = output.getAttribute("name");
                if (!guarded(PasswordResetProcess.PROCESS_KEY, name) && !NOT_PROCESS_VARIABLES.containsKey(name)) {
                    unguarded.add(table.getFileName() + ": " + name);
                }
            }
        }

        assertThat(unguarded).as("decision outputs a signed-in user could still change").isEmpty();
    }

    @Test
    void shouldSetVariablesOnlyThroughNamedConstantsSoThisTestSeesThem() throws IOException {
        Pattern literal = Pattern.compile("\\.(setVariable|setVariableLocal|putValue|removeVariable)\\(\\s*\"");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = literal.matcher(Files.readString(source));
                while (matcher.find()) {
                    offenders.add(source + ": " + matcher.group());
                }
            }
        }

        assertThat(offenders).as("variable names written as literals instead of VAR_ constants").isEmpty();
    }

    /** What the shipped models and ResetFlow's constants set, per process key. */
    private static Map<String, Set<String>> variablesSetPerProcess() throws Exception {
        Map<String, Set<String>> setIn = new java.util.TreeMap<>();
        Map<String, List<String>> decisionOutputs = new java.util.HashMap<>();
        for (Path table : files("bpmn", ".dmn")) {
            for (Element decision : elements(parse(table), DMN, "decision")) {
                List<String> outputs = new ArrayList<>();
                for (Element output : elements(decision, DMN, "output")) {
                    outputs.add(output.getAttribute("name"));
                }
                decisionOutputs.put(decision.getAttribute("id"), outputs);
            }
        }
        for (Path model : files("bpmn", ".bpmn")) {
            for (Element process : elements(parse(model), BPMN, "process")) {
                String key = process.getAttribute("id");
                Set<String> names = setIn.computeIfAbsent(key, k -> new TreeSet<>());
                for (Element task : elements(process, BPMN, "businessRuleTask")) {
                    names.addAll(decisionOutputs.getOrDefault(task.getAttributeNS(CAMUNDA, "decisionRef"), List.of()));
                    addIfPresent(names, task.getAttributeNS(CAMUNDA, "resultVariable"));
                }
                for (String parameter : List.of("inputParameter", "outputParameter")) {
                    for (Element mapping : elements(process, CAMUNDA, parameter)) {
                        names.add(mapping.getAttribute("name"));
                    }
                }
                for (Element out : elements(process, CAMUNDA, "out")) {
                    addIfPresent(names, out.getAttribute("target"));
                }
                for (Element call : elements(process, BPMN, "callActivity")) {
                    Set<String> called = setIn.computeIfAbsent(call.getAttribute("calledElement"), k -> new TreeSet<>());
                    for (Element in : elements(call, CAMUNDA, "in")) {
                        addIfPresent(called, in.getAttribute("target"));
                    }
                }
                for (Element start : elements(process, BPMN, "startEvent")) {
                    addIfPresent(names, start.getAttributeNS(CAMUNDA, "initiator"));
                    String form = start.getAttributeNS(CAMUNDA, "formRef");
                    if (!form.isEmpty()) {
                        names.addAll(formKeys(form));
                    }
                }
                for (Element task : elements(process, BPMN, "userTask")) {
                    String form = task.getAttributeNS(CAMUNDA, "formRef");
                    if (!form.isEmpty()) {
                        names.addAll(formKeys(form));
                    }
                }
                for (Element loop : elements(process, BPMN, "multiInstanceLoopCharacteristics")) {
                    addIfPresent(names, loop.getAttributeNS(CAMUNDA, "elementVariable"));
                }
            }
        }
        setIn.computeIfAbsent(PasswordResetProcess.PROCESS_KEY, k -> new TreeSet<>())
                .addAll(constants(PasswordResetProcess.class));
        setIn.computeIfAbsent(AccountActivationProcess.PROCESS_KEY, k -> new TreeSet<>())
                .addAll(constants(AccountActivationProcess.class));
        setIn.computeIfAbsent(HelpdeskResetProcess.PROCESS_KEY, k -> new TreeSet<>())
                .addAll(constants(HelpdeskResetProcess.class));
        return setIn;
    }

    /** The values of a constants class's {@code VAR_} fields: the variables its delegates and pages write. */
    private static Set<String> constants(Class<?> names) throws IllegalAccessException {
        Set<String> values = new TreeSet<>();
        for (Field field : names.getDeclaredFields()) {
            if (field.getName().startsWith("VAR_") && Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class) {
                field.setAccessible(true);
                values.add((String) field.get(null));
            }
        }
        assertThat(values).as("VAR_ constants of " + names.getSimpleName()).isNotEmpty();
        return values;
    }

    private static Set<String> formKeys(String formId) throws IOException {
        Path form = Path.of("forms", formId + ".form");
        assertThat(form).as("the form a model refers to").exists();
        Set<String> keys = new TreeSet<>();
        Matcher key = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(form));
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    private static void addIfPresent(Set<String> names, String name) {
        if (name != null && !name.isEmpty()) {
            names.add(name);
        }
    }

    private static List<Path> files(String directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
            assertThat(found).as(directory + "/*" + suffix).isNotEmpty();
            return found;
        }
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> elements(Object parent, String namespace, String localName) {
        NodeList nodes = parent instanceof Document document ? document.getElementsByTagNameNS(namespace, localName)
                : ((Element) parent).getElementsByTagNameNS(namespace, localName);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** Whether the guard refuses a signed-in user's change or delete of this variable of this process. */
    private static boolean guarded(String process, String name) {
        return RefuseEngineUserPolicyWrites.guarded(process, name);
    }
}
