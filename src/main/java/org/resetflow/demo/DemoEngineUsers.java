package org.resetflow.demo;

import jakarta.annotation.PostConstruct;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.resetflow.helpdesk.EngineGroups;
import org.resetflow.helpdesk.HelpdeskProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * In demo mode, one engine user per group, so a newcomer can see what the helpdesk, a process owner and an admin
 * each may do. Each password comes from the environment ({@code RESETFLOW_DEMO_HELPDESK_PASSWORD},
 * {@code RESETFLOW_DEMO_OWNER_PASSWORD}, {@code RESETFLOW_DEMO_ADMIN_PASSWORD}); a missing one is generated when the
 * user is created and printed once, in demo mode only. No fixed password: a demo left reachable is not an open door.
 */
@Component
@ConditionalOnDemoMode
class DemoEngineUsers {

    private static final Logger log = LoggerFactory.getLogger(DemoEngineUsers.class);

    private final IdentityService identityService;
    private final EngineGroups engineGroups;
    private final DemoProperties properties;

    /** EngineGroups is a parameter so that the groups exist before their members. */
    DemoEngineUsers(IdentityService identityService, EngineGroups engineGroups, DemoProperties properties) {
        this.identityService = identityService;
        this.engineGroups = engineGroups;
        this.properties = properties;
    }

    @PostConstruct
    void createUsers() {
        HelpdeskProperties.Groups groups = engineGroups.names();
        user("demohelpdesk", "Helpdesk", groups.helpdesk(), properties.helpdeskPassword());
        user("demoowner", "Process owner", groups.processOwners(), properties.ownerPassword());
        user("demoadmin", "Admin", groups.admins(), properties.adminPassword());
        // Names only: no password ever goes to the log, not even a demo one. The defaults are documented instead,
        // like Camunda's demo/demo, and exist only in demo mode.
        log.info("Demo engine users for /camunda (demo mode only): demohelpdesk, demoowner, demoadmin; each one's "
                + "password is its user name unless RESETFLOW_DEMO_HELPDESK_PASSWORD, RESETFLOW_DEMO_OWNER_PASSWORD "
                + "or RESETFLOW_DEMO_ADMIN_PASSWORD sets it");
    }

    private void user(String id, String firstName, String group, String configuredPassword) {
        String password = configuredPassword == null || configuredPassword.isBlank() ? id : configuredPassword;
        User user = identityService.createUserQuery().userId(id).singleResult();
        if (user == null) {
            user = identityService.newUser(id);
            user.setFirstName(firstName);
            user.setLastName("(demo)");
        }
        user.setPassword(password);
        identityService.saveUser(user);
        if (identityService.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
            identityService.createMembership(id, group);
        }
    }
}
