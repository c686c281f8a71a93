package org.resetflow.helpdesk;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;
import static org.resetflow.PasswordResetProcess.PROCESS_KEY;

import jakarta.annotation.PostConstruct;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates the three engine groups and their authorizations at startup, every time, adding only what is missing (an
 * authorization an admin widened in the Admin webapp is left as it is). Members are added by admins, or in demo mode
 * by {@code demo.DemoEngineUsers}.
 * <ul>
 *   <li><b>helpdesk</b>: Tasklist; starts and follows the helpdesk processes; works the tasks it is a candidate for
 *   (the engine grants that per task). No right on self-service resets as such: it cannot list them, read their
 *   variables or history, and it cannot use the admin APIs (users, groups, authorizations).</li>
 *   <li><b>process-owners</b>: Cockpit; reads and creates deployments and reads process and decision definitions,
 *   so it can deploy a changed decision table or form from Camunda Modeler; a process model goes through an admin
 *   ({@link RefuseCodeFromNonAdmins}). It cannot read or start instances.</li>
 *   <li><b>admins</b>: everything, as Camunda's own {@code camunda-admin}: Cockpit, incidents, retries, users.</li>
 * </ul>
 */
@Component
public class EngineGroups {

    /** The helpdesk's processes, by key; their definitions may be deployed later than the group is created. */
    static final List<String> HELPDESK_PROCESS_KEYS = List.of("helpdesk-reset", "account-activation");

    static final String HELPDESK_FILTER = "Helpdesk tasks";

    private static final Logger log = LoggerFactory.getLogger(EngineGroups.class);

    private final HelpdeskProperties properties;
    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final FilterService filterService;
    private final TaskService taskService;

    EngineGroups(HelpdeskProperties properties, IdentityService identityService,
                 AuthorizationService authorizationService, FilterService filterService, TaskService taskService) {
        this.properties = properties;
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.filterService = filterService;
        this.taskService = taskService;
    }

    public HelpdeskProperties.Groups names() {
        return properties.groups();
    }

    /** Runs once the engine is built (its services are injected here); idempotent. */
    @PostConstruct
    public void createGroupsAndAuthorizations() {
        HelpdeskProperties.Groups groups = properties.groups();
        group(groups.helpdesk(), "Helpdesk");
        group(groups.processOwners(), "Process owners");
        group(groups.admins(), "Admins");

        String helpdesk = groups.helpdesk();
        grant(helpdesk, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(helpdesk, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
        for (String key : HELPDESK_PROCESS_KEYS) {
            grant(helpdesk, Resources.PROCESS_DEFINITION, key, ProcessDefinitionPermissions.READ,
                    ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.TASK_WORK,
                    ProcessDefinitionPermissions.READ_HISTORY);
        }
        // The model only (Tasklist shows the diagram of a task): no READ_INSTANCE, READ_TASK or READ_HISTORY.
        grant(helpdesk, Resources.PROCESS_DEFINITION, PROCESS_KEY, ProcessDefinitionPermissions.READ);
        grant(helpdesk, Resources.FILTER, helpdeskFilter(helpdesk), Permissions.READ);

        String owners = groups.processOwners();
        grant(owners, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(owners, Resources.DEPLOYMENT, "*", Permissions.READ, Permissions.CREATE);
        grant(owners, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ);
        grant(owners, Resources.DECISION_DEFINITION, "*", Permissions.READ);
        grant(owners, Resources.DECISION_REQUIREMENTS_DEFINITION, "*", Permissions.READ);

        for (Resources resource : Resources.values()) {
            grant(groups.admins(), resource, "*", Permissions.ALL);
        }
    }

    private void group(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created engine group '{}'", id);
        }
    }

    /** The helpdesk's Tasklist filter: the tasks its group is a candidate for. */
    private String helpdeskFilter(String helpdesk) {
        Filter existing = filterService.createFilterQuery().filterName(HELPDESK_FILTER).singleResult();
        if (existing != null) {
            return existing.getId();
        }
        Filter filter = filterService.newTaskFilter(HELPDESK_FILTER)
                .setQuery(taskService.createTaskQuery().taskCandidateGroup(helpdesk).includeAssignedTasks());
        return filterService.saveFilter(filter).getId();
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        boolean present = authorizationService.createAuthorizationQuery()
                .authorizationType(AUTH_TYPE_GRANT).groupIdIn(groupId)
                .resourceType(resource).resourceId(resourceId).count() > 0;
        if (present) {
            return;
        }
        Authorization authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
        authorization.setGroupId(groupId);
        authorization.setResource(resource);
        authorization.setResourceId(resourceId);
        for (Permission permission : permissions) {
            authorization.addPermission(permission);
        }
        authorizationService.saveAuthorization(authorization);
    }
}
