package org.resetflow.helpdesk;

import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.ManagementServiceImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.stereotype.Component;

/**
 * A refused job run costs the job nothing. Camunda runs a job on request ({@code POST /job/{id}/execute},
 * {@code ManagementService.executeJob}) through {@code ExecuteJobHelper}, which treats any exception of the run as a
 * failed attempt and hands it to the {@code FailedJobListener}: the job loses a retry, stores the exception and at
 * zero becomes an incident. The engine checks the caller's right to update the job inside that run, so its own
 * refusal counts as a failure too: a helpdesk member answered 403 could still turn any reset's jobs into incidents.
 * A command interceptor cannot help, as the helper catches what the interceptors throw as well.
 *
 * <p>So the management service asks the engine's own checks (the same {@code checkUpdateJob} the run makes) in a
 * command of their own first, and runs the job only when they pass. The job executor never comes this way, and a call
 * without a signed-in user passes the checks as before; an unknown job id is left to the engine (404).
 */
@Component
class RefuseJobRunsBeforeTheyCount extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setManagementService(new CheckedJobRuns(configuration));
    }

    private static final class CheckedJobRuns extends ManagementServiceImpl {

        CheckedJobRuns(ProcessEngineConfiguration configuration) {
            super(configuration);
        }

        @Override
        public void executeJob(String jobId) {
            commandExecutor.execute(new CheckUpdateJob(jobId));
            super.executeJob(jobId);
        }
    }

    private record CheckUpdateJob(String jobId) implements Command<Void> {

        @Override
        public Void execute(CommandContext commandContext) {
            JobEntity job = jobId == null ? null : commandContext.getJobManager().findJobById(jobId);
            if (job != null) {
                for (CommandChecker checker : commandContext.getProcessEngineConfiguration().getCommandCheckers()) {
                    checker.checkUpdateJob(job);
                }
            }
            return null;
        }
    }
}
