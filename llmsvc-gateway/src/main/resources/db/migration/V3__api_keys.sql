-- API keys. Only the SHA-256 of a key is stored: keys are 256-bit random values, so a slow password hash
-- (bcrypt, argon2) would add nothing against guessing but cost milliseconds on every request; SHA-256 also lets
-- the gateway find a key by its hash with one indexed lookup. The prefix (the key's first characters) is kept in
-- clear so lists and logs can name a key without revealing it.
-- user_id has no foreign key on purpose: the bootstrap admin ('bootstrap') is not a row of users.
CREATE TABLE api_keys (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id        VARCHAR(64)  NOT NULL,
    name           VARCHAR(100) NOT NULL,
    prefix         VARCHAR(32)  NOT NULL,
    key_hash       VARCHAR(64)  NOT NULL,
    created_at     TIMESTAMP    NOT NULL,
    expires_at     TIMESTAMP    NULL,
    revoked_at     TIMESTAMP    NULL,
    allowed_models TEXT         NULL,
    rpm            INT          NULL,
    tpm            INT          NULL,
    max_concurrent INT          NULL,
    budget_tokens  BIGINT       NULL,
    budget_period  VARCHAR(8)   NULL,
    last_used_at   TIMESTAMP    NULL,
    CONSTRAINT api_keys_hash UNIQUE (key_hash)
);
CREATE INDEX api_keys_user ON api_keys (user_id, created_at);

-- Tokens settled against a key's budget per period (UTC day or month; period_start is its first day, ISO
-- yyyy-mm-dd), written in batches by every gateway replica as increments, read when a budget counter is cold
-- (after a restart, or a Redis flush), so a restart never resets a spent budget.
CREATE TABLE key_budget_usage (
    key_id       VARCHAR(36) NOT NULL,
    period_start VARCHAR(10) NOT NULL,
    tokens       BIGINT      NOT NULL,
    PRIMARY KEY (key_id, period_start),
    CONSTRAINT key_budget_usage_key FOREIGN KEY (key_id) REFERENCES api_keys (id) ON DELETE CASCADE
);
