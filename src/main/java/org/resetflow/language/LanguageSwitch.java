package org.resetflow.language;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
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
    private static final Pattern PLAIN_PATH = Pattern.compile("/(?!/)[A-Za-z0-9/_.-]{0,200}");

    @ModelAttribute(MODEL_PATH)
    String languageSwitchPath(HttpServletRequest request) {
        if ("GET".equals(request.getMethod()) && request.getDispatcherType() == DispatcherType.REQUEST) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            // Only plain paths of this site: "//host" would make the link leave it.
            if (PLAIN_PATH.matcher(path).matches()) {
                return path;
            }
        }
        return "/";
    }
}
