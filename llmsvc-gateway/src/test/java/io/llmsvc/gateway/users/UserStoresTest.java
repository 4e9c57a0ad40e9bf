package io.llmsvc.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.testkit.db.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Users, browser sessions and gateway settings on H2, PostgreSQL and MariaDB: the same behaviour on each. */
class UserStoresTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static JdbcClient migrated(TestDatabase.Instance db) {
        DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return JdbcClient.create(ds);
    }

    static User user(String id, String name, Set<String> roles, Instant at) {
        return new User(id, name, name + " display", roles, false, at, at);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void usersAreUniqueRegardlessOfCaseAndPageInCreationOrder(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            UserStore store = new UserStore(migrated(db));
            assertThat(store.insert(user("id-1", "Alice", Set.of("user", "hr"), T0), "hash-1")).isTrue();
            assertThat(store.insert(user("id-2", "alice", Set.of("user"), T0.plusSeconds(1)), "hash-2")).isFalse();
            assertThat(store.insert(user("id-3", "김철수", Set.of("user"), T0.plusSeconds(2)), "hash-3")).isTrue();
            assertThat(store.insert(user("id-4", "bob", Set.of("admin", "user"), T0.plusSeconds(3)), "hash-4")).isTrue();

            var alice = store.findByUsername("ALICE").orElseThrow();
            assertThat(alice.user().id()).isEqualTo("id-1");
            assertThat(alice.user().username()).isEqualTo("Alice");
            assertThat(alice.user().roles()).containsExactlyInAnyOrder("user", "hr");
            assertThat(alice.passwordHash()).isEqualTo("hash-1");
            assertThat(alice.user().createdAt()).isEqualTo(T0);
            assertThat(store.findByUsername("김철수")).isPresent();
            assertThat(store.findById("id-2")).isEmpty();

            assertThat(store.count()).isEqualTo(3);
            assertThat(store.list(0, 2)).extracting(User::id).containsExactly("id-1", "id-3");
            assertThat(store.list(2, 2)).extracting(User::id).containsExactly("id-4");

            assertThat(store.updateAccess("id-1", Set.of("sales"), true)).isTrue();
            assertThat(store.findById("id-1").orElseThrow().user()).satisfies(u -> {
                assertThat(u.roles()).containsExactly("sales");
                assertThat(u.disabled()).isTrue();
            });
            assertThat(store.updatePassword("id-1", "hash-new", T0.plusSeconds(60))).isTrue();
            var changed = store.findById("id-1").orElseThrow();
            assertThat(changed.passwordHash()).isEqualTo("hash-new");
            assertThat(changed.user().passwordChangedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(changed.user().createdAt()).as("created_at must not move on update").isEqualTo(T0);
            assertThat(store.updateAccess("nope", Set.of("user"), false)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void sessionsAreFoundByHashWithTheirUsersCurrentState(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            JdbcClient jdbc = migrated(db);
            UserStore users = new UserStore(jdbc);
            WebSessionStore sessions = new WebSessionStore(jdbc);
            users.insert(user("u1", "carol", Set.of("user"), T0), "h");
            users.insert(user("u2", "dave", Set.of("user"), T0), "h");
            sessions.insert("s1", "u1", "csrf-1", T0, T0.plus(Duration.ofHours(1)));
            sessions.insert("s2", "u1", "csrf-2", T0, T0.plus(Duration.ofMinutes(5)));
            sessions.insert("s3", "u2", "csrf-3", T0, T0.plus(Duration.ofHours(1)));

            var s1 = sessions.find("s1").orElseThrow();
            assertThat(s1.userId()).isEqualTo("u1");
            assertThat(s1.username()).isEqualTo("carol");
            assertThat(s1.csrfToken()).isEqualTo("csrf-1");
            assertThat(s1.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(s1.userDisabled()).isFalse();

            sessions.touch("s1", T0.plusSeconds(600), T0.plus(Duration.ofHours(2)));
            assertThat(sessions.find("s1").orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(600));
            assertThat(sessions.find("s1").orElseThrow().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));

            users.updateAccess("u1", Set.of("user", "hr"), true);
            assertThat(sessions.find("s1").orElseThrow().userDisabled()).isTrue();
            assertThat(sessions.find("s1").orElseThrow().roles()).isEqualTo("hr,user");

            assertThat(sessions.deleteExpired(T0.plus(Duration.ofMinutes(10)))).isEqualTo(1);
            assertThat(sessions.find("s2")).isEmpty();
            sessions.insert("s4", "u1", "csrf-4", T0, T0.plus(Duration.ofHours(1)));
            assertThat(sessions.deleteForUser("u1", "s4")).isEqualTo(1);
            assertThat(sessions.find("s1")).isEmpty();
            assertThat(sessions.find("s4")).isPresent();
            assertThat(sessions.deleteForUser("u1", null)).isEqualTo(1);
            assertThat(sessions.countForUser("u1")).isZero();
            assertThat(sessions.find("s3")).as("other users' sessions stay").isPresent();
            assertThat(sessions.delete("s3")).isTrue();
            assertThat(sessions.delete("s3")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void settingsAreUpserted(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            GatewaySettingsStore settings = new GatewaySettingsStore(migrated(db));
            assertThat(settings.get("signup.enabled")).isEmpty();
            settings.put("signup.enabled", "false");
            assertThat(settings.get("signup.enabled")).contains("false");
            settings.put("signup.enabled", "true");
            assertThat(settings.get("signup.enabled")).contains("true");
        }
    }

    /** The account rules over a real database: hashing, login checks, password change, disabling ends sessions. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void accountsOverTheDatabase(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            JdbcClient jdbc = migrated(db);
            AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            InstantSource clock = now::get;
            UsersProperties props = UsersProperties.defaults();
            UserAccounts accounts = new UserAccounts(new UserStore(jdbc), new WebSessionStore(jdbc), new GatewaySettingsStore(jdbc),
                    new PasswordHasher(), new LoginThrottle(clock, props.loginWindow(), props.loginLock(), props.loginMaxLock()),
                    props, clock);
            BrowserSessions sessions = new BrowserSessions(new WebSessionStore(jdbc), props, clock);

            User admin = accounts.create("root", null, "correct horse battery", Set.of("admin", "user"));
            assertThatThrownBy(() -> accounts.signup("Erin", "Erin E.", "erins long password", "127.0.0.1"))
                    .as("sign-up is closed by default")
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            accounts.setSignupEnabled(true);
            User erin = accounts.signup("Erin", "Erin E.", "erins long password", "127.0.0.1");
            assertThat(erin.roles()).containsExactly("user");
            assertThat(jdbc.sql("SELECT password_hash FROM users WHERE id = ?").param(erin.id()).query(String.class).single())
                    .startsWith("$argon2id$").doesNotContain("erins long password");
            assertThatThrownBy(() -> accounts.create("erin", null, "another password", Set.of("user")))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

            assertThat(accounts.authenticate("ERIN", "erins long password", "10.0.0.1").id()).isEqualTo(erin.id());
            assertThatThrownBy(() -> accounts.authenticate("erin", "wrong password!", "10.0.0.1"))
                    .hasMessage(UserAccounts.LOGIN_FAILED);
            assertThatThrownBy(() -> accounts.authenticate("nobody", "wrong password!", "10.0.0.1"))
                    .hasMessage(UserAccounts.LOGIN_FAILED);

            var s1 = sessions.start(erin);
            var s2 = sessions.start(erin);
            assertThat(s1.token()).isNotEqualTo(s2.token());
            assertThat(jdbc.sql("SELECT COUNT(*) FROM web_sessions WHERE id = ?").param(s1.token()).query(Integer.class).single())
                    .as("the token itself is never stored").isZero();
            assertThat(sessions.resolve(s1.token()).orElseThrow().principal().userId()).isEqualTo(erin.id());

            accounts.changePassword(erin.id(), "erins long password", "erins newer password", "10.0.0.1");
            sessions.endOthers(erin.id(), s1.id());
            assertThat(sessions.resolve(s1.token())).isPresent();
            assertThat(sessions.resolve(s2.token())).isEmpty();
            assertThatThrownBy(() -> accounts.authenticate("erin", "erins long password", "10.0.0.2")).hasMessage(UserAccounts.LOGIN_FAILED);
            assertThat(accounts.authenticate("erin", "erins newer password", "10.0.0.2").id()).isEqualTo(erin.id());

            accounts.updateAccess(admin.id(), erin.id(), List.of("user", "sales"), true);
            assertThat(sessions.resolve(s1.token())).as("disabled: sessions end at once").isEmpty();
            assertThatThrownBy(() -> accounts.authenticate("erin", "erins newer password", "10.0.0.2"))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
            assertThatThrownBy(() -> accounts.updateAccess(admin.id(), admin.id(), null, true))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

            accounts.setSignupEnabled(false);
            assertThatThrownBy(() -> accounts.signup("frank", null, "franks password", "127.0.0.1"))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        }
    }
}
