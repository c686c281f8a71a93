package org.resetflow.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Active only while the demo directory plays the given dialect. Used on the endpoints a vendor adds to SCIM
 * (Ping's sub-resources, Oracle's Bulk), so in every other dialect those paths stay unknown, as they are on a
 * plain RFC 7644 server. Combine with {@link ConditionalOnDemoMode}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnDemoDialectCondition.class)
@interface ConditionalOnDemoDialect {

    DemoDialect value();

}
