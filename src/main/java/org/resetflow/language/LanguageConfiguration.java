package org.resetflow.language;

import org.resetflow.config.ClientNetworks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Every page offers the other languages as plain links ({@code ?lang=de}), so switching needs no JavaScript and no
 * session: the interceptor hands the choice to {@link LanguageCookie}, which remembers it in a cookie.
 */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration implements WebMvcConfigurer {

    static final String PARAMETER = "lang";

    /** The bean name the DispatcherServlet looks for; Spring Boot's own resolver steps back when it exists. */
    @Bean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver(ClientNetworks clientNetworks) {
        return new LanguageCookie(clientNetworks);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName(PARAMETER);
        // "?lang=x-bad" is ignored like any unsupported language instead of ending in an error page.
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }
}
