package org.resetflow.scim;

import org.resetflow.directory.Directory;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import org.resetflow.ldap.ConditionalOnDirectoryKind;
import org.resetflow.ldap.DirectoryKind;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ScimClientConfiguration {

    /** A client of its own, so the directory's timeouts never depend on other HTTP settings of the app. */
    @Bean
    RestClient scimRestClient(ScimProperties properties, ObjectProvider<MeterRegistry> meters) {
        return restClient(properties, meters.getIfAvailable());
    }

    /** @param meters where directory calls are timed, or null for nowhere */
    static RestClient restClient(ScimProperties properties, MeterRegistry meters) {
        HttpClient httpClient = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(properties.readTimeout());
        RestClient.Builder client = RestClient.builder().requestFactory(requestFactory);
        if (meters != null) {
            client.requestInterceptor(new DirectoryCallTimer(meters));
        }
        return client.build();
    }

    /**
     * The one {@link Directory} the rest of the application sees, speaking {@code resetflow.scim.dialect}, unless the
     * directory is LDAP ({@code ldap.LdapConfiguration}).
     */
    @Bean
    @ConditionalOnDirectoryKind(DirectoryKind.SCIM)
    Directory directory(ScimProperties properties, DirectoryHttp http) {
        return dialect(properties.dialect(), http);
    }

    static ScimDialect dialect(ScimProperties.Dialect dialect, DirectoryHttp http) {
        return switch (dialect) {
            case RFC7644 -> new Rfc7644Directory(http, () -> ScimCapabilities.RFC7644_DEFAULTS);
            case AUTO -> new Rfc7644Directory(http, new ServiceProviderConfig(http));
            case GLUU -> new GluuDirectory(http);
            case ORACLE -> new OracleDirectory(http);
            case PING -> new PingDirectory(http);
        };
    }
}
