package org.resetflow.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Active only in demo mode as {@link DemoMode} decides it (or only outside it, with {@code false}). Every demo bean
 * carries it: controllers are picked up by component scanning on their own, so a condition on a configuration class
 * alone would not keep them out.
 *
 * <p>Public because the web security outside this package guards the demo paths differently in and out of demo mode.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnDemoModeCondition.class)
public @interface ConditionalOnDemoMode {

    /** {@code true}: only in demo mode; {@code false}: only outside it. */
    boolean value() default true;

}
