package org.resetflow.helpdesk;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Who the engine guards hold back: a signed-in engine user who is no admin. Admins are the members of ResetFlow's
 * admins group ({@code resetflow.helpdesk.groups.admins}) and of Camunda's own admin groups ({@code camunda-admin}),
 * and Camunda's admin users. No signed-in user means the engine runs for itself (startup deployment, jobs,
 * ResetFlow's own code), which is not held back.
 *
 * <p>The groups are the ones the authentication carries, as Camunda's own authorization checks use them: the REST
 * API and the webapps set them at login; a Java caller that sets only a user id is treated as a user without groups.
 */
final class EngineAdmins {

    private final String adminsGroup;

    EngineAdmins(String adminsGroup) {
        this.adminsGroup = adminsGroup;
    }

    /** {@code true} for a signed-in user who is no admin. */
    boolean restricts(Authentication authentication, ProcessEngineConfigurationImpl configuration) {
        if (authentication == null || authentication.getUserId() == null) {
            return false;
        }
        List<String> adminUsers = configuration.getAdminUsers();
        if (adminUsers != null && adminUsers.contains(authentication.getUserId())) {
            return false;
        }
        Set<String> adminGroups = new HashSet<>(List.of(adminsGroup, Groups.CAMUNDA_ADMIN));
        if (configuration.getAdminGroups() != null) {
            adminGroups.addAll(configuration.getAdminGroups());
        }
        List<String> groups = authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
        return groups.stream().noneMatch(adminGroups::contains);
    }
}
