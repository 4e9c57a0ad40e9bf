package io.llmsvc.gateway.chat;

import io.llmsvc.api.worker.ChatMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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

    /** Appends one exchange; creates the session when it does not exist yet. */
    @Transactional
    void append(String owner, String sessionId, String model, String userText, String assistantText, int tokens) {
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.sql("UPDATE chat_session SET updated_at = ?, model = ? WHERE id = ? AND owner = ?")
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
        jdbc.sql("INSERT INTO chat_message (session_id, seq, role, content, tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(sessionId, seq + 1, "assistant", assistantText, tokens, now).update();
    }

    boolean delete(String owner, String id) {
        return jdbc.sql("DELETE FROM chat_session WHERE id = ? AND owner = ?").params(id, owner).update() > 0;
    }
}
