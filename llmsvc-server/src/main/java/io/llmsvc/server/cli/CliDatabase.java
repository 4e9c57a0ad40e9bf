package io.llmsvc.server.cli;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The application database opened straight from the server's settings ({@code spring.datasource.*}), migrated by
 * Flyway as the server would, for commands run while no server is up. One connection, no Spring context: a command
 * takes about a second.
 */
final class CliDatabase implements AutoCloseable {
    private final SingleConnectionDataSource dataSource;

    private CliDatabase(SingleConnectionDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static CliDatabase open(CliSettings settings) {
        String url = settings.get("spring.datasource.url", null);
        if (url == null) throw new CliException("no database is configured (spring.datasource.url / LLMSVC_DATABASE_URL)");
        SingleConnectionDataSource ds = new SingleConnectionDataSource(url, settings.get("spring.datasource.username", ""),
                settings.get("spring.datasource.password", ""), true);
        try {
            Flyway.configure().dataSource(ds).locations(settings.get("spring.flyway.locations", "classpath:db/migration").split(","))
                    .load().migrate();
            return new CliDatabase(ds);
        } catch (RuntimeException e) {
            ds.destroy();
            String why = CliException.rootMessage(e);
            if (why.contains("already in use") || why.contains("Locked by another process") || why.contains("lock file")) {
                throw new CliException("the embedded database (" + safe(url) + ") is in use by a running server:"
                        + " run the command against that server with --url URL --key ADMIN_KEY");
            }
            throw new CliException("cannot open the database " + safe(url) + ": " + why);
        }
    }

    /** The URL without its options or query (which may hold a password). */
    static String safe(String url) {
        return url.replaceAll("[;?].*", "");
    }

    DataSource dataSource() { return dataSource; }

    @Override
    public void close() {
        dataSource.destroy();
    }
}
