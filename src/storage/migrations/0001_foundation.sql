-- People as last seen in the directory. The directory stays the source of
-- truth; these columns are refreshed at every sign-in.
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  directory_id TEXT NOT NULL UNIQUE,  -- entryUUID / objectGUID: never changes
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  mail TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  roles TEXT NOT NULL DEFAULT '',     -- role names at the last sign-in, comma-separated
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER NOT NULL
) STRICT;
CREATE INDEX person_username ON person (username);

-- Browser sessions. Only the SHA-256 of the cookie token is stored, so a copy
-- of the database does not let anyone sign in. person_id is NULL for the
-- anonymous session that carries the CSRF token of the sign-in form.
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  person_id INTEGER REFERENCES person (id) ON DELETE CASCADE,
  roles TEXT NOT NULL DEFAULT '',
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX session_last_seen ON session (last_seen_at);
CREATE INDEX session_person ON session (person_id);

-- Privileged actions (settings, moderation, reveals, deletions). Never the
-- content of posts or requests.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
