package io.llmsvc.testkit.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The relational databases the gateway runs on. {@link #create()} makes a fresh, empty database (a schema on
 * PostgreSQL, a database on MariaDB, an in-memory H2) for one test; {@link Instance#close()} drops it. PostgreSQL
 * and MariaDB are the machine's real servers on 127.0.0.1 (5432 trust auth, 3306 root without password): when one is
 * absent the test is skipped locally and fails when {@code CI=true}.
 */
public enum TestDatabase {
    H2, POSTGRES, MARIADB;

    /** Connection settings of one fresh database. */
    public record Instance(TestDatabase kind, String url, String username, String password, String name) implements AutoCloseable {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }

        @Override
        public void close() {
            try {
                switch (kind) {
                    case H2 -> {
                        try (Connection c = connect(); Statement s = c.createStatement()) {
                            s.execute("SHUTDOWN");
                        }
                    }
                    case POSTGRES -> admin(POSTGRES_ADMIN, "postgres", "", "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                    case MARIADB -> admin(MARIADB_ADMIN, "root", "", "DROP DATABASE IF EXISTS " + name);
                }
            } catch (SQLException ignored) {
                // best effort: a leftover test schema harms nothing
            }
        }
    }

    static final String POSTGRES_ADMIN = env("LLMSVC_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String MARIADB_ADMIN = env("LLMSVC_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");

    public Instance create() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            return switch (this) {
                case H2 -> new Instance(this, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", name);
                case POSTGRES -> {
                    admin(POSTGRES_ADMIN, "postgres", "", "CREATE SCHEMA " + name);
                    yield new Instance(this, POSTGRES_ADMIN + "?currentSchema=" + name, "postgres", "", name);
                }
                case MARIADB -> {
                    admin(MARIADB_ADMIN, "root", "", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                    yield new Instance(this, MARIADB_ADMIN.substring(0, MARIADB_ADMIN.lastIndexOf('/') + 1) + name, "root", "", name);
                }
            };
        } catch (SQLException e) {
            String msg = this + " is not reachable (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(msg + "; CI must provide it", e);
            Assumptions.abort(msg + "; skipped outside CI");
            throw new IllegalStateException(msg);
        }
    }

    private static void admin(String url, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
