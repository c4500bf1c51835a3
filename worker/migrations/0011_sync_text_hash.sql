-- A replay looked up before the body is validated (routes/sync.ts, sync/replay.ts): the SHA-256 of
-- the request's exact text. The same text from the same school is answered from its stored answer;
-- other text under a logged batch id (other white space, or another body) goes the whole way, where
-- body_hash (of the validated body) decides as before.
ALTER TABLE sync_log ADD COLUMN text_hash TEXT;
CREATE INDEX sync_log_text_hash ON sync_log (school, text_hash) WHERE text_hash IS NOT NULL;
