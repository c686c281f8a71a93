package org.resetflow.config;

import java.util.List;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Gives the engine's DMN engine the FEEL engine it would build itself (feel-scala, with the engine's custom function
 * providers), behind {@link FeelLiteralShortcut}. The engine keeps a DMN configuration that is set before it
 * initializes and adds its history, scripting and EL settings to it as usual.
 */
@Component
class DecisionEngineSettings extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.isDmnFeelEnableLegacyBehavior()) {
            return; // the JUEL-based legacy FEEL, chosen on purpose: left exactly as the engine builds it
        }
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        List<FeelCustomFunctionProvider> functions = configuration.getDmnFeelCustomFunctionProviders() == null
                ? List.of() : configuration.getDmnFeelCustomFunctionProviders();
        dmn.setFeelEngineFactory(() -> new FeelLiteralShortcut(new ScalaFeelEngineFactory(functions).createInstance()));
        configuration.setDmnEngineConfiguration(dmn);
    }
}
