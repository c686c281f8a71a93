package org.resetflow.ldap;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches {@link ConditionalOnDirectoryKind}, asking {@link DirectoryKind} and nothing else. */
class OnDirectoryKindCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDirectoryKind.class.getName());
        DirectoryKind wanted = (DirectoryKind) attributes.get("value");
        DirectoryKind kind = DirectoryKind.of(context.getEnvironment());
        String outcome = "the directory is " + kind.name().toLowerCase(java.util.Locale.ROOT);
        return kind == wanted ? ConditionOutcome.match(outcome) : ConditionOutcome.noMatch(outcome);
    }
}
