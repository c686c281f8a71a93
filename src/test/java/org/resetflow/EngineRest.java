package org.resetflow;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.spring.boot.starter.webapp.filter.LazyInitRegistration;
import org.springframework.context.ApplicationContext;

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

    /**
     * Camunda's webapps (its Spring Boot starter) set up their filters lazily from an application context kept in a
     * static field, and a closing context sets that field to null. When the test run's context cache closes an older
     * context after this one started, the filters of this one are never set up and Tasklist and Cockpit answer every
     * page with a server error (two full runs failed so: the sign-in form never came). A webapp test points the field
     * back at its own context first, which also sets up the filters still waiting.
     */
    public static void useWebappsOf(ApplicationContext context) {
        new LazyInitRegistration().setApplicationContext(context);
    }
}
