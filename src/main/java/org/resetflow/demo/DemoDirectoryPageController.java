package org.resetflow.demo;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Lists the demo directory's users, so a newcomer knows whom to reset and can see that the reset happened. */
@Controller
@ConditionalOnDemoMode
class DemoDirectoryPageController {

    private final DemoDirectory directory;

    private final ObjectProvider<DemoMailbox> mailbox;

    private final DemoDialect dialect;

    private final DemoOutages outages;

    /** The demo's LDAP directory, when {@code resetflow.demo.directory=ldap} runs it instead of the SCIM one. */
    private final ObjectProvider<DemoLdapServer> ldap;

    DemoDirectoryPageController(DemoDirectory directory, ObjectProvider<DemoMailbox> mailbox, DemoDialect dialect,
            DemoOutages outages, ObjectProvider<DemoLdapServer> ldap) {
        this.directory = directory;
        this.ldap = ldap;
        this.mailbox = mailbox;
        this.dialect = dialect;
        this.outages = outages;
    }

    @GetMapping("/demo/directory")
    String directory(Model model) {
        ZoneId zone = ZoneId.systemDefault();
        DemoLdapServer ldapServer = this.ldap.getIfAvailable();
        List<DemoDirectory.DirectoryEntry> entries = (ldapServer != null) ? ldapServer.entries()
                : this.directory.entries();
        List<Row> rows = entries.stream().map((entry) -> Row.of(entry, zone)).toList();
        model.addAttribute("users", rows);
        model.addAttribute("scimBasePath", DemoDirectory.SCIM_BASE_PATH);
        model.addAttribute("dialect", this.dialect.propertyValue());
        model.addAttribute("ldapUrl", (ldapServer != null) ? "ldap://127.0.0.1:" + ldapServer.port() : null);
        model.addAttribute("inboxAvailable", this.mailbox.getIfAvailable() != null);
        model.addAttribute("directoryAvailable", true);
        model.addAttribute("directoryDown", this.outages.directoryDown());
        model.addAttribute("mailDown", this.outages.mailDown());
        return "demo/directory";
    }

    /** @param passwordChangedIso {@code null} while the password was never changed */
    record Row(String userName, String emails, boolean active, String passwordChangedIso,
            String passwordChangedText) {

        static Row of(DemoDirectory.DirectoryEntry entry, ZoneId zone) {
            if (entry.passwordChangedAt() == null) {
                return new Row(entry.userName(), entry.emails(), entry.active(), null, null);
            }
            ZonedDateTime changed = entry.passwordChangedAt().atZone(zone);
            return new Row(entry.userName(), entry.emails(), entry.active(), changed.toOffsetDateTime().toString(),
                    DemoPages.TIME_FORMAT.format(changed));
        }

    }

}
