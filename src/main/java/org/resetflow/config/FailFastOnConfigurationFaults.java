package org.resetflow.config;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.resetflow.directory.DirectoryConfigurationException;
import org.springframework.stereotype.Component;

/**
 * A job that fails because the directory refused ResetFlow's credentials (401/403) cannot succeed on retry: it gets
 * its incident at once, with the exception's message (directory and status, never a secret), instead of the model's
 * retry cycle hammering the directory with refused requests. Every other failure keeps the model's retry cycle.
 */
@Component
class FailFastOnConfigurationFaults extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        FailedJobCommandFactory standard = configuration.getFailedJobCommandFactory();
        configuration.setFailedJobCommandFactory((jobId, exception) -> {
            if (!isConfigurationFault(exception)) {
                return standard != null ? standard.getCommand(jobId, exception) : new DefaultJobRetryCmd(jobId, exception);
            }
            return (Command<Object>) commandContext -> {
                new DefaultJobRetryCmd(jobId, exception).execute(commandContext);
                JobEntity job = commandContext.getJobManager().findJobById(jobId);
                if (job != null) {
                    job.setRetries(0);
                }
                return null;
            };
        });
    }

    private static boolean isConfigurationFault(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DirectoryConfigurationException) {
                return true;
            }
        }
        return false;
    }
}
