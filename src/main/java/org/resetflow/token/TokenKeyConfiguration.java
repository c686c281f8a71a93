package org.resetflow.token;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.resetflow.demo.ConditionalOnDemoMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the link key comes from: the environment, always outside demo mode. Demo mode generates one per start (its
 * in-memory database forgets every link on a restart anyway). A real deployment must give every node the same key:
 * a mail job that a killed node left behind runs again on another node and must arrive at the same link.
 */
@Configuration(proxyBeanMethods = false)
class TokenKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TokenKeyConfiguration.class);

    @Bean
    @ConditionalOnDemoMode
    TokenKey demoTokenKey(TokenProperties properties) {
        if (hasKey(properties)) {
            return checked(properties.key());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        log.info("Demo mode: reset links are derived from a key generated for this run");
        return new TokenKey(HexFormat.of().formatHex(key));
    }

    @Bean
    @ConditionalOnDemoMode(false)
    TokenKey tokenKey(TokenProperties properties) {
        if (!hasKey(properties)) {
            throw new TokenKeyException("reset links are derived from a secret key, and none is set. Set "
                    + "RESETFLOW_TOKEN_KEY (resetflow.token.key) to at least " + TokenProperties.MIN_KEY_LENGTH
                    + " random characters, the same on every node, from the environment or a secrets store.");
        }
        return checked(properties.key());
    }

    private static boolean hasKey(TokenProperties properties) {
        return properties.key() != null && !properties.key().isBlank();
    }

    private static TokenKey checked(String key) {
        if (key.length() < TokenProperties.MIN_KEY_LENGTH) {
            throw new TokenKeyException("RESETFLOW_TOKEN_KEY has " + key.length() + " characters; it needs at least "
                    + TokenProperties.MIN_KEY_LENGTH + " random characters, the same on every node.");
        }
        return new TokenKey(key);
    }
}
