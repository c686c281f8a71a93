package org.resetflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * The build's coverage gate per process: after the test class, every process model deployed in the engine must have
 * had each of its flow nodes and each of its sequence flows passed, not just a high total over all models. A model
 * no scenario starts counts as 0 %. Reads the report the process-test-coverage listener has just written (it runs
 * its {@code afterTestClass} first: listeners finish in reverse order and it has the lowest precedence), and names
 * every element missed.
 */
public class EveryProcessFullyCovered implements TestExecutionListener, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        Path report = Path.of("target", "process-test-coverage", testContext.getTestClass().getName(), "report.json");
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        Map<String, Set<String>> passed = new HashMap<>();
        for (JsonNode suite : json.path("suites")) {
            for (JsonNode run : suite.path("runs")) {
                for (JsonNode event : run.path("events")) {
                    passed.computeIfAbsent(event.path("modelKey").asText(), k -> new HashSet<>())
                            .add(event.path("definitionKey").asText());
                }
            }
        }
        RepositoryService repository = testContext.getApplicationContext().getBean(RepositoryService.class);
        List<String> gaps = new ArrayList<>();
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
            byte[] xml = repository.getProcessModel(definition.getId()).readAllBytes();
            var model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
            Set<String> missed = new TreeSet<>();
            for (Class<? extends ModelElementInstance> type : List.of(FlowNode.class, SequenceFlow.class)) {
                model.getModelElementsByType(type).stream()
                        .map(element -> element.getAttributeValue("id"))
                        .filter(id -> !passed.getOrDefault(definition.getKey(), Set.of()).contains(id))
                        .forEach(missed::add);
            }
            if (!missed.isEmpty()) {
                gaps.add(definition.getKey() + " misses " + missed);
            }
        }
        if (!gaps.isEmpty()) {
            throw new AssertionError("Not every flow node and sequence flow of every process is covered by "
                    + testContext.getTestClass().getSimpleName() + ": " + String.join("; ", gaps));
        }
    }
}
