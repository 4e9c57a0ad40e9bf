package io.llmsvc.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.db.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The migrations and the session store on H2, PostgreSQL and MariaDB: the same behaviour on each. */
class ChatSessionStoreTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesConversationsPerOwner(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            ChatSessionStore store = new ChatSessionStore(JdbcClient.create(ds));

            store.append("alice", "s1", "tiny", "안녕하세요 — 첫 질문", "answer one", 12);
            store.append("alice", "s1", "tiny", "second", "answer two", 7);
            assertThat(store.find("alice", "s1")).isPresent();
            assertThat(store.find("bob", "s1")).isEmpty();
            assertThat(store.messages("s1")).extracting(m -> m.role()).containsExactly("user", "assistant", "user", "assistant");
            assertThat(store.messages("s1").get(0).content()).isEqualTo("안녕하세요 — 첫 질문");

            assertThat(store.delete("bob", "s1")).isFalse();
            assertThat(store.delete("alice", "s1")).isTrue();
            assertThat(store.messages("s1")).isEmpty();
        }
    }
}
