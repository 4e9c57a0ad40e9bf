-- The job queue's records and the stored files. JobRunr keeps its own tables (jobrunr_*) for the execution of
-- runs; this table is the source of truth for owners, typed arguments, state, progress and results.
-- Portable on H2, PostgreSQL and MariaDB (ids are made in Java; the first TIMESTAMP column has an explicit
-- DEFAULT so that MariaDB adds no ON UPDATE to it; milliseconds so that ordering holds within a second).
CREATE TABLE jobs (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    type             VARCHAR(100)  NOT NULL,
    owner_id         VARCHAR(128)  NOT NULL,
    -- the argument record as JSON; read back into the type's record class when the job runs
    args             TEXT          NOT NULL,
    -- queued, running, succeeded, failed, cancelled
    state            VARCHAR(16)   NOT NULL,
    progress         DOUBLE PRECISION NOT NULL,
    progress_message VARCHAR(500),
    -- runs started; a run is authorised by (generation) and identified by (run_id)
    attempts         INT           NOT NULL,
    max_attempts     INT           NOT NULL,
    generation       INT           NOT NULL,
    run_id           VARCHAR(36),
    -- JobRunr's job of the current generation (deleted on cancel)
    runner_ref       VARCHAR(36),
    result_file_id   VARCHAR(36),
    result_record_type VARCHAR(100),
    result_record_id VARCHAR(128),
    result_summary   VARCHAR(500),
    error            VARCHAR(1000),
    idempotency_key  VARCHAR(200),
    recurring        VARCHAR(100),
    created_at       TIMESTAMP(3)  DEFAULT CURRENT_TIMESTAMP(3) NOT NULL,
    started_at       TIMESTAMP(3),
    finished_at      TIMESTAMP(3),
    next_attempt_at  TIMESTAMP(3),
    -- refreshed by the process running the job; a running job whose heartbeat is stale is run again elsewhere
    heartbeat_at     TIMESTAMP(3),
    updated_at       TIMESTAMP(3)  NOT NULL
);
CREATE INDEX jobs_owner ON jobs (owner_id, created_at);
CREATE INDEX jobs_state ON jobs (state, heartbeat_at);
CREATE INDEX jobs_type ON jobs (type, created_at);
-- one job per (owner, type, key); NULL keys do not collide
CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner_id, type, idempotency_key);

-- Side effects a job has completed, so that a retried or re-run job does not do them twice (JobContext.once).
CREATE TABLE job_steps (
    job_id     VARCHAR(36)  NOT NULL,
    step       VARCHAR(200) NOT NULL,
    outcome    VARCHAR(2000),
    created_at TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (job_id, step)
);

-- Stored files: the bytes are in the object store under object_key; a file is pending until its upload arrived.
CREATE TABLE files (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    owner_id     VARCHAR(128)  NOT NULL,
    -- the name to download it as (no directory part); never used as a path
    name         VARCHAR(255)  NOT NULL,
    purpose      VARCHAR(50)   NOT NULL,
    content_type VARCHAR(255)  NOT NULL,
    -- declared size while pending, stored size when ready
    size_bytes   BIGINT        NOT NULL,
    sha256       VARCHAR(64),
    object_key   VARCHAR(300)  NOT NULL,
    -- pending, ready
    status       VARCHAR(16)   NOT NULL,
    job_id       VARCHAR(36),
    created_at   TIMESTAMP(3)  DEFAULT CURRENT_TIMESTAMP(3) NOT NULL,
    updated_at   TIMESTAMP(3)  NOT NULL
);
CREATE INDEX files_owner ON files (owner_id, created_at);
CREATE INDEX files_status ON files (status, created_at);
CREATE INDEX files_job ON files (job_id);
