-- User accounts, browser sessions and runtime switches of the gateway.
-- Portable on H2, PostgreSQL and MariaDB: ids are generated in Java. The first TIMESTAMP column of each table has
-- an explicit DEFAULT so that MySQL/MariaDB servers without explicit_defaults_for_timestamp do not add
-- ON UPDATE CURRENT_TIMESTAMP to it.
CREATE TABLE users (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    username            VARCHAR(64)  NOT NULL,
    -- lower-cased username: makes names unique regardless of case on every database
    username_key        VARCHAR(64)  NOT NULL,
    display_name        VARCHAR(100) NOT NULL,
    password_hash       VARCHAR(255) NOT NULL,
    -- comma list, e.g. 'admin,user'
    roles               VARCHAR(255) NOT NULL,
    disabled            BOOLEAN      NOT NULL,
    created_at          TIMESTAMP    DEFAULT CURRENT_TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP    NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username_key)
);
CREATE INDEX users_created ON users (created_at);

-- Browser sessions. id is the SHA-256 (hex) of the session cookie's token; the token itself is never stored.
CREATE TABLE web_sessions (
    id           VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id      VARCHAR(36) NOT NULL,
    csrf_token   VARCHAR(64) NOT NULL,
    created_at   TIMESTAMP   DEFAULT CURRENT_TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP   NOT NULL,
    expires_at   TIMESTAMP   NOT NULL,
    CONSTRAINT web_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- Switches an admin changes at run time (e.g. 'signup.enabled'); they override the configured defaults.
CREATE TABLE gateway_settings (
    name       VARCHAR(100)  NOT NULL PRIMARY KEY,
    value_text VARCHAR(1000) NOT NULL,
    updated_at TIMESTAMP     DEFAULT CURRENT_TIMESTAMP NOT NULL
);
