package io.llmsvc.gateway.chat;

import io.llmsvc.api.worker.ChatMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Chat sessions and their messages in the gateway's database; every query is scoped to an owner. */
@Repository
@io.llmsvc.runtime.target.ConditionalOnTarget(io.llmsvc.runtime.target.Target.GATEWAY)
class ChatSessionStore {
    private final JdbcClient jdbc;

    ChatSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Session(String id, String owner, String title, String model, Instant createdAt, Instant updatedAt) {}

    Optional<Session> find(String owner, String id) {
        return jdbc.sql("SELECT id, owner, title, model, created_at, updated_at FROM chat_session WHERE id = ? AND owner = ?")
                .params(id, owner)
                .query((rs, n) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()))
                .optional();
    }

    /** Any owner's session: for admins only. */
    Optional<Session> findAnyOwner(String id) {
        return jdbc.sql("SELECT id, owner, title, model, created_at, updated_at FROM chat_session WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()))
                .optional();
    }

    List<ChatMessage> messages(String sessionId) {
        return jdbc.sql("SELECT role, content FROM chat_message WHERE session_id = ? ORDER BY seq")
                .param(sessionId)
                .query((rs, n) -> ChatMessage.of(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** A stored message with, for assistant messages written by an agent, which one ({@code answeredBy}, else null). */
    record StoredMessage(String role, String content, AnsweredBy answeredBy) {}

    /** The messages of a session with who answered each, for display. */
    List<StoredMessage> storedMessages(String sessionId) {
        return jdbc.sql("SELECT role, content, answered_by FROM chat_message WHERE session_id = ? ORDER BY seq")
                .param(sessionId)
                .query((rs, n) -> new StoredMessage(rs.getString(1), rs.getString(2), AnsweredBy.fromJson(rs.getString(3))))
                .list();
    }

    /** Appends one exchange; creates the session when it does not exist yet. */
    @Transactional
    void append(String owner, String sessionId, String model, String userText, String assistantText, int tokens) {
        append(owner, sessionId, model, userText, assistantText, tokens, null);
    }

    /**
     * Appends one exchange and who answered it; creates the session when it does not exist yet. A null model (an
     * answer no model wrote) keeps the session's model.
     */
    @Transactional
    void append(String owner, String sessionId, String model, String userText, String assistantText, int tokens, AnsweredBy answeredBy) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.sql("UPDATE chat_session SET updated_at = ?, model = COALESCE(?, model) WHERE id = ? AND owner = ?")
                .params(now, model, sessionId, owner).update();
        if (updated == 0) {
            String title = userText.length() > 80 ? userText.substring(0, 80) : userText;
            jdbc.sql("INSERT INTO chat_session (id, owner, title, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(sessionId, owner, title, model, now, now).update();
        }
        int seq = jdbc.sql("SELECT COALESCE(MAX(seq) + 1, 0) FROM chat_message WHERE session_id = ?").param(sessionId)
                .query(Integer.class).single();
        jdbc.sql("INSERT INTO chat_message (session_id, seq, role, content, tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(sessionId, seq, "user", userText, null, now).update();
        jdbc.sql("INSERT INTO chat_message (session_id, seq, role, content, tokens, created_at, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(sessionId, seq + 1, "assistant", assistantText, tokens, now, answeredBy == null ? null : answeredBy.toJson()).update();
    }

    /** One page of an owner's sessions, most recently updated first; {@code q} matches titles (any case). */
    Page list(String owner, String q, int limit, int offset) {
        String where = " WHERE owner = ?";
        List<Object> params = new ArrayList<>(List.of(owner));
        if (q != null && !q.isBlank()) {
            // '!' as escape character: a backslash means different things in MariaDB and PostgreSQL string literals
            where += " AND LOWER(title) LIKE ? ESCAPE '!'";
            params.add("%" + q.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM chat_session" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(limit);
        pageParams.add(offset);
        List<Session> rows = jdbc.sql("SELECT id, owner, title, model, created_at, updated_at FROM chat_session" + where
                        + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(pageParams)
                .query((rs, n) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()))
                .list();
        return new Page(rows, total);
    }

    record Page(List<Session> sessions, long total) {}

    /** Creates an empty session for {@code owner}. */
    Session create(String owner, String id, String title, String model) {
        Instant now = Instant.now();
        Timestamp ts = Timestamp.from(now);
        jdbc.sql("INSERT INTO chat_session (id, owner, title, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, owner, title, model, ts, ts).update();
        return new Session(id, owner, title, model, now, now);
    }

    /** Sets the title of an owner's session; false when the owner has no such session. */
    boolean rename(String owner, String id, String title) {
        return jdbc.sql("UPDATE chat_session SET title = ? WHERE id = ? AND owner = ?").params(title, id, owner).update() > 0;
    }

    /**
     * Appends messages to an owner's existing session, first dropping the messages from index {@code replaceFrom} on
     * (regenerating an answer replaces it); a null {@code replaceFrom} keeps every message. Sets the title from the
     * first user message when the session has none. Returns the number of messages now stored, or -1 when the owner
     * has no such session.
     */
    @Transactional
    int appendMessages(String owner, String id, String model, List<ChatMessage> add, Integer replaceFrom) {
        return appendStored(owner, id, model, add.stream().map(m -> new StoredMessage(m.role(), m.content(), null)).toList(), replaceFrom);
    }

    /** As {@link #appendMessages}, keeping who answered each assistant message. */
    @Transactional
    int appendStored(String owner, String id, String model, List<StoredMessage> add, Integer replaceFrom) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.sql("UPDATE chat_session SET updated_at = ?, model = COALESCE(?, model) WHERE id = ? AND owner = ?")
                .params(now, model, id, owner).update();
        if (updated == 0) return -1;
        if (replaceFrom != null) {
            jdbc.sql("DELETE FROM chat_message WHERE session_id = ? AND seq >= ?").params(id, replaceFrom).update();
        }
        int seq = jdbc.sql("SELECT COALESCE(MAX(seq) + 1, 0) FROM chat_message WHERE session_id = ?").param(id)
                .query(Integer.class).single();
        for (StoredMessage m : add) {
            jdbc.sql("INSERT INTO chat_message (session_id, seq, role, content, tokens, created_at, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(id, seq++, m.role(), m.content(), null, now, m.answeredBy() == null ? null : m.answeredBy().toJson()).update();
        }
        add.stream().filter(m -> m.role().equals("user")).findFirst().ifPresent(first -> {
            String title = first.content().strip();
            if (title.length() > 80) title = title.substring(0, 80);
            jdbc.sql("UPDATE chat_session SET title = ? WHERE id = ? AND (title IS NULL OR title = '')").params(title, id).update();
        });
        return seq;
    }

    boolean delete(String owner, String id) {
        return jdbc.sql("DELETE FROM chat_session WHERE id = ? AND owner = ?").params(id, owner).update() > 0;
    }
}
