package io.llmsvc.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.agents.Citation;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.testkit.db.TestDatabase;
import java.util.List;
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
            String key = store.find("alice", "s1").orElseThrow().key();
            assertThat(store.messages(key)).extracting(m -> m.role()).containsExactly("user", "assistant", "user", "assistant");
            assertThat(store.messages(key).get(0).content()).isEqualTo("안녕하세요 — 첫 질문");

            // ids are per owner: bob's "s1" is another conversation
            store.append("bob", "s1", "tiny", "bob's question", "bob's answer", 3);
            String bobs = store.find("bob", "s1").orElseThrow().key();
            assertThat(bobs).isNotEqualTo(key);
            assertThat(store.messages(bobs)).extracting(ChatMessage::content).containsExactly("bob's question", "bob's answer");
            assertThat(store.messages(key)).hasSize(4);
            assertThat(store.list("bob", null, 10, 0).sessions()).extracting(ChatSessionStore.Session::id).containsExactly("s1");

            assertThat(store.delete("bob", "s1")).isTrue();
            assertThat(store.messages(key)).hasSize(4);
            assertThat(store.delete("alice", "s1")).isTrue();
            assertThat(store.messages(key)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void listsSearchesRenamesAndAppendsPerOwner(TestDatabase kind) throws Exception {
        try (TestDatabase.Instance db = kind.create()) {
            DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            ChatSessionStore store = new ChatSessionStore(JdbcClient.create(ds));

            store.create("alice", "a1", "Rust lifetimes", "tiny");
            Thread.sleep(5); // distinct update times, so "newest first" is observable
            store.create("alice", "a2", "한국어 질문 100%_done", null);
            Thread.sleep(5);
            store.create("alice", "a3", null, null);
            store.create("bob", "b1", "Rust for bob", null);

            assertThat(store.list("alice", null, 10, 0).sessions()).extracting(ChatSessionStore.Session::id).containsExactly("a3", "a2", "a1");
            assertThat(store.list("alice", null, 10, 0).total()).isEqualTo(3);
            assertThat(store.list("alice", null, 1, 1).sessions()).extracting(ChatSessionStore.Session::id).containsExactly("a2");
            assertThat(store.list("alice", "rUST", 10, 0).sessions()).extracting(ChatSessionStore.Session::id).containsExactly("a1");
            assertThat(store.list("alice", "국어", 10, 0).sessions()).extracting(ChatSessionStore.Session::id).containsExactly("a2");
            // LIKE wildcards in the query are literal characters
            assertThat(store.list("alice", "%_", 10, 0).sessions()).extracting(ChatSessionStore.Session::id).containsExactly("a2");
            assertThat(store.list("alice", "_", 10, 0).total()).isEqualTo(1);
            assertThat(store.list("bob", null, 10, 0).sessions()).extracting(ChatSessionStore.Session::id).containsExactly("b1");

            assertThat(store.rename("bob", "a1", "stolen")).isFalse();
            assertThat(store.rename("alice", "a1", "Lifetimes")).isTrue();
            assertThat(store.find("alice", "a1").orElseThrow().title()).isEqualTo("Lifetimes");

            assertThat(store.appendMessages("bob", "a3", null, List.of(ChatMessage.of("user", "x")), null)).isEqualTo(-1);
            assertThat(store.appendMessages("alice", "a3", "tiny",
                    List.of(ChatMessage.of("user", "첫 질문"), ChatMessage.of("assistant", "first answer")), null)).isEqualTo(2);
            assertThat(store.find("alice", "a3").orElseThrow().title()).isEqualTo("첫 질문");
            // regenerate: the answer at index 1 is replaced
            assertThat(store.appendMessages("alice", "a3", null, List.of(ChatMessage.of("assistant", "second answer")), 1)).isEqualTo(2);
            assertThat(store.messages(store.find("alice", "a3").orElseThrow().key())).extracting(ChatMessage::content).containsExactly("첫 질문", "second answer");
            assertThat(store.find("alice", "a3").orElseThrow().model()).isEqualTo("tiny");
            // the most recently appended session comes first; its title is kept once set
            store.appendMessages("alice", "a3", null, List.of(ChatMessage.of("user", "another")), null);
            assertThat(store.find("alice", "a3").orElseThrow().title()).isEqualTo("첫 질문");
            assertThat(store.list("alice", null, 10, 0).sessions().getFirst().id()).isEqualTo("a3");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void keepsWhoAnsweredEachMessage(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            ChatSessionStore store = new ChatSessionStore(JdbcClient.create(ds));

            var cite = new Citation(1, "doc-1", "doc-1:4", "취업규칙", "rules.pdf", 3, "제23조 연차 휴가 — the passage text");
            store.append("alice", "s1", "tiny", "hello", "hi there", 5,
                    new AnsweredBy("general", "general", 0.88, null, List.of()));
            // an extractive documents answer has no model: the session keeps the one it had
            store.append("alice", "s1", null, "연차 휴가는?", "15일 [1]", 0,
                    new AnsweredBy("documents", "document_search", 0.93, null, List.of(cite)));
            assertThat(store.find("alice", "s1").orElseThrow().model()).isEqualTo("tiny");
            String key = store.find("alice", "s1").orElseThrow().key();
            List<ChatSessionStore.StoredMessage> ms = store.storedMessages(key);
            assertThat(ms).extracting(ChatSessionStore.StoredMessage::role).containsExactly("user", "assistant", "user", "assistant");
            assertThat(ms.get(0).answeredBy()).isNull();
            assertThat(ms.get(1).answeredBy().agent()).isEqualTo("general");
            assertThat(ms.get(1).answeredBy().confidence()).isEqualTo(0.88);
            AnsweredBy docs = ms.get(3).answeredBy();
            assertThat(docs.agent()).isEqualTo("documents");
            assertThat(docs.intent()).isEqualTo("document_search");
            // stored without the passage text: opening a citation fetches it with the reader's access checked
            assertThat(docs.citations()).singleElement().satisfies(c -> {
                assertThat(c.chunkId()).isEqualTo("doc-1:4");
                assertThat(c.title()).isEqualTo("취업규칙");
                assertThat(c.page()).isEqualTo(3);
                assertThat(c.text()).isNull();
            });
            // the history the chat model sees is unchanged
            assertThat(store.messages(key)).extracting(ChatMessage::content).containsExactly("hello", "hi there", "연차 휴가는?", "15일 [1]");

            store.create("alice", "s2", null, null);
            assertThat(store.appendStored("alice", "s2", null, List.of(new ChatSessionStore.StoredMessage("user", "q", null),
                    new ChatSessionStore.StoredMessage("assistant", "a", new AnsweredBy("general", "employee_analysis", 0.7,
                            "the employees agent is not available yet", List.of()))), null)).isEqualTo(2);
            assertThat(store.storedMessages(store.find("alice", "s2").orElseThrow().key()).get(1).answeredBy().note()).contains("not available yet");
        }
    }
}
