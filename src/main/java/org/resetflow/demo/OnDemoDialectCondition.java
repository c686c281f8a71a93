package org.resetflow.demo;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches {@link ConditionalOnDemoDialect}. Binds the property exactly as {@link DemoDialect#of} does (not a
 * string comparison), so the condition and the controllers always agree on the dialect.
 */
class OnDemoDialectCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDemoDialect.class.getName());
        DemoDialect wanted = (DemoDialect) attributes.get("value");
        DemoDialect configured;
        try {
            configured = DemoDialect.of(context.getEnvironment());
        }
        catch (BindException ex) {
            // An unknown dialect stops the SCIM client from starting anyway; it reports the bad value.
            return ConditionOutcome.noMatch(DemoDialect.PROPERTY + " is not a known dialect");
        }
        return (configured == wanted)
                ? ConditionOutcome.match(DemoDialect.PROPERTY + " is " + configured.propertyValue())
                : ConditionOutcome.noMatch(DemoDialect.PROPERTY + " is " + configured.propertyValue() + ", not "
                        + wanted.propertyValue());
    }

}
