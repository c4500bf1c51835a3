-- A sync's answer, kept for replays, gzipped: a batch of 50,000 rows answers with a list of every
-- row, past D1's 2 MB limit on one value as plain JSON. `answer` stays for rows logged before.
ALTER TABLE sync_log ADD COLUMN answer_gz BLOB;
