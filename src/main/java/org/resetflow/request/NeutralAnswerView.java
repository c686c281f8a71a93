package org.resetflow.request;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.resetflow.language.Languages;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * "Check your mail", the one answer to every request that names something: a known or unknown account, over a limit
 * or without a proof of work. It depends on nothing of the request but its language, so it is rendered once per
 * language by the usual template and then sent as bytes. Rendering the layout took 40 % of a request's CPU, on the
 * one page that anyone can ask for in bulk.
 */
@Component
class NeutralAnswerView implements View {

    private static final String CONTENT_TYPE = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";

    private final ViewResolver templates;
    private final ConcurrentMap<String, byte[]> rendered = new ConcurrentHashMap<>();

    NeutralAnswerView(@Qualifier("thymeleafViewResolver") ViewResolver templates) {
        this.templates = templates;
    }

    @Override
    public String getContentType() {
        return CONTENT_TYPE;
    }

    @Override
    public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        Locale locale = RequestContextUtils.getLocale(request);
        // Keyed by what the page shows: its language and the links' context path. Only supported languages are
        // kept, so no header can make the map grow.
        String key = locale.toLanguageTag() + " " + request.getContextPath();
        byte[] page = rendered.get(key);
        if (page == null) {
            page = renderTemplate(locale, request, response);
            if (Languages.SUPPORTED.contains(locale)) {
                rendered.putIfAbsent(key, page);
            }
        }
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    private byte[] renderTemplate(Locale locale, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        View template = templates.resolveViewName(RequestController.VIEW_REQUEST_SENT, locale);
        if (template == null) {
            throw new IllegalStateException("No template " + RequestController.VIEW_REQUEST_SENT);
        }
        ContentCachingResponseWrapper capture = new ContentCachingResponseWrapper(response);
        // The answer to a form switches language on the start page (language.LanguageSwitch).
        template.render(Map.of("languageSwitchPath", "/"), request, capture);
        return capture.getContentAsByteArray();
    }
}
