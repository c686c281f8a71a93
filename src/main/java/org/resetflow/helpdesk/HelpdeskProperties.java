package org.resetflow.helpdesk;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who is who in the engine, and the two facts the reset policy (bpmn/reset-policy.dmn) cannot know by itself.
 *
 * @param groups the engine groups created at startup with their authorizations
 * @param privilegedGroup the directory group whose members' resets need the helpdesk's approval (the table decides
 *     what "privileged" means; this only names the group it compares with), and whose members only an admin may
 *     disable, re-enable or revoke ({@link PrivilegedAccountGuard})
 * @param recentRequestsWindow how far back "recent requests" of an account are counted for the policy
 */
@Validated
@ConfigurationProperties("resetflow.helpdesk")
public record HelpdeskProperties(@NotNull @Valid @DefaultValue Groups groups,
                                 @NotBlank @DefaultValue("admins") String privilegedGroup,
                                 @NotNull @DefaultValue("PT24H") Duration recentRequestsWindow) {

    /**
     * Engine group ids; changing them renames nothing that exists, it creates the new groups.
     *
     * @param helpdesk      the helpdesk: Tasklist, the candidate group of approvals and summaries, starts helpdesk
     *                      resets and account activations
     * @param processOwners the process owners: Cockpit, and deploying FEEL decision tables and plain forms (nothing
     *                      that runs code)
     * @param admins        the admins: every permission of the engine, and the only ones who may disable, re-enable
     *                      or revoke a member of {@code privilegedGroup}
     */
    public record Groups(@NotBlank @DefaultValue("helpdesk") String helpdesk,
                         @NotBlank @DefaultValue("process-owners") String processOwners,
                         @NotBlank @DefaultValue("admins") String admins) {
    }
}
