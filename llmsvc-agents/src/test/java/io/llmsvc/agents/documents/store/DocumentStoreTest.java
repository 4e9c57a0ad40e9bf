package io.llmsvc.agents.documents.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.agents.Caller;
import io.llmsvc.api.agents.DocumentStatus;
import io.llmsvc.testkit.db.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The migration and the store on H2, PostgreSQL and MariaDB: the same behaviour on each. */
class DocumentStoreTest {

    static DocumentRecord doc(String id, String owner, String visibility, DocumentStatus status, Instant created) {
        return new DocumentRecord(id, owner, null, id + ".pdf", "application/pdf", 10, "ab", visibility, status, null,
                0, 0, 0, created, created);
    }

    static DocumentStore store(TestDatabase.Instance db) {
        DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new DocumentStore(new JdbcTemplate(ds));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void visibilityDecidesWhoReadsWhat(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            DocumentStore store = store(db);
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            store.insert(doc("a-private", "alice", "private", DocumentStatus.READY, t));
            store.insert(doc("a-everyone", "alice", "everyone", DocumentStatus.READY, t.plusSeconds(1)));
            store.insert(doc("a-hr", "alice", "role:hr", DocumentStatus.READY, t.plusSeconds(2)));
            store.insert(doc("a-sales", "alice", "role:sales", DocumentStatus.READY, t.plusSeconds(3)));
            store.insert(doc("a-queued", "alice", "everyone", DocumentStatus.QUEUED, t.plusSeconds(4)));
            store.insert(doc("b-private", "bob", "private", DocumentStatus.READY, t.plusSeconds(5)));
            // milliseconds apart: still newest first (a plain TIMESTAMP keeps only seconds on MariaDB)
            store.insert(doc("c-1", "carol", "private", DocumentStatus.READY, t.plusMillis(5_001)));
            store.insert(doc("c-0", "carol", "private", DocumentStatus.READY, t.plusMillis(5_002)));

            Caller alice = new Caller("alice", Set.of("user"));
            Caller bob = new Caller("bob", Set.of("user", "hr"));
            Caller carol = new Caller("carol", Set.of());
            Caller admin = new Caller("root", Set.of("admin"));

            assertThat(store.listVisible(alice)).extracting(DocumentRecord::id)
                    .containsExactly("a-queued", "a-sales", "a-hr", "a-everyone", "a-private");
            assertThat(store.listVisible(bob)).extracting(DocumentRecord::id)
                    .containsExactly("b-private", "a-queued", "a-hr", "a-everyone");
            assertThat(store.listVisible(carol)).extracting(DocumentRecord::id).containsExactly("c-0", "c-1", "a-queued", "a-everyone");
            // an admin's own view is a user's: shared documents only; every document is the explicit listAll
            assertThat(store.listVisible(admin)).extracting(DocumentRecord::id).containsExactly("a-queued", "a-everyone");
            assertThat(store.listAll()).hasSize(8);

            assertThat(store.readableReadyIds(alice)).containsExactlyInAnyOrder("a-private", "a-everyone", "a-hr", "a-sales");
            assertThat(store.readableReadyIds(bob)).containsExactlyInAnyOrder("b-private", "a-everyone", "a-hr");
            assertThat(store.readableReadyIds(carol)).containsExactlyInAnyOrder("a-everyone", "c-0", "c-1");
            assertThat(store.readableReadyIds(admin)).containsExactly("a-everyone");

            assertThat(store.findVisible(bob, "a-private")).isEmpty();
            assertThat(store.findVisible(bob, "a-hr")).isPresent();
            assertThat(store.findVisible(admin, "a-private")).isPresent();
            assertThat(store.findVisible(carol, "missing")).isEmpty();

            assertThat(store.updateVisibility("a-private", "role:hr")).isTrue();
            assertThat(store.readableReadyIds(bob)).contains("a-private");
            assertThat(store.delete("a-private")).isTrue();
            assertThat(store.find("a-private")).isEmpty();
            assertThat(store.delete("a-private")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void statusMovesOnlyForward(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            DocumentStore store = store(db);
            store.insert(doc("d1", "alice", "private", DocumentStatus.QUEUED, Instant.now()));

            assertThat(store.markReady("d1", 3)).as("not before embedding").isFalse();
            assertThat(store.startParsing("d1")).isTrue();
            assertThat(store.startParsing("d1")).as("only from queued").isFalse();
            assertThat(store.startEmbedding("d1", 4, "application/pdf", "Parsed title")).isTrue();
            DocumentRecord mid = store.find("d1").orElseThrow();
            assertThat(mid.status()).isEqualTo(DocumentStatus.EMBEDDING);
            assertThat(mid.attempts()).isEqualTo(1);
            assertThat(mid.pages()).isEqualTo(4);
            assertThat(mid.title()).isEqualTo("Parsed title");
            assertThat(store.markReady("d1", 7)).isTrue();
            DocumentRecord ready = store.find("d1").orElseThrow();
            assertThat(ready.status()).isEqualTo(DocumentStatus.READY);
            assertThat(ready.chunks()).isEqualTo(7);
            assertThat(store.markFailed("d1", "late failure")).as("a finished document stays as it is").isFalse();

            assertThat(store.requeue("d1", DocumentStatus.READY)).isTrue();
            assertThat(store.find("d1").orElseThrow().status()).isEqualTo(DocumentStatus.QUEUED);
            assertThat(store.startParsing("d1")).isTrue();
            assertThat(store.find("d1").orElseThrow().attempts()).isEqualTo(2);
            String longReason = "could not parse PDF: " + "x".repeat(3000);
            assertThat(store.markFailed("d1", longReason)).isTrue();
            DocumentRecord failed = store.find("d1").orElseThrow();
            assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(failed.error()).hasSize(DocumentStore.MAX_ERROR).startsWith("could not parse PDF: ");

            store.insert(doc("d2", "alice", "private", DocumentStatus.QUEUED, Instant.now()));
            assertThat(store.find("d2").orElseThrow().toInfo().title()).as("the file name stands in for a missing title").isEqualTo("d2");
            store.insert(new DocumentRecord("d3", "alice", "제목", "https://example.com/a/report.pdf?x=1", null, 0, null,
                    "private", DocumentStatus.QUEUED, null, 0, 0, 0, Instant.now(), Instant.now()));
            assertThat(store.findByStatus(List.of(DocumentStatus.QUEUED, DocumentStatus.PARSING)))
                    .extracting(DocumentRecord::id).containsExactly("d2", "d3");
            DocumentRecord url = store.find("d3").orElseThrow();
            assertThat(url.fromUrl()).isTrue();
            assertThat(url.title()).isEqualTo("제목");
            assertThat(url.withTitle(null).displayTitle()).isEqualTo("report");
            store.updateContent("d3", 1234, "ff", "application/pdf");
            assertThat(store.find("d3").orElseThrow().sizeBytes()).isEqualTo(1234);
            assertThat(store.allIds()).containsExactlyInAnyOrder("d1", "d2", "d3");
        }
    }
}
