package org.resetflow.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The outage switches on {@code /demo/directory}: plain forms that POST (with the public pages' CSRF token) and come
 * back to the page, which shows the state.
 */
@Controller
@ConditionalOnDemoMode
class DemoOutageController {

    private static final Logger log = LoggerFactory.getLogger(DemoOutageController.class);

    private final DemoOutages outages;

    DemoOutageController(DemoOutages outages) {
        this.outages = outages;
    }

    @PostMapping("/demo/directory/outage")
    String processOutageForm(@RequestParam Service service, @RequestParam boolean down) {
        switch (service) {
            case DIRECTORY -> this.outages.switchDirectory(down);
            case MAIL -> this.outages.switchMail(down);
        }
        // Said in the log too: whoever reads the log during the demo should not hunt for a real outage.
        log.warn("Demo {} outage switched {}", service.name().toLowerCase(java.util.Locale.ROOT), down ? "on" : "off");
        return "redirect:/demo/directory#outages";
    }

    enum Service {
        DIRECTORY, MAIL
    }

}
