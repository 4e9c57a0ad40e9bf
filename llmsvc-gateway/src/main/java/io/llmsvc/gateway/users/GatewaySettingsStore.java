package io.llmsvc.gateway.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code gateway_settings} table: switches an admin changes at run time, shared by every gateway replica. */
final class GatewaySettingsStore {
    static final String SIGNUP_ENABLED = "signup.enabled";
    private final JdbcClient jdbc;

    GatewaySettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> get(String name) {
        return jdbc.sql("SELECT value_text FROM gateway_settings WHERE name = ?").param(name).query(String.class).optional();
    }

    void put(String name, String value) {
        Timestamp now = Timestamp.from(Instant.now());
        if (update(name, value, now)) return;
        try {
            jdbc.sql("INSERT INTO gateway_settings (name, value_text, updated_at) VALUES (?, ?, ?)").params(name, value, now).update();
        } catch (DataIntegrityViolationException e) {
            // another replica inserted it first: ours is the later write
            update(name, value, now);
        }
    }

    private boolean update(String name, String value, Timestamp now) {
        return jdbc.sql("UPDATE gateway_settings SET value_text = ?, updated_at = ? WHERE name = ?").params(value, now, name).update() > 0;
    }
}
