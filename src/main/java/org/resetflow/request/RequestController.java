package org.resetflow.request;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** The request page and its one neutral answer. */
@Controller
class RequestController {

    static final String VIEW_REQUEST_FORM = "request/form";
    static final String VIEW_REQUEST_SENT = "request/sent";

    private final ResetRequests resetRequests;

    RequestController(ResetRequests resetRequests) {
        this.resetRequests = resetRequests;
    }

    @GetMapping("/")
    String initRequestForm() {
        return VIEW_REQUEST_FORM;
    }

    @PostMapping("/request")
    String processRequestForm(@ModelAttribute RequestForm form, HttpServletRequest request,
                              HttpServletResponse response, Model model) {
        Optional<String> identifier = Identifiers.clean(form.identifier());
        if (identifier.isEmpty()) {
            // Says nothing about any account: only that the input itself cannot be a user name or address.
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("invalidIdentifier", true);
            return VIEW_REQUEST_FORM;
        }
        resetRequests.request(identifier.get(), request.getRemoteAddr());
        return VIEW_REQUEST_SENT;
    }
}
