-- Conversations of the seed-002 chat API, kept server-side per owner.
CREATE TABLE chat_session (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner      VARCHAR(128) NOT NULL,
    title      VARCHAR(200),
    model      VARCHAR(256),
    -- a default on the first TIMESTAMP keeps MySQL/MariaDB (explicit_defaults_for_timestamp=OFF) from adding
    -- ON UPDATE CURRENT_TIMESTAMP to it
    created_at TIMESTAMP    DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at TIMESTAMP    NOT NULL
);
CREATE INDEX chat_session_owner ON chat_session (owner, updated_at);

CREATE TABLE chat_message (
    session_id VARCHAR(64) NOT NULL,
    seq        INT         NOT NULL,
    role       VARCHAR(16) NOT NULL,
    content    TEXT        NOT NULL,
    tokens     INT,
    created_at TIMESTAMP   DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, seq),
    CONSTRAINT chat_message_session FOREIGN KEY (session_id) REFERENCES chat_session (id) ON DELETE CASCADE
);
