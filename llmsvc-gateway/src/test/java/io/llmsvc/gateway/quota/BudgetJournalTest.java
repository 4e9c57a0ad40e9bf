package io.llmsvc.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.db.TestDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Budget consumption written as increments and read back, on H2, PostgreSQL and MariaDB. */
class BudgetJournalTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void addsUpIncrementsFromSeveralWriters(TestDatabase kind) {
        try (TestDatabase.Instance db = kind.create()) {
            DriverManagerDataSource ds = new DriverManagerDataSource(db.url(), db.username(), db.password());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            JdbcClient jdbc = JdbcClient.create(ds);
            jdbc.sql("INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) VALUES ('k1', 'u', 'n', 'sk-llmsvc-aaaaaa', 'h', ?)")
                    .param(Timestamp.from(Instant.now())).update();

            BudgetJournal a = new BudgetJournal(jdbc, 3_600_000);
            BudgetJournal b = new BudgetJournal(jdbc, 3_600_000); // a second replica
            a.add("k1", "2026-05-01", 100);
            assertThat(a.load("k1", "2026-05-01")).isEqualTo(100); // pending counts before the flush
            assertThat(b.load("k1", "2026-05-01")).isZero();
            a.flush();
            b.add("k1", "2026-05-01", 40);
            b.flush();
            a.add("k1", "2026-05-01", 2);
            a.add("k1", "2026-06-01", 7);
            a.close();
            b.close();
            BudgetJournal restarted = new BudgetJournal(jdbc, 3_600_000);
            assertThat(restarted.load("k1", "2026-05-01")).isEqualTo(142);
            assertThat(restarted.load("k1", "2026-06-01")).isEqualTo(7);
            assertThat(restarted.load("k1", "2026-07-01")).isZero();
            restarted.close();
        }
    }
}
