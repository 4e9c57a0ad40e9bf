package io.llmsvc.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.testkit.db.TestDatabase;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The key store and the key authenticator on H2, PostgreSQL and MariaDB. */
class ApiKeyStoreTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesKeysHashedAndAuthenticatesThem(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            JdbcClient jdbc = JdbcClient.create(ds);
            ApiKeyStore store = new ApiKeyStore(jdbc);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

            String raw = KeySecrets.generate();
            KeyLimits limits = new KeyLimits(Set.of("tiny", "tiny-embed"), 10, 1000, 2, 50_000L, "day");
            ApiKey k = new ApiKey("k1", "alice", "laptop", KeySecrets.prefix(raw), now, null, null, limits, null);
            store.insert(k, KeySecrets.hash(raw));
            store.insert(new ApiKey("k2", "bob", "ci", "sk-llmsvc-bbbbbb", now.plusSeconds(1), now.plusSeconds(3600), null,
                    KeyLimits.NONE, null), KeySecrets.hash("other"));

            ApiKey found = store.findByHash(KeySecrets.hash(raw)).orElseThrow();
            assertThat(found.userId()).isEqualTo("alice");
            assertThat(found.limits()).isEqualTo(limits);
            assertThat(found.createdAt()).isEqualTo(now);
            assertThat(store.findByHash(KeySecrets.hash(raw + "x"))).isEmpty();
            assertThat(store.list("alice", 10, 0)).extracting(ApiKey::id).containsExactly("k1");
            assertThat(store.list(null, 10, 0)).extracting(ApiKey::id).containsExactly("k2", "k1");
            assertThat(store.list(null, 1, 1)).extracting(ApiKey::id).containsExactly("k1");

            ApiKey changed = new ApiKey("k1", "alice", "renamed", k.prefix(), now, now.plusSeconds(60), null,
                    new KeyLimits(null, null, null, null, null, null), null);
            assertThat(store.update(changed)).isTrue();
            assertThat(store.find("k1").orElseThrow().limits()).isEqualTo(KeyLimits.NONE);
            assertThat(store.find("k1").orElseThrow().name()).isEqualTo("renamed");

            store.touch(Map.of("k1", now));
            assertThat(store.find("k1").orElseThrow().lastUsedAt()).isEqualTo(now);

            // the authenticator: a user's key, revoked, expired
            ApiKeyAuthenticator auth = new ApiKeyAuthenticator(store, new KeyOwners(jdbc, io.llmsvc.gateway.auth.BootstrapRetirement.NEVER), new KeyUsageRecorder(store, 60_000),
                    InstantSource.system(), 5000);
            Principal p = auth.fromBearer(raw).orElseThrow();
            assertThat(p.userId()).isEqualTo("alice");
            assertThat(p.roles()).containsExactly(Principal.USER); // no users table here
            assertThat(p.key().id()).isEqualTo("k1");
            assertThat(auth.fromBearer(KeySecrets.generate())).isEmpty();
            assertThat(auth.fromBearer("not-ours")).isEmpty();

            assertThat(store.revoke("k1", now)).isTrue();
            assertThat(store.revoke("k1", now)).isFalse();
            assertThat(store.update(changed)).isFalse();
            assertThat(auth.fromBearer(raw)).isPresent(); // cached for the TTL ...
            auth.invalidate("k1"); // ... unless revoked through this process
            assertThatThrownBy(() -> auth.fromBearer(raw)).isInstanceOf(LlmsvcException.class).hasMessage("API key revoked");

            String expiring = KeySecrets.generate();
            store.insert(new ApiKey("k3", "bootstrap", "old", KeySecrets.prefix(expiring), now.minusSeconds(7200),
                    now.minusSeconds(60), null, KeyLimits.NONE, null), KeySecrets.hash(expiring));
            assertThatThrownBy(() -> auth.fromBearer(expiring)).isInstanceOf(LlmsvcException.class).hasMessage("API key expired");

            String admin = KeySecrets.generate();
            store.insert(new ApiKey("k4", "bootstrap", "admin", KeySecrets.prefix(admin), now, null, null, KeyLimits.NONE, null),
                    KeySecrets.hash(admin));
            assertThat(auth.fromBearer(admin).orElseThrow().isAdmin()).isTrue();
        }
    }
}
