package org.resetflow.demo;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Runs the demo mail server in demo mode and supplies the {@code JavaMailSender} that Spring Boot only
 * auto-configures when {@code spring.mail.host} is set, which demo mode rules out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDemoMode
@EnableConfigurationProperties(DemoProperties.class)
class DemoMailConfiguration {

    /**
     * Started as soon as the bean exists rather than in a later lifecycle phase: the mail sender below needs the
     * port actually bound (the configured one may be 0), and nothing may send mail before the server listens.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    DemoMailbox demoMailbox(DemoProperties properties) {
        return new DemoMailbox(properties.smtpPort());
    }

    @Bean
    JavaMailSenderImpl mailSender(DemoMailbox mailbox, DemoOutages outages) {
        JavaMailSenderImpl sender = new DemoMailSender(outages);
        sender.setHost(mailbox.smtpHost());
        sender.setPort(mailbox.smtpPort());
        sender.setProtocol("smtp");
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        // Jakarta Mail waits forever by default; a wedged demo server should fail a request, not hang it.
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        properties.setProperty("mail.smtp.writetimeout", "5000");
        sender.setJavaMailProperties(properties);
        return sender;
    }

}
