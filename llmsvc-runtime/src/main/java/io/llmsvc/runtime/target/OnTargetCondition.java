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
        Target wanted = (Target) attrs.get("value");
        String list = context.getEnvironment().getProperty("llmsvc.target", "all");
        boolean runs = Target.parseList(list).contains(wanted);
        return Boolean.TRUE.equals(attrs.get("absent")) != runs;
    }
}
