package org.resetflow.helpdesk;

import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.Group;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.stereotype.Component;

/**
 * Whether a helpdesk request may disable, re-enable or revoke an account. A member of the privileged group
 * ({@code resetflow.helpdesk.privileged-group}, the group the reset policy asks approval for) only when an admin
 * started the request: these actions write to the directory at once, and an approval afterwards could not undo a
 * disabled or revoked admin account, so they are the admins' alone.
 *
 * <p>Who started the request is the engine's own record (the historic process instance's start user), never a
 * variable: start variables are whatever the caller sent. The starter's groups are read when the step runs, so a
 * member who left the admins since the start has lost the right. No record (no signed-in starter, or no history)
 * counts as "not an admin".
 */
@Component
class PrivilegedAccountGuard {

    private final HelpdeskProperties properties;
    private final HistoryService historyService;
    private final IdentityService identityService;

    PrivilegedAccountGuard(HelpdeskProperties properties, HistoryService historyService,
                           IdentityService identityService) {
        this.properties = properties;
        this.historyService = historyService;
        this.identityService = identityService;
    }

    /** The user who started this process instance, as the engine recorded it, with the groups the user has now. */
    Starter starterOf(String processInstanceId) {
        HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        String userId = instance == null ? null : instance.getStartUserId();
        if (userId == null) {
            return Starter.UNKNOWN;
        }
        return new Starter(userId, identityService.createGroupQuery().groupMember(userId).list().stream()
                .map(Group::getId).collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether a request this starter made may change the account: always, unless it is privileged. */
    boolean mayChange(DirectoryAccount account, Starter starter) {
        return !account.groups().contains(properties.privilegedGroup())
                || starter.groups().contains(properties.groups().admins())
                || starter.groups().contains(Groups.CAMUNDA_ADMIN);
    }

    /** The summary's outcome for a privileged account a non-admin's request named; {@code unchanged} says what stays. */
    static String refusal(String unchanged) {
        return "refused (privileged account: only an admin may disable, re-enable or revoke it; " + unchanged + ")";
    }

    /** A request's starter: a user id (or none) and that user's engine groups. */
    record Starter(String userId, Set<String> groups) {

        static final Starter UNKNOWN = new Starter(null, Set.of());

        Starter {
            groups = Set.copyOf(groups);
        }
    }
}
