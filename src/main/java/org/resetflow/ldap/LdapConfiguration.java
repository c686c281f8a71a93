package org.resetflow.ldap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.resetflow.directory.Directory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link Directory} when the directory is LDAP ({@code resetflow.ldap.url}, or the demo's embedded server),
 * speaking {@code resetflow.ldap.dialect}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDirectoryKind(DirectoryKind.LDAP)
class LdapConfiguration {

    @Bean(destroyMethod = "close")
    LdapConnections ldapConnections(LdapProperties properties, ObjectProvider<EmbeddedLdapServer> embedded,
                                    ObjectProvider<MeterRegistry> meters) {
        EmbeddedLdapServer server = embedded.getIfAvailable();
        return new LdapConnections(server == null ? properties : embeddedServer(properties, server),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    Directory directory(LdapProperties properties, LdapConnections connections) {
        return dialect(properties.dialect(), connections);
    }

    static LdapDirectory dialect(LdapProperties.Dialect dialect, LdapConnections connections) {
        return switch (dialect) {
            case OPENLDAP -> new OpenLdapDirectory(connections);
            case ACTIVE_DIRECTORY -> new ActiveDirectory(connections);
        };
    }

    /** The embedded server on loopback, plain LDAP: nothing leaves the machine, and the warning still says so. */
    private static LdapProperties embeddedServer(LdapProperties properties, EmbeddedLdapServer server) {
        return new LdapProperties("ldap://127.0.0.1:" + server.port(), LdapProperties.Dialect.OPENLDAP,
                server.baseDn(), server.bindDn(), server.bindPassword(), false, true, "", properties.poolSize(),
                properties.connectTimeout(), properties.readTimeout(), properties.retry(),
                properties.search());
    }
}
