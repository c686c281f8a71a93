package org.resetflow.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a process owner may deploy: policy, not code. Decision tables (.dmn) whose every expression is FEEL, and
 * Camunda Forms (.form) built only from the plain fields the shipped forms use. Nothing else: a process model can
 * reach the whole engine from any expression ({@code ${execution.processEngineServices...}}), whatever beans are
 * allowed, so BPMN (and CMMN, scripts, embedded forms, anything else) goes through an admin.
 *
 * <p>FEEL in a table sees the variables it is given and FEEL's own functions; it cannot call Java (ResetFlow
 * registers no FEEL function providers, and Camunda builds feel-scala with external functions off). JUEL and script
 * languages in a table can call any bean, so they are refused, also where the table leaves the language to the
 * engine's default and that default is not FEEL (with {@code dmnFeelEnableLegacyBehavior} input expressions, output
 * entries and literal expressions default to JUEL).
 */
final class PolicyResources {

    /** The component types of the shipped forms, and plain fields like them: nothing that runs or embeds content. */
    static final Set<String> FORM_COMPONENTS = Set.of("text", "textfield", "textarea", "radio", "number", "checkbox",
            "checklist", "select", "datetime", "spacer", "separator", "group");

    /** The DMN elements whose language the engine takes from its configuration when the table names none. */
    static final List<String> DEFAULTED = List.of("inputExpression", "inputEntry", "outputEntry", "literalExpression");

    /**
     * With "feel" in any case, exactly what Camunda's DMN engine evaluates with FEEL
     * ({@code ExpressionEvaluationHandler#isFeelExpressionLanguage}). Any other name, "feel-scala" included, goes to
     * a script engine.
     */
    private static final Set<String> FEEL = Set.of(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN12,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN13,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN14,
            DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN15);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The engine's default language per element of {@link #DEFAULTED}; {@code null} when unknown. */
    private final Map<String, String> defaultLanguages;

    PolicyResources(Map<String, String> defaultLanguages) {
        this.defaultLanguages = defaultLanguages;
    }

    /** Why a process owner may not deploy this resource, naming the resource and the element; empty if he may. */
    Optional<String> refusal(String name, byte[] content) {
        List<String> problems;
        if (name.endsWith(".dmn") || name.endsWith(".dmn11.xml")) {
            problems = decisionProblems(content);
        } else if (name.endsWith(".form")) {
            problems = formProblems(content);
        } else {
            problems = List.of("not a decision table (.dmn) or a form (.form); models and scripts run as the engine");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of("'" + name + "': " + String.join(", ", problems));
    }

    static boolean isFeel(String language) {
        return language != null && (FEEL.contains(language) || "feel".equals(language.toLowerCase(Locale.ROOT)));
    }

    private List<String> decisionProblems(byte[] content) {
        Element root;
        try {
            root = parser().parse(new ByteArrayInputStream(content)).getDocumentElement();
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return List.of("not a decision table: its XML does not parse (" + e.getClass().getSimpleName() + ")");
        }
        List<String> problems = new ArrayList<>();
        NodeList elements = root.getElementsByTagNameNS("*", "*");
        check(root, problems);
        for (int i = 0; i < elements.getLength(); i++) {
            check((Element) elements.item(i), problems);
        }
        return problems;
    }

    private void check(Element element, List<String> problems) {
        String kind = element.getLocalName();
        String language = element.hasAttribute("expressionLanguage") ? element.getAttribute("expressionLanguage")
                : null;
        // The engine reads the attribute without a namespace; one with a prefix is refused rather than guessed at
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if ("expressionLanguage".equals(attribute.getLocalName()) && attribute.getNamespaceURI() != null
                    && !isFeel(attribute.getNodeValue())) {
                problems.add(describe(element) + " is in '" + attribute.getNodeValue() + "', only FEEL is allowed");
            }
        }
        if (language != null && !isFeel(language)) {
            problems.add(describe(element) + " is in '" + language + "', only FEEL is allowed");
        } else if (language == null && DEFAULTED.contains(kind) && usesEngineDefault(element)
                && !isFeel(defaultLanguages.get(kind))) {
            problems.add(describe(element) + " names no expression language and the engine's default for it is '"
                    + defaultLanguages.get(kind) + "', only FEEL is allowed");
        }
    }

    /**
     * Whether an element that names no language gets the engine's default: Camunda uses the table's own
     * {@code expressionLanguage} instead only where that is not one of the FEEL namespaces
     * ({@code DmnExpressionTransformHelper}); a table-wide language other than FEEL is refused on its own.
     */
    private static boolean usesEngineDefault(Element element) {
        Element root = element.getOwnerDocument().getDocumentElement();
        return !root.hasAttribute("expressionLanguage") || FEEL.contains(root.getAttribute("expressionLanguage"));
    }

    private static String describe(Element element) {
        String id = element.getAttribute("id");
        return element.getLocalName() + (id.isEmpty() ? "" : " '" + id + "'");
    }

    private static List<String> formProblems(byte[] content) {
        JsonNode form;
        try {
            form = JSON.readTree(content);
        } catch (IOException e) {
            return List.of("not a form: its JSON does not parse");
        }
        if (form == null || !form.isObject() || !form.path("components").isArray()) {
            return List.of("not a form: no components");
        }
        List<String> problems = new ArrayList<>();
        components(form, problems);
        return problems;
    }

    private static void components(JsonNode container, List<String> problems) {
        for (JsonNode component : container.path("components")) {
            String type = component.path("type").asText("");
            if (!FORM_COMPONENTS.contains(type)) {
                String id = component.path("id").asText("");
                problems.add("component" + (id.isEmpty() ? "" : " '" + id + "'") + " of type '" + type
                        + "' may run or embed content; allowed are " + String.join(", ",
                        FORM_COMPONENTS.stream().sorted().toList()));
            }
            components(component, problems);
        }
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // A table is read here before the engine parses it: no DTDs, no external entities
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder();
    }
}
