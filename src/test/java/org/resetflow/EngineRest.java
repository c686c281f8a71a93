package org.resetflow;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;

/**
 * The engine's REST API (and its login) finds "the" engine by name in a registry that is static, shared by every
 * Spring context the test run keeps cached: the context built last wins. A test that calls {@code /engine-rest}
 * registers its own context's engine again first, so it talks to the engine it set up.
 */
public final class EngineRest {

    private EngineRest() {
    }

    public static void useEngineOf(ProcessEngine processEngine) {
        ProcessEngines.registerProcessEngine(processEngine);
    }
}
