-- Invite links: an admin invites someone to make an account while sign-up is closed. token_hash is the SHA-256 (hex)
-- of the link's token; the token itself is never stored. An invite is used once (used_at, used_by) or expires.
CREATE TABLE user_invites (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64)  NOT NULL,
    created_by VARCHAR(128) NOT NULL,
    -- comma list of the roles the new account gets besides 'user'
    roles      VARCHAR(255) NOT NULL,
    created_at TIMESTAMP    DEFAULT CURRENT_TIMESTAMP NOT NULL,
    expires_at TIMESTAMP    NOT NULL,
    used_at    TIMESTAMP    NULL,
    used_by    VARCHAR(36),
    CONSTRAINT user_invites_token UNIQUE (token_hash)
);
CREATE INDEX user_invites_created ON user_invites (created_at);
