package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;

/** The guard looks at the Tomcat it gets, however its RemoteIpValve got there (the startup test covers settings). */
class ForwardedHeadersGuardTest {

    @Test
    void shouldRefuseATomcatWithARemoteIpValve() {
        // Given a Tomcat that a cloud platform's default gave a RemoteIpValve
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        factory.addEngineValves(new RemoteIpValve());

        // Then the guard refuses it
        assertThatThrownBy(() -> new ForwardedHeadersGuard(new ServerProperties()).customize(factory))
                .isInstanceOf(ProxySettingsException.class)
                .hasMessage("ResetFlow refuses to start: Tomcat's RemoteIpValve lets Tomcat take client addresses "
                        + "from forwarding headers. Remove it and list your proxies in resetflow.trusted-proxies.");
    }

    @Test
    void shouldAcceptATomcatThatLeavesAddressesAlone() {
        assertThatCode(() -> new ForwardedHeadersGuard(new ServerProperties())
                .customize(new TomcatServletWebServerFactory())).doesNotThrowAnyException();
    }
}
