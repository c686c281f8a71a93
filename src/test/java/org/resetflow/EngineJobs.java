package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.resetflow.request.ResetStarter;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.JobQuery;

/**
 * Waits for the job executor before a test asserts that something did <em>not</em> happen. A reset mail leaves from
 * a job two asynchronous steps after the request (the intake's "Look up accounts", then "Issue token" with "Send
 * reset mail"), so
 * an empty mailbox proves nothing while such a job is still due, running, or waiting for its retry.
 *
 * <p>Needs the job executor on ({@code camunda.bpm.job-execution.enabled}); with it off, run the jobs by hand.
 */
public final class EngineJobs {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EngineJobs() {
    }

    /**
     * Waits until the request inbox is empty (every request has its reset), no job of any reset is due, and no
     * asynchronous step of any reset is pending.
     */
    public static void awaitIdle(ManagementService managementService, ResetStarter starter) {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(starter.queued()).as("requests waiting in the inbox").isZero());
        awaitNoDueJobs(managementService, null);
    }

    /**
     * For tests that drive the engine by hand (job executor off, and with it the inbox's starter): starts the queued
     * requests' resets, then runs every due job until none is left, at most five rounds.
     */
    public static void startQueuedAndRunJobs(ManagementService managementService, ResetStarter starter) {
        starter.startQueued();
        for (int round = 0; round < 5; round++) {
            List<Job> due = managementService.createJobQuery().executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(job -> managementService.executeJob(job.getId()));
        }
    }

    /**
     * For tests that drive the engine by hand: claims the queued requests in batches, runs each batch's "Look up
     * accounts" job, and returns the resets the batches started (requests that named no eligible account start none).
     * Each reset waits at its first wait state, usually "Issue token".
     */
    public static List<String> startQueuedResets(ManagementService managementService, RuntimeService runtimeService,
                                                 ResetStarter starter) {
        java.util.Set<String> before = resetIds(runtimeService);
        for (String intake : starter.startQueued()) {
            Job lookUp = managementService.createJobQuery().processInstanceId(intake).singleResult();
            managementService.executeJob(lookUp.getId());
        }
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .list().stream().map(org.camunda.bpm.engine.runtime.ProcessInstance::getId)
                .filter(id -> !before.contains(id)).toList();
    }

    private static java.util.Set<String> resetIds(RuntimeService runtimeService) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .list().stream().map(org.camunda.bpm.engine.runtime.ProcessInstance::getId)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Waits until no job of any reset is due, and no asynchronous step of any reset is pending. */
    public static void awaitNoDueJobs(ManagementService managementService) {
        awaitNoDueJobs(managementService, null);
    }

    /**
     * Waits until no job of this reset is due, and no asynchronous step of it is pending.
     *
     * <p>"Due" alone is not enough: a job that failed waits for its retry with a due date in the future (the model's
     * retry cycle), and would send its mail later. A job the job executor has locked stays in the table until its
     * transaction commits, and the mail leaves inside that transaction, so "no job left" means "mail sent, if any".
     * Timers that are not due yet (the link's expiry) do not count; a job without retries left is an incident and
     * runs only when an admin retries it.
     *
     * @param processInstanceId the reset, or {@code null} for every reset
     */
    public static void awaitNoDueJobs(ManagementService managementService, String processInstanceId) {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<Job> due = query(managementService, processInstanceId).executable().list();
            List<Job> pending = query(managementService, processInstanceId).messages().withRetriesLeft().list();
            assertThat(due).as("jobs still due").extracting(EngineJobs::describe).isEmpty();
            assertThat(pending).as("asynchronous steps still pending (a failed one waits for its retry)")
                    .extracting(EngineJobs::describe).isEmpty();
        });
    }

    private static JobQuery query(ManagementService managementService, String processInstanceId) {
        JobQuery query = managementService.createJobQuery();
        return processInstanceId == null ? query : query.processInstanceId(processInstanceId);
    }

    private static String describe(Job job) {
        return "job " + job.getId() + " of reset " + job.getProcessInstanceId() + " (retries " + job.getRetries()
                + ", due " + job.getDuedate() + (job.getExceptionMessage() == null ? ""
                : ", failed at " + job.getFailedActivityId() + ": " + job.getExceptionMessage()) + ")";
    }
}
