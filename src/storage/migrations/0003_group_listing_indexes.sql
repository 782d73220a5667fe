-- Indexes that give the group directory and the home page suggestions their
-- order directly, so SQLite walks the index and stops at the page instead of
-- sorting every listed group (with its member counts) on each request.
CREATE INDEX peer_group_by_name ON peer_group (status, visibility, name COLLATE NOCASE, id);
CREATE INDEX peer_group_by_age ON peer_group (status, visibility, created_at, id);
