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

    DemoDirectoryPageController(DemoDirectory directory, ObjectProvider<DemoMailbox> mailbox, DemoDialect dialect,
            DemoOutages outages) {
        this.directory = directory;
        this.mailbox = mailbox;
        this.dialect = dialect;
        this.outages = outages;
    }

    @GetMapping("/demo/directory")
    String directory(Model model) {
        ZoneId zone = ZoneId.systemDefault();
        List<Row> rows = this.directory.entries().stream().map((entry) -> Row.of(entry, zone)).toList();
        model.addAttribute("users", rows);
        model.addAttribute("scimBasePath", DemoDirectory.SCIM_BASE_PATH);
        model.addAttribute("dialect", this.dialect.propertyValue());
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
