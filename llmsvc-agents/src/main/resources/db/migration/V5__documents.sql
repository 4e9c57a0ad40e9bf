-- Documents of the document agent: who owns each, who may read it, and where its ingestion stands. The original
-- file lives under <data-dir>/documents/files/<id>; chunks and vectors live in the chunk index (Lucene or Chroma),
-- which searches only documents this table lists as 'ready' for the caller.
-- Portable on H2, PostgreSQL and MariaDB: ids are generated in Java; the first TIMESTAMP column has an explicit
-- DEFAULT so that MySQL/MariaDB servers without explicit_defaults_for_timestamp do not add ON UPDATE to it.
CREATE TABLE documents (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    owner_id     VARCHAR(128)  NOT NULL,
    -- null until parsing finds one (metadata, first heading) when the uploader gave none
    title        VARCHAR(300),
    -- the uploaded file name without any directory part, or the URL the document came from
    source       VARCHAR(2048) NOT NULL,
    content_type VARCHAR(255),
    size_bytes   BIGINT        NOT NULL,
    sha256       VARCHAR(64),
    -- 'private', 'everyone' or 'role:<name>'
    visibility   VARCHAR(100)  NOT NULL,
    -- queued, parsing, embedding, ready, failed
    status       VARCHAR(16)   NOT NULL,
    error        VARCHAR(1000),
    pages        INT           NOT NULL,
    chunks       INT           NOT NULL,
    -- ingestion starts, so that a document that keeps interrupting ingestion is given up on
    attempts     INT           NOT NULL,
    -- milliseconds, so that "newest first" holds within a second on MariaDB too (its TIMESTAMP keeps seconds)
    created_at   TIMESTAMP(3)  DEFAULT CURRENT_TIMESTAMP(3) NOT NULL,
    updated_at   TIMESTAMP(3)  NOT NULL
);
CREATE INDEX documents_owner ON documents (owner_id, created_at);
CREATE INDEX documents_status ON documents (status);
CREATE INDEX documents_visibility ON documents (visibility, status);
