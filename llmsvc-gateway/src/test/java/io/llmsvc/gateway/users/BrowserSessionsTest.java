package io.llmsvc.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.db.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sliding idle expiry, absolute max age and the cookie's attributes, with a hand-moved clock on H2. */
class BrowserSessionsTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @Test
    void idleTimeoutSlidesButMaxAgeHolds() {
        try (TestDatabase.Instance db = TestDatabase.H2.create()) {
            JdbcClient jdbc = UserStoresTest.migrated(db);
            new UserStore(jdbc).insert(UserStoresTest.user("u1", "gina", Set.of("user"), now.get()), "h");
            UsersProperties props = new UsersProperties(true, true, Duration.ofHours(1), Duration.ofHours(3),
                    List.of("admin", "user"), 5, 20, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(15), false, true, 10, 30);
            BrowserSessions sessions = new BrowserSessions(new WebSessionStore(jdbc), props, now::get);
            var s = sessions.start(UserStoresTest.user("u1", "gina", Set.of("user"), now.get()));

            for (int i = 0; i < 5; i++) {
                now.set(now.get().plus(Duration.ofMinutes(50)));
                if (i < 3) assertThat(sessions.resolve(s.token())).as("used within the idle timeout, step " + i).isPresent();
            }
            assertThat(sessions.resolve(s.token())).as("past the max age").isEmpty();

            var idle = sessions.start(UserStoresTest.user("u1", "gina", Set.of("user"), now.get()));
            now.set(now.get().plus(Duration.ofMinutes(61)));
            assertThat(sessions.resolve(idle.token())).as("idle too long").isEmpty();
            assertThat(sessions.resolve("not-a-token")).isEmpty();
            assertThat(sessions.resolve("x".repeat(500))).isEmpty();

            String cookie = sessions.cookie("tok").toString();
            assertThat(cookie).contains("llmsvc_session=tok", "HttpOnly", "SameSite=Lax", "Path=/", "Secure", "Max-Age=10800");
        }
    }

    @Test
    void csrfComparison() {
        assertThat(BrowserSessions.csrfMatches("abc", "abc")).isTrue();
        assertThat(BrowserSessions.csrfMatches("abc", "abd")).isFalse();
        assertThat(BrowserSessions.csrfMatches("abc", null)).isFalse();
        assertThat(BrowserSessions.csrfMatches("abc", "")).isFalse();
    }
}
