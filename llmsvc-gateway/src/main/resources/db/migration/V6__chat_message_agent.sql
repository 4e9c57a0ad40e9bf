-- Which agent wrote an assistant message (agent, intent, confidence, note, citations), as JSON; null for messages
-- from before the agents and for user messages.
ALTER TABLE chat_message ADD COLUMN answered_by TEXT;
