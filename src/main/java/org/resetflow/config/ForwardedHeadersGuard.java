package org.resetflow.config;

import java.util.stream.Stream;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties.ForwardHeadersStrategy;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Refuses to start when Tomcat or Spring would rewrite the client address from forwarding headers. Tomcat's
 * RemoteIpValve trusts every private and loopback address as a proxy by default, so any client inside such a network
 * could name itself; and a rewritten address would also be what {@link ClientNetworks} takes for the peer. Runs after
 * Spring Boot's own Tomcat customizer, so it sees the valve however it was switched on (including the cloud-platform
 * default, which {@code application.yaml} turns off).
 */
@Component
class ForwardedHeadersGuard implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final ServerProperties server;

    ForwardedHeadersGuard(ServerProperties server) {
        this.server = server;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        ForwardHeadersStrategy strategy = server.getForwardHeadersStrategy();
        if (strategy == ForwardHeadersStrategy.FRAMEWORK) {
            throw refused("server.forward-headers-strategy=framework", "Spring", "Leave it at none");
        }
        if (strategy == ForwardHeadersStrategy.NATIVE) {
            throw refused("server.forward-headers-strategy=native", "Tomcat", "Leave it at none");
        }
        if (Stream.concat(factory.getEngineValves().stream(), factory.getContextValves().stream())
                .anyMatch(RemoteIpValve.class::isInstance)) {
            throw refused(remoteIpSetting(), "Tomcat", "Remove it");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private String remoteIpSetting() {
        ServerProperties.Tomcat.Remoteip remoteIp = server.getTomcat().getRemoteip();
        if (StringUtils.hasText(remoteIp.getRemoteIpHeader())) {
            return "server.tomcat.remoteip.remote-ip-header";
        }
        return StringUtils.hasText(remoteIp.getProtocolHeader()) ? "server.tomcat.remoteip.protocol-header"
                : "Tomcat's RemoteIpValve";
    }

    private static ProxySettingsException refused(String setting, String component, String fix) {
        return new ProxySettingsException(setting + " lets " + component + " take client addresses from forwarding "
                + "headers. " + fix + " and list your proxies in resetflow.trusted-proxies.");
    }
}
