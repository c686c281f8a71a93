package org.resetflow.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Active only while no real SCIM directory is configured. Blank counts as missing, exactly as the SCIM client
 * decides whether to call the demo directory, so the two never disagree about demo mode.
 *
 * <p>Controllers are picked up by component scanning on their own, so a condition on the configuration class
 * alone would not keep them out; every demo-directory bean carries this annotation instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnExpression("'${resetflow.scim.base-url:}'.trim().isEmpty()")
@interface ConditionalOnDemoDirectory {

}
