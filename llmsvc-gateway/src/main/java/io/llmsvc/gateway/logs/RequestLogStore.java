package io.llmsvc.gateway.logs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code request_log} table: batch inserts, filtered pages (keyset on the time-ordered id), usage aggregates in
 * SQL, and retention deletes in bounded batches. Portable SQL only (H2, PostgreSQL, MariaDB). Times are stored as
 * UTC without zone.
 */
final class RequestLogStore {
    static final String COLUMNS = "id, ts, user_id, key_prefix, route, target, model, status, error_code, latency_ms,"
            + " ttft_ms, tokens_in, tokens_out, overhead_ms, streamed";

    private final JdbcTemplate jdbc;
    private final JdbcClient client;
    private final TransactionTemplate tx;

    RequestLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.client = JdbcClient.create(jdbc);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    /** Which rows a query covers; null fields do not filter. {@code to} is exclusive. */
    /** @param modelCalls only requests that reached a model (a model is recorded): not page loads, polling, uploads */
    record Filter(Instant from, Instant to, String userId, String keyPrefix, String model, Integer status, String route,
                  boolean modelCalls) {
        static final Filter ALL = new Filter(null, null, null, null, null, null, null, false);

        Filter(Instant from, Instant to, String userId, String keyPrefix, String model, Integer status, String route) {
            this(from, to, userId, keyPrefix, model, status, route, false);
        }
    }

    record Page(List<RequestRecord> records, Long nextCursor) {}

    /** One group of {@link #usage}. */
    record UsageRow(String key, long requests, long tokensIn, long tokensOut, long errors, Double avgLatencyMs,
                    Double maxLatencyMs, Double avgTtftMs, Double avgOverheadMs) {}

    enum GroupBy {
        USER("user_id"), KEY("key_prefix"), MODEL("model"), DAY("CAST(ts AS DATE)");

        final String expression;

        GroupBy(String expression) {
            this.expression = expression;
        }
    }

    record Purge(int rows, int statements) {}

    /**
     * Inserts the records with one batch statement. Should the batch fail (for example on an id clash between
     * replicas) the rows are inserted one by one and those that still fail are skipped.
     *
     * @return rows that could not be written
     */
    int insert(List<RequestRecord> records) {
        if (records.isEmpty()) return 0;
        String sql = "INSERT INTO request_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try {
            // one transaction: a failed batch leaves no rows behind, so the row-by-row retry counts exactly
            tx.executeWithoutResult(s -> jdbc.batchUpdate(sql, records, records.size(), RequestLogStore::bind));
            return 0;
        } catch (DataAccessException batchFailed) {
            int failed = 0;
            for (RequestRecord r : records) {
                try {
                    jdbc.update(sql, ps -> bind(ps, r));
                } catch (DataAccessException e) {
                    failed++;
                }
            }
            return failed;
        }
    }

    private static void bind(PreparedStatement ps, RequestRecord r) throws SQLException {
        ps.setLong(1, r.id());
        ps.setObject(2, utc(r.ts()));
        ps.setString(3, r.userId());
        ps.setString(4, r.keyPrefix());
        ps.setString(5, r.route());
        ps.setString(6, r.target());
        ps.setString(7, r.model());
        ps.setInt(8, r.status());
        ps.setString(9, r.errorCode());
        ps.setDouble(10, r.latencyMs());
        if (r.ttftMs() == null) ps.setNull(11, Types.DOUBLE);
        else ps.setDouble(11, r.ttftMs());
        ps.setInt(12, r.tokensIn());
        ps.setInt(13, r.tokensOut());
        ps.setDouble(14, r.overheadMs());
        ps.setBoolean(15, r.streamed());
    }

    /** Newest first; {@code cursor} is the {@code nextCursor} of the previous page (rows with a smaller id). */
    Page page(Filter f, Long cursor, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = where(f, params);
        if (cursor != null) {
            where.append(where.isEmpty() ? " WHERE " : " AND ").append("id < ?");
            params.add(cursor);
        }
        params.add(limit + 1);
        List<RequestRecord> rows = client.sql("SELECT " + COLUMNS + " FROM request_log" + where + " ORDER BY id DESC LIMIT ?")
                .params(params).query((rs, n) -> read(rs)).list();
        if (rows.size() <= limit) return new Page(rows, null);
        List<RequestRecord> page = rows.subList(0, limit);
        return new Page(List.copyOf(page), page.getLast().id());
    }

    List<UsageRow> usage(Filter f, GroupBy groupBy, int maxGroups) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = where(f, params);
        params.add(maxGroups);
        String g = groupBy.expression;
        return client.sql("SELECT " + g + " AS grp, COUNT(*), SUM(tokens_in), SUM(tokens_out),"
                        + " SUM(CASE WHEN status >= 400 OR error_code IS NOT NULL THEN 1 ELSE 0 END),"
                        + " AVG(latency_ms), MAX(latency_ms), AVG(ttft_ms), AVG(overhead_ms)"
                        + " FROM request_log" + where + " GROUP BY " + g + " ORDER BY " + g + " LIMIT ?")
                .params(params)
                .query((rs, n) -> new UsageRow(rs.getObject(1) == null ? null : rs.getObject(1).toString(),
                        rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), dbl(rs, 6), dbl(rs, 7), dbl(rs, 8), dbl(rs, 9)))
                .list();
    }

    /**
     * Deletes rows older than {@code cutoff}, {@code batch} ids per statement: the ids are selected (a bounded
     * list), then deleted, until none are left, so neither memory nor a single transaction grows with the table.
     */
    Purge deleteOlderThan(Instant cutoff, int batch) {
        int rows = 0;
        int statements = 0;
        while (true) {
            List<Long> ids = client.sql("SELECT id FROM request_log WHERE ts < ? LIMIT ?")
                    .params(utc(cutoff), batch).query(Long.class).list();
            if (ids.isEmpty()) return new Purge(rows, statements);
            String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
            rows += client.sql("DELETE FROM request_log WHERE id IN (" + marks + ")").params(ids).update();
            statements++;
            if (ids.size() < batch) return new Purge(rows, statements);
        }
    }

    long count() {
        return client.sql("SELECT COUNT(*) FROM request_log").query(Long.class).single();
    }

    private static StringBuilder where(Filter f, List<Object> params) {
        List<String> c = new ArrayList<>();
        if (f.from() != null) { c.add("ts >= ?"); params.add(utc(f.from())); }
        if (f.to() != null) { c.add("ts < ?"); params.add(utc(f.to())); }
        if (f.userId() != null) { c.add("user_id = ?"); params.add(f.userId()); }
        if (f.keyPrefix() != null) { c.add("key_prefix = ?"); params.add(f.keyPrefix()); }
        if (f.model() != null) { c.add("model = ?"); params.add(f.model()); }
        if (f.status() != null) { c.add("status = ?"); params.add(f.status()); }
        if (f.route() != null) { c.add("route = ?"); params.add(f.route()); }
        if (f.modelCalls()) c.add("model IS NOT NULL");
        return new StringBuilder(c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c));
    }

    private static RequestRecord read(ResultSet rs) throws SQLException {
        return new RequestRecord(rs.getLong(1), rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                rs.getString(9), rs.getDouble(10), dbl(rs, 11), rs.getInt(12), rs.getInt(13), rs.getDouble(14),
                rs.getBoolean(15));
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
