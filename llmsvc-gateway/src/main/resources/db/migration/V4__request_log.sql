-- Request log (seed 001 central logs): one row per API request, written in batches off the request path.
-- id is generated in Java: time-ordered and unique across gateway replicas (RequestIds). ts is UTC.
-- key_prefix is the public prefix of the API key, never the key. Rows older than llmsvc.logs.retention are
-- deleted in batches.
CREATE TABLE request_log (
    id          BIGINT           NOT NULL PRIMARY KEY,
    ts          TIMESTAMP        NOT NULL,
    user_id     VARCHAR(128),
    key_prefix  VARCHAR(32),
    route       VARCHAR(200)     NOT NULL,
    target      VARCHAR(128),
    model       VARCHAR(256),
    status      INT              NOT NULL,
    error_code  VARCHAR(64),
    latency_ms  DOUBLE PRECISION NOT NULL,
    ttft_ms     DOUBLE PRECISION,
    tokens_in   INT              NOT NULL,
    tokens_out  INT              NOT NULL,
    overhead_ms DOUBLE PRECISION NOT NULL,
    streamed    BOOLEAN          NOT NULL
);
CREATE INDEX request_log_ts ON request_log (ts);
CREATE INDEX request_log_user_ts ON request_log (user_id, ts);
