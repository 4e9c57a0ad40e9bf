package io.llmsvc.runtime.peers;

import io.llmsvc.runtime.target.Target;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean only when {@code llmsvc.peers.<target>} names a base URL (a blank value, as an unset environment
 * variable leaves it, counts as not configured). For optional peers: a deployment without the target has no client
 * for it, and callers say that the target is not part of it.
 */
@Retention(RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({ElementType.TYPE, ElementType.METHOD})
@Conditional(OnPeerCondition.class)
public @interface ConditionalOnPeer {
    Target value();
}
