package io.llmsvc.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Lock after N failures, exponential lock, window, per-key independence; driven by a hand-moved clock. */
class LoginThrottleTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(now::get, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(2));

    void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    long retryAfter(String key) {
        try {
            throttle.check(key);
            return 0;
        } catch (RateLimitedException e) {
            return e.retryAfterSeconds();
        }
    }

    @Test
    void locksAfterMaxFailuresAndDoublesEachFurtherFailure() {
        for (int i = 0; i < 4; i++) throttle.failed("user:a", 5);
        assertThatCode(() -> throttle.check("user:a")).doesNotThrowAnyException();
        throttle.failed("user:a", 5);
        assertThatThrownBy(() -> throttle.check("user:a", "ip:1")).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("too many failed login attempts");
        assertThat(retryAfter("user:a")).isEqualTo(30);
        assertThat(retryAfter("user:b")).as("other keys are not affected").isZero();

        advance(Duration.ofSeconds(31));
        assertThat(retryAfter("user:a")).isZero();
        throttle.failed("user:a", 5);
        assertThat(retryAfter("user:a")).isEqualTo(60);
        advance(Duration.ofSeconds(61));
        throttle.failed("user:a", 5);
        assertThat(retryAfter("user:a")).isEqualTo(120);
        advance(Duration.ofSeconds(121));
        throttle.failed("user:a", 5);
        assertThat(retryAfter("user:a")).as("capped at the longest lock").isEqualTo(120);
    }

    @Test
    void successForgetsAndOldFailuresExpire() {
        for (int i = 0; i < 4; i++) throttle.failed("user:a", 5);
        throttle.succeeded("user:a");
        for (int i = 0; i < 4; i++) throttle.failed("user:a", 5);
        assertThat(retryAfter("user:a")).isZero();
        advance(Duration.ofMinutes(16));
        throttle.failed("user:a", 5);
        assertThat(retryAfter("user:a")).as("failures older than the window are forgotten").isZero();
    }

    @Test
    void eachKeyHasItsOwnThreshold() {
        for (int i = 0; i < 5; i++) throttle.failed("ip:10.0.0.1", 20);
        assertThat(retryAfter("ip:10.0.0.1")).isZero();
        for (int i = 0; i < 15; i++) throttle.failed("ip:10.0.0.1", 20);
        assertThat(retryAfter("ip:10.0.0.1")).isEqualTo(30);
    }
}
