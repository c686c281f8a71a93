package org.resetflow.language;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the language switch in the page header links to: the page itself, in the other language. Only a GET page can
 * be asked for again; the answer to a form (and an error page) switches on the start page, unless the controller
 * names a better page in {@value #MODEL_PATH} (the password form names its link's page).
 */
@ControllerAdvice
class LanguageSwitch {

    static final String MODEL_PATH = "languageSwitchPath";

    @ModelAttribute(MODEL_PATH)
    String languageSwitchPath(HttpServletRequest request) {
        if ("GET".equals(request.getMethod()) && request.getDispatcherType() == DispatcherType.REQUEST) {
            return request.getRequestURI().substring(request.getContextPath().length());
        }
        return "/";
    }
}
