package org.resetflow.ldap;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/** A bean or configuration for one kind of directory only (see {@link DirectoryKind}). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnDirectoryKindCondition.class)
public @interface ConditionalOnDirectoryKind {

    DirectoryKind value();
}
