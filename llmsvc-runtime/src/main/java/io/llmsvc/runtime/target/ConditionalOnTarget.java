package io.llmsvc.runtime.target;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean or configuration only when this process runs one of the given targets ({@code llmsvc.target}),
 * or with {@code absent = true} only when it runs none of them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Conditional(OnTargetCondition.class)
public @interface ConditionalOnTarget {
    io.llmsvc.runtime.target.Target[] value();

    /** When true, the condition holds only if the target does NOT run here (for remote clients of it). */
    boolean absent() default false;
}
