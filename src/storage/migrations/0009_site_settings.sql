-- Site settings changed by an administrator at /admin/settings. A row
-- overrides the config file's value for its key (the config key, e.g.
-- "site.name") until it is reset, which deletes the row. Who changed what is
-- in audit_log (the key only, never the value).
CREATE TABLE site_setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES person (id) ON DELETE SET NULL
) STRICT, WITHOUT ROWID;

-- The uploaded logo: a PNG or JPEG of at most 200 KB, checked by its first
-- bytes, stored as base64 text. At most one row; none means the built-in icon.
CREATE TABLE site_logo (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  data_base64 TEXT NOT NULL,
  digest TEXT NOT NULL,  -- the start of the SHA-256 of the image, used in its URL
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES person (id) ON DELETE SET NULL
) STRICT;

-- The audit log viewer filters by action.
CREATE INDEX audit_log_action ON audit_log (action, id);
