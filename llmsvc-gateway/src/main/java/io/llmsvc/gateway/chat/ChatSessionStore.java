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

/**
 * Chat sessions and their messages in the gateway's database; every query is scoped to an owner. A session's
 * {@code id} is the one its owner sees and passes, unique per owner only ({@code public_id}); its {@code key} is the
 * row's own, which the messages refer to.
 */
@Repository
@io.llmsvc.runtime.target.ConditionalOnTarget(io.llmsvc.runtime.target.Target.GATEWAY)
class ChatSessionStore {
    private final JdbcClient jdbc;

    ChatSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Session(String id, String key, String owner, String title, String model, Instant createdAt, Instant updatedAt) {}

    private static final String COLUMNS = "public_id, id, owner, title, model, created_at, updated_at";

    private static Session session(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
    }

    Optional<Session> find(String owner, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chat_session WHERE public_id = ? AND owner = ?")
                .params(id, owner).query(ChatSessionStore::session).optional();
    }

    /** A session of any owner with this id, the most recently updated when several owners use it: for admins only. */
    Optional<Session> findAnyOwner(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chat_session WHERE public_id = ? ORDER BY updated_at DESC")
                .param(id).query(ChatSessionStore::session).stream().findFirst();
    }

    /** The row key of an owner's session, if it exists. */
    private Optional<String> key(String owner, String id) {
        return jdbc.sql("SELECT id FROM chat_session WHERE public_id = ? AND owner = ?").params(id, owner)
                .query(String.class).optional();
    }

    /** The messages of the session with row key {@code key} ({@link Session#key()}). */
    List<ChatMessage> messages(String key) {
        return jdbc.sql("SELECT role, content FROM chat_message WHERE session_id = ? ORDER BY seq")
                .param(key)
                .query((rs, n) -> ChatMessage.of(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** A stored message with, for assistant messages written by an agent, which one ({@code answeredBy}, else null). */
    record StoredMessage(String role, String content, AnsweredBy answeredBy) {}

    /** The messages of the session with row key {@code key}, with who answered each, for display. */
    List<StoredMessage> storedMessages(String key) {
        return jdbc.sql("SELECT role, content, answered_by FROM chat_message WHERE session_id = ? ORDER BY seq")
                .param(key)
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
        int updated = jdbc.sql("UPDATE chat_session SET updated_at = ?, model = COALESCE(?, model) WHERE public_id = ? AND owner = ?")
                .params(now, model, sessionId, owner).update();
        String key;
        if (updated == 0) {
            String title = userText.length() > 80 ? userText.substring(0, 80) : userText;
            key = java.util.UUID.randomUUID().toString();
            jdbc.sql("INSERT INTO chat_session (id, public_id, owner, title, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(key, sessionId, owner, title, model, now, now).update();
        } else {
            key = key(owner, sessionId).orElseThrow();
        }
        int seq = jdbc.sql("SELECT COALESCE(MAX(seq) + 1, 0) FROM chat_message WHERE session_id = ?").param(key)
                .query(Integer.class).single();
        jdbc.sql("INSERT INTO chat_message (session_id, seq, role, content, tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(key, seq, "user", userText, null, now).update();
        jdbc.sql("INSERT INTO chat_message (session_id, seq, role, content, tokens, created_at, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(key, seq + 1, "assistant", assistantText, tokens, now, answeredBy == null ? null : answeredBy.toJson()).update();
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
        List<Session> rows = jdbc.sql("SELECT " + COLUMNS + " FROM chat_session" + where
                        + " ORDER BY updated_at DESC, public_id DESC LIMIT ? OFFSET ?")
                .params(pageParams)
                .query(ChatSessionStore::session)
                .list();
        return new Page(rows, total);
    }

    record Page(List<Session> sessions, long total) {}

    /** Creates an empty session for {@code owner}. */
    Session create(String owner, String id, String title, String model) {
        Instant now = Instant.now();
        Timestamp ts = Timestamp.from(now);
        jdbc.sql("INSERT INTO chat_session (id, public_id, owner, title, model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, id, owner, title, model, ts, ts).update();
        return new Session(id, id, owner, title, model, now, now);
    }

    /** Sets the title of an owner's session; false when the owner has no such session. */
    boolean rename(String owner, String id, String title) {
        return jdbc.sql("UPDATE chat_session SET title = ? WHERE public_id = ? AND owner = ?").params(title, id, owner).update() > 0;
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
        int updated = jdbc.sql("UPDATE chat_session SET updated_at = ?, model = COALESCE(?, model) WHERE public_id = ? AND owner = ?")
                .params(now, model, id, owner).update();
        if (updated == 0) return -1;
        String key = key(owner, id).orElseThrow();
        if (replaceFrom != null) {
            jdbc.sql("DELETE FROM chat_message WHERE session_id = ? AND seq >= ?").params(key, replaceFrom).update();
        }
        int seq = jdbc.sql("SELECT COALESCE(MAX(seq) + 1, 0) FROM chat_message WHERE session_id = ?").param(key)
                .query(Integer.class).single();
        for (StoredMessage m : add) {
            jdbc.sql("INSERT INTO chat_message (session_id, seq, role, content, tokens, created_at, answered_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(key, seq++, m.role(), m.content(), null, now, m.answeredBy() == null ? null : m.answeredBy().toJson()).update();
        }
        add.stream().filter(m -> m.role().equals("user")).findFirst().ifPresent(first -> {
            String title = first.content().strip();
            if (title.length() > 80) title = title.substring(0, 80);
            jdbc.sql("UPDATE chat_session SET title = ? WHERE id = ? AND (title IS NULL OR title = '')").params(title, key).update();
        });
        return seq;
    }

    boolean delete(String owner, String id) {
        return jdbc.sql("DELETE FROM chat_session WHERE public_id = ? AND owner = ?").params(id, owner).update() > 0;
    }
}
