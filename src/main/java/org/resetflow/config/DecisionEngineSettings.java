package org.resetflow.config;

import java.util.List;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.juel.FeelEngineFactoryImpl;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Gives the engine's DMN engine the FEEL engine it would build itself, behind {@link FeelLiteralShortcut}: feel-scala
 * with the custom function providers the engine hands to its DMN configuration. The engine keeps a DMN
 * configuration that is set before it initializes and adds its history, scripting and EL settings to it as usual.
 * The factory decides when the DMN engine is built, after every plugin and property has had its say: with
 * {@code dmnFeelEnableLegacyBehavior} the engine's legacy FEEL is used, untouched.
 */
@Component
class DecisionEngineSettings extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        dmn.setFeelEngineFactory(() -> feelEngineFor(dmn));
        configuration.setDmnEngineConfiguration(dmn);
    }

    private static FeelEngine feelEngineFor(DefaultDmnEngineConfiguration dmn) {
        if (dmn.isEnableFeelLegacyBehavior()) {
            return new FeelEngineFactoryImpl().createInstance();
        }
        return new FeelLiteralShortcut(new ScalaFeelEngineFactory(
                dmn.getFeelCustomFunctionProviders() == null ? List.of() : dmn.getFeelCustomFunctionProviders())
                .createInstance());
    }
}
