package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.junit.jupiter.api.Test;

class DecisionEngineSettingsTest {

    @Test
    void shouldPutTheShortcutInFrontOfFeelScala() {
        DefaultDmnEngineConfiguration dmn = configuredDmn();

        assertThat(dmn.getFeelEngineFactory().createInstance()).isInstanceOf(FeelLiteralShortcut.class);
    }

    @Test
    void shouldLeaveTheLegacyFeelUntouchedWhenAnOperatorChoseIt() {
        DefaultDmnEngineConfiguration dmn = configuredDmn();
        // as the engine's DMN set-up does later, from dmnFeelEnableLegacyBehavior
        dmn.setEnableFeelLegacyBehavior(true);

        assertThat(dmn.getFeelEngineFactory().createInstance()).isNotInstanceOf(FeelLiteralShortcut.class)
                .isInstanceOf(org.camunda.bpm.dmn.feel.impl.juel.FeelEngineImpl.class);
    }

    private static DefaultDmnEngineConfiguration configuredDmn() {
        SpringProcessEngineConfiguration engine = new SpringProcessEngineConfiguration();
        new DecisionEngineSettings().preInit(engine);
        return engine.getDmnEngineConfiguration();
    }
}
