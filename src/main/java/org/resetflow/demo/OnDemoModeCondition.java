package org.resetflow.demo;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches {@link ConditionalOnDemoMode}. Asks {@link DemoMode} and nothing else; a refused configuration fails the
 * context here too, which matters where no {@link DemoModeDefaults} ran first (a context built by hand or in a test).
 */
class OnDemoModeCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDemoMode.class.getName());
        boolean wanted = (boolean) attributes.get("value");
        boolean demo = DemoMode.of(context.getEnvironment()) == DemoMode.ON;
        String outcome = "demo mode is " + (demo ? "on" : "off");
        return (demo == wanted) ? ConditionOutcome.match(outcome) : ConditionOutcome.noMatch(outcome);
    }

}
