-- The resource directory (EAP, crisis lines, chaplaincy, grief support,
-- occupational health, quiet rooms, wellness programs, helplines...) and its
-- anonymous daily view counts. The directory is public: it is read without
-- signing in. Wellness coordinators keep it current; entries are retired,
-- never deleted, so that their counts keep a name.
CREATE TABLE resource (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('crisis', 'eap', 'counselling', 'peer_support', 'chaplaincy',
                                             'grief', 'occupational_health', 'quiet_rooms', 'wellness',
                                             'money_legal', 'helplines')),
  reach TEXT NOT NULL CHECK (reach IN ('on_site', 'remote')),
  summary TEXT NOT NULL,                    -- one line: what it offers
  details TEXT NOT NULL DEFAULT '',         -- more about what it offers; line breaks kept
  audience TEXT NOT NULL,                   -- who can use it
  phone TEXT NOT NULL DEFAULT '',           -- as shown, e.g. "1-800-555-0100 ext. 2"
  text_line TEXT NOT NULL DEFAULT '',       -- e.g. "Text HOME to 741741"
  hours TEXT NOT NULL DEFAULT '',           -- e.g. "24/7"
  place TEXT NOT NULL DEFAULT '',           -- where at the hospital
  url TEXT NOT NULL DEFAULT '',             -- http(s) link
  confidentiality TEXT NOT NULL DEFAULT '', -- what stays private, in plain words
  -- Order within a category: lower first. Unique so that moving an entry is
  -- a swap of two values.
  position INTEGER NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX resource_listing ON resource (status, category, position);

-- Full-text search over the directory; rowid = resource.id. Kept in step with
-- resource by the store, inside the same transaction. Retired entries stay
-- indexed and are filtered out by status.
CREATE VIRTUAL TABLE resource_search USING fts5 (
  name, summary, details, audience, place, category,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- How often the directory, its entries and the help page were opened, per day
-- in the hospital's time zone. Deliberately nothing else: no person, no
-- session, no address, no time of day, no search words. resource_id is the
-- entry for page 'resource' and 0 for the other pages.
CREATE TABLE resource_view_count (
  day TEXT NOT NULL,  -- YYYY-MM-DD
  page TEXT NOT NULL CHECK (page IN ('directory', 'resource', 'help')),
  resource_id INTEGER NOT NULL DEFAULT 0,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (day, page, resource_id)
) STRICT, WITHOUT ROWID;
