package io.llmsvc.runtime.target;

import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class OnTargetCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attrs = metadata.getAnnotationAttributes(ConditionalOnTarget.class.getName());
        if (attrs == null) return true;
        Target[] wanted = (Target[]) attrs.get("value");
        java.util.Set<Target> running = Target.parseList(context.getEnvironment().getProperty("llmsvc.target", "all"));
        boolean runs = java.util.Arrays.stream(wanted).anyMatch(running::contains);
        return Boolean.TRUE.equals(attrs.get("absent")) != runs;
    }
}
