package org.resetflow.helpdesk;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractModificationCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRestartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.RestartProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.AbstractMigrationCmd;
import org.springframework.stereotype.Component;

/**
 * Starts begin at the start event. The right to start a process is not the right to start it at any step: without
 * this, the helpdesk could start an activation at "Send activation link" for an account that already exists, or any
 * process past its approval. Only admins may start a process with start instructions
 * ({@link StartProcessInstanceAtActivitiesCmd}), modify an instance (one, or many as a batch:
 * {@link ModifyProcessInstanceCmd}, {@link ModifyProcessInstanceAsyncCmd}, {@link AbstractModificationCmd}), restart
 * instances ({@link RestartProcessInstancesCmd}, {@link RestartProcessInstancesBatchCmd}) or migrate them
 * ({@link AbstractMigrationCmd}, sync and batch). A plain start is a different command and stays as it was; the
 * engine itself refuses a plain start that skips listeners or input/output mappings.
 *
 * <p>The check runs before the command opens its transaction, with the signed-in user of the call; batch jobs and
 * ResetFlow's own code run without one and are not affected. The REST API answers 403.
 */
@Component
class RefuseStartsPastTheStart extends AbstractProcessEnginePlugin {

    private static final List<Class<?>> ADMIN_ONLY = List.of(StartProcessInstanceAtActivitiesCmd.class,
            ModifyProcessInstanceCmd.class, ModifyProcessInstanceAsyncCmd.class, AbstractModificationCmd.class,
            AbstractRestartProcessInstanceCmd.class, AbstractMigrationCmd.class);

    private final EngineAdmins admins;

    RefuseStartsPastTheStart(HelpdeskProperties properties) {
        this.admins = new EngineAdmins(properties.groups().admins());
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
        interceptors.add(new Guard(configuration));
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
    }

    static boolean isAdminOnly(Command<?> command) {
        return ADMIN_ONLY.stream().anyMatch(type -> type.isInstance(command));
    }

    private final class Guard extends CommandInterceptor {

        private final ProcessEngineConfigurationImpl configuration;

        Guard(ProcessEngineConfigurationImpl configuration) {
            this.configuration = configuration;
        }

        @Override
        public <T> T execute(Command<T> command) {
            if (isAdminOnly(command)) {
                Authentication user = configuration.getIdentityService().getCurrentAuthentication();
                if (admins.restricts(user, configuration)) {
                    throw new AuthorizationException("'" + user.getUserId() + "' may start a process at its start "
                            + "only: start instructions, modifying, restarting and migrating process instances are "
                            + "for admins (" + command.getClass().getSimpleName() + ").");
                }
            }
            return next.execute(command);
        }
    }
}
