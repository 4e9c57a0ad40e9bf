package io.llmsvc.controller;

import io.llmsvc.controller.dispatch.DispatchPolicies;
import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Controller settings ({@code llmsvc.controller.*}).
 *
 * @param policy             how a worker is picked per request: {@code shortest-queue} (least load per slot),
 *                           {@code lottery} (random, weighted by decode speed) or {@code round-robin}
 * @param workerExpiry       a worker silent for this long is expired: no longer dispatched to, and must register again;
 *                           it stays visible in the worker list as {@code expired} for 5 × this, then is dropped
 * @param cooldown           how long a worker is skipped after failures; doubles with every further consecutive failure
 * @param maxCooldown        the longest cooldown
 * @param failuresToCooldown consecutive failures before the first cooldown starts
 */
@ConfigurationProperties("llmsvc.controller")
public record ControllerProperties(
        @DefaultValue("shortest-queue") String policy,
        @DefaultValue("10s") Duration workerExpiry,
        @DefaultValue("5s") Duration cooldown,
        @DefaultValue("60s") Duration maxCooldown,
        @DefaultValue("1") int failuresToCooldown) implements ValidatedSettings {

    /** How many expiry periods an expired worker stays listed before it is dropped. */
    public static final int EXPIRED_RETENTION_FACTOR = 5;

    /** The defaults, as bound from an empty configuration. */
    public static ControllerProperties defaults() {
        return new ControllerProperties("shortest-queue", Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(60), 1);
    }

    @Override
    public void validate() {
        if (!DispatchPolicies.NAMES.contains(policy)) {
            throw new InvalidSettingException("llmsvc.controller.policy", "one of " + String.join(", ", DispatchPolicies.NAMES));
        }
        if (workerExpiry == null || workerExpiry.toMillis() < 100) {
            throw new InvalidSettingException("llmsvc.controller.worker-expiry", "a duration of at least 100ms, such as 10s");
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new InvalidSettingException("llmsvc.controller.cooldown", "a duration of 0s or more, such as 5s");
        }
        if (maxCooldown == null || maxCooldown.compareTo(cooldown) < 0) {
            throw new InvalidSettingException("llmsvc.controller.max-cooldown", "a duration not shorter than llmsvc.controller.cooldown");
        }
        if (failuresToCooldown < 1) {
            throw new InvalidSettingException("llmsvc.controller.failures-to-cooldown", "an integer of at least 1");
        }
    }

    /** How long an expired worker stays listed before it is dropped. */
    public Duration expiredRetention() {
        return workerExpiry.multipliedBy(EXPIRED_RETENTION_FACTOR);
    }
}
