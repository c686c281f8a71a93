package org.resetflow.helpdesk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.springframework.stereotype.Component;

/**
 * Process owners deploy policy, not code: a signed-in user who is no admin may deploy decision tables in FEEL and
 * plain Camunda Forms only ({@link PolicyResources}); anything else, BPMN above all, goes through an admin. Every
 * expression in a process model can reach the whole engine ({@code ${execution.processEngineServices...}}), and a
 * timer or job runs it with no signed-in user, so no authorization applies: a model is code.
 *
 * <p>The check runs first among the engine's deployers, inside the deployment's command, before any model is parsed
 * or any timer scheduled: for a new deployment and a redeployment, over the REST API and the Java API alike. A refusal
 * rolls the deployment back and the REST API answers 403 with the resource and the element. Admins, and the engine
 * with no signed-in user (the deployment at startup), deploy anything.
 */
@Component
class RefuseCodeFromNonAdmins extends AbstractProcessEnginePlugin {

    private final EngineAdmins admins;

    RefuseCodeFromNonAdmins(HelpdeskProperties properties) {
        this.admins = new EngineAdmins(properties.groups().admins());
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<Deployer> deployers = configuration.getCustomPreDeployers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreDeployers());
        deployers.add(0, new Guard(configuration));
        configuration.setCustomPreDeployers(deployers);
    }

    private final class Guard implements Deployer {

        private final ProcessEngineConfigurationImpl configuration;

        Guard(ProcessEngineConfigurationImpl configuration) {
            this.configuration = configuration;
        }

        @Override
        public void deploy(DeploymentEntity deployment) {
            // The deployment cache parses deployed models again on a miss, for whoever asked: not a deployment
            if (!deployment.isNew()) {
                return;
            }
            Authentication user = Context.getCommandContext().getAuthentication();
            if (!admins.restricts(user, configuration)) {
                return;
            }
            PolicyResources policy = new PolicyResources(defaultLanguages());
            List<String> refused = new ArrayList<>();
            for (ResourceEntity resource : deployment.getResources().values()) {
                policy.refusal(resource.getName(), resource.getBytes()).ifPresent(refused::add);
            }
            if (!refused.isEmpty()) {
                throw new AuthorizationException("'" + user.getUserId() + "' may deploy decision tables in FEEL "
                        + "(.dmn) and forms of plain fields (.form) only; process models and anything else go "
                        + "through an admin. Refused: " + String.join("; ", refused));
            }
        }

        private Map<String, String> defaultLanguages() {
            DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();
            Map<String, String> defaults = new HashMap<>();
            if (dmn != null) {
                defaults.put("inputExpression", dmn.getDefaultInputExpressionExpressionLanguage());
                defaults.put("inputEntry", dmn.getDefaultInputEntryExpressionLanguage());
                defaults.put("outputEntry", dmn.getDefaultOutputEntryExpressionLanguage());
                defaults.put("literalExpression", dmn.getDefaultLiteralExpressionLanguage());
            }
            return defaults;
        }
    }
}
