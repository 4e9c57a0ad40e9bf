-- Session ids are per owner: two users may both call a conversation "s-1". public_id is the id the owner sees and
-- passes (seed-002 session_id, the web UI's /#<id>); id stays the row's key, which chat_message refers to.
ALTER TABLE chat_session ADD COLUMN public_id VARCHAR(64);
UPDATE chat_session SET public_id = id;
CREATE UNIQUE INDEX chat_session_owner_public_id ON chat_session (owner, public_id);
