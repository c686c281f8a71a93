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
     * Camunda's webapps (its Spring Boot starter) set up their filters from an application context kept in a static
     * field ({@code LazyInitRegistration}). Embedded Tomcat starts, and sets the filters up, before the new context's
     * own registration bean has replaced that field, so a test context's webapps could be wired to the context of an
     * earlier test class; when the test run's context cache closed that one, every Tasklist and Cockpit page was a
     * server error (three full runs failed so: the sign-in form never came). A webapp test clears the field before
     * its context starts ({@code @BeforeAll}), so the filters wait for their own context, and points it at its own
     * context once started, which sets up any filter still waiting.
     */
    public static void forgetEarlierWebapps() {
        new LazyInitRegistration().setApplicationContext(null);
    }

    public static void useWebappsOf(ApplicationContext context) {
        new LazyInitRegistration().setApplicationContext(context);
    }
}
