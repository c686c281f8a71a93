package org.resetflow.request;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.resetflow.config.RateLimiters;
import org.resetflow.operations.ResetMetrics;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * One node's {@link ResetStarter} over a shared database, with the real inbox and directory budget and a stand-in
 * engine whose job executor runs: for tests of what the starter claims per round, without starting an engine.
 */
public final class StarterNode {

    private final ResetStarter starter;
    private final PendingLookups inbox;

    public StarterNode(DataSource database, RateLimiters rateLimiters, int lookupsPerSecond) {
        JdbcTemplate jdbc = new JdbcTemplate(database);
        RequestProperties properties = new RequestProperties(lookupsPerSecond, 10_000, 100, Duration.ofMillis(100));
        inbox = new PendingLookups(jdbc, Clock.systemUTC());
        ResetRequests requests = new ResetRequests(inbox, properties, new StaticListableBeanFactory()
                .getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class),
                new ResetMetrics(new SimpleMeterRegistry()));
        RuntimeService runtimeService = mock(RuntimeService.class);
        when(runtimeService.startProcessInstanceByKey(anyString(), any(java.util.Map.class))).thenAnswer(call -> {
            ProcessInstance instance = mock(ProcessInstance.class);
            when(instance.getId()).thenReturn(UUID.randomUUID().toString());
            return instance;
        });
        JobExecutor jobExecutor = mock(JobExecutor.class);
        when(jobExecutor.isActive()).thenReturn(true);
        ProcessEngineConfigurationImpl configuration = mock(ProcessEngineConfigurationImpl.class);
        when(configuration.getJobExecutor()).thenReturn(jobExecutor);
        ProcessEngine engine = mock(ProcessEngine.class);
        when(engine.getProcessEngineConfiguration()).thenReturn(configuration);
        starter = new ResetStarter(inbox, requests, runtimeService, engine, properties,
                new DataSourceTransactionManager(database), rateLimiters, new OwnStarts());
    }

    /** One scheduled round of this node's starter. */
    public void round() {
        starter.round();
    }

    /** A request as the request page queues it. */
    public void enqueue(String identifier) {
        inbox.enqueue(identifier, "192.0.2.1", "en");
    }
}
