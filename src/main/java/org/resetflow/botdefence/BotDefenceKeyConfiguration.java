package org.resetflow.botdefence;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.resetflow.demo.ConditionalOnDemoMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the signing key comes from: the environment, always outside demo mode. Demo mode generates one per start
 * (challenges issued before a restart then fail, which a demo can live with); a real deployment must give every node
 * the same key, or a challenge issued by one node would fail on the next.
 */
@Configuration(proxyBeanMethods = false)
class BotDefenceKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BotDefenceKeyConfiguration.class);

    @Bean
    @ConditionalOnDemoMode
    BotDefenceKey demoBotDefenceKey(BotDefenceProperties properties) {
        if (hasKey(properties)) {
            return checked(properties.hmacKey());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        log.info("Demo mode: bot-defence challenges are signed with a key generated for this run");
        return new BotDefenceKey(HexFormat.of().formatHex(key));
    }

    @Bean
    @ConditionalOnDemoMode(false)
    BotDefenceKey botDefenceKey(BotDefenceProperties properties) {
        if (!properties.enabled()) {
            return new BotDefenceKey("");
        }
        if (!hasKey(properties)) {
            throw new IllegalStateException("ResetFlow refuses to start: the bot defence is on "
                    + "(resetflow.bot-defence.enabled) but has no signing key. Set RESETFLOW_BOT_DEFENCE_HMAC_KEY to at "
                    + "least " + BotDefenceProperties.MIN_KEY_LENGTH + " random characters, the same on every node, "
                    + "or switch the bot defence off.");
        }
        return checked(properties.hmacKey());
    }

    private static boolean hasKey(BotDefenceProperties properties) {
        return properties.hmacKey() != null && !properties.hmacKey().isBlank();
    }

    private static BotDefenceKey checked(String key) {
        if (key.length() < BotDefenceProperties.MIN_KEY_LENGTH) {
            throw new IllegalStateException("ResetFlow refuses to start: RESETFLOW_BOT_DEFENCE_HMAC_KEY has "
                    + key.length() + " characters; it needs at least " + BotDefenceProperties.MIN_KEY_LENGTH);
        }
        return new BotDefenceKey(key);
    }
}
