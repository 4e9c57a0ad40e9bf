package io.llmsvc.runtime.peers;

import io.llmsvc.runtime.target.Target;
import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class OnPeerCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attrs = metadata.getAnnotationAttributes(ConditionalOnPeer.class.getName());
        if (attrs == null) return true;
        Target t = (Target) attrs.get("value");
        String url = context.getEnvironment().getProperty("llmsvc.peers." + t.id());
        return url != null && !url.isBlank();
    }
}
