package org.resetflow.demo;

import jakarta.annotation.PostConstruct;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.resetflow.helpdesk.EngineGroups;
import org.resetflow.helpdesk.HelpdeskProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
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
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityService identityService;
    private final EngineGroups engineGroups;
    private final Environment environment;

    /** EngineGroups is a parameter so that the groups exist before their members. */
    DemoEngineUsers(IdentityService identityService, EngineGroups engineGroups, Environment environment) {
        this.identityService = identityService;
        this.engineGroups = engineGroups;
        this.environment = environment;
    }

    @PostConstruct
    void createUsers() {
        HelpdeskProperties.Groups groups = engineGroups.names();
        Map<String, String> printed = new LinkedHashMap<>();
        user("demohelpdesk", "Helpdesk", groups.helpdesk(), "resetflow.demo.helpdesk-password", printed);
        user("demoowner", "Process owner", groups.processOwners(), "resetflow.demo.owner-password", printed);
        user("demoadmin", "Admin", groups.admins(), "resetflow.demo.admin-password", printed);
        if (!printed.isEmpty()) {
            StringBuilder message = new StringBuilder("Demo engine users (demo mode only; shown once, set "
                    + "RESETFLOW_DEMO_HELPDESK_PASSWORD, RESETFLOW_DEMO_OWNER_PASSWORD, RESETFLOW_DEMO_ADMIN_PASSWORD "
                    + "to choose them) for /camunda:");
            printed.forEach((id, password) -> message.append(System.lineSeparator()).append("  ").append(id)
                    .append(" / ").append(password));
            log.info(message.toString());
        }
    }

    private void user(String id, String firstName, String group, String passwordProperty, Map<String, String> printed) {
        String configured = environment.getProperty(passwordProperty);
        User user = identityService.createUserQuery().userId(id).singleResult();
        if (user != null && (configured == null || configured.isBlank())) {
            return;
        }
        if (user == null) {
            user = identityService.newUser(id);
            user.setFirstName(firstName);
            user.setLastName("(demo)");
        }
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[15];
            RANDOM.nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            user.setPassword(generated);
            printed.put(id, generated);
        } else {
            user.setPassword(configured);
        }
        identityService.saveUser(user);
        if (identityService.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
            identityService.createMembership(id, group);
        }
    }
}
