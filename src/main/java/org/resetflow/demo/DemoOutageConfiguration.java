package org.resetflow.demo;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the directory's outage switch in front of the demo SCIM API (the mail server's is in its mail sender). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDemoMode
class DemoOutageConfiguration {

    @Bean
    FilterRegistrationBean<DemoDirectoryOutageFilter> demoDirectoryOutageFilter(DemoOutages outages) {
        FilterRegistrationBean<DemoDirectoryOutageFilter> registration =
                new FilterRegistrationBean<>(new DemoDirectoryOutageFilter(outages));
        registration.addUrlPatterns(DemoDirectory.SCIM_BASE_PATH + "/*");
        return registration;
    }

}
