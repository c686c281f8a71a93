package org.resetflow.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Active only while no real mail server is configured.
 *
 * <p>Spring Boot's {@code MailSenderAutoConfiguration} only builds a sender when {@code spring.mail.host} is set,
 * and it backs off when a {@code MailSender} bean exists, so an empty or blank host yields exactly one sender: ours.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnExpression("'${spring.mail.host:}'.trim().isEmpty()")
@interface ConditionalOnDemoMail {

}
