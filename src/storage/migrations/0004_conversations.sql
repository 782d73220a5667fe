-- Group conversations: threads, posts, shared resources, reports and the
-- per-group settings for anonymous posting and retention.

-- One row per group once a facilitator changes a setting; no row means the
-- defaults (no anonymous posts, posts kept until deleted).
CREATE TABLE group_conversation_settings (
  group_id INTEGER PRIMARY KEY REFERENCES peer_group (id) ON DELETE CASCADE,
  allow_anonymous INTEGER NOT NULL DEFAULT 0 CHECK (allow_anonymous IN (0, 1)),
  retention_days INTEGER CHECK (retention_days IS NULL OR retention_days BETWEEN 7 AND 3650),
  updated_at INTEGER NOT NULL
) STRICT;

-- A thread is a title plus its posts; the first post is the opening one.
-- last_post_id / last_activity_at / post_count follow the visible posts and
-- are kept in step by the store in the same transaction as each post change.
CREATE TABLE group_thread (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES peer_group (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  created_at INTEGER NOT NULL,
  last_post_id INTEGER NOT NULL DEFAULT 0,
  last_activity_at INTEGER NOT NULL,
  post_count INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX group_thread_listing ON group_thread (group_id, pinned DESC, last_activity_at DESC, id DESC);

-- The author is kept for anonymous posts too, only so that the author can
-- edit or delete them and a coordinator can reveal them for a serious report
-- (an audited action). body is emptied when a post is removed or deleted.
CREATE TABLE group_post (
  id INTEGER PRIMARY KEY,
  thread_id INTEGER NOT NULL REFERENCES group_thread (id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES peer_group (id) ON DELETE CASCADE,
  author_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('visible', 'hidden', 'removed', 'deleted')),
  created_at INTEGER NOT NULL,
  edited_at INTEGER
) STRICT;
CREATE INDEX group_post_by_thread ON group_post (thread_id, id);
CREATE INDEX group_post_by_age ON group_post (group_id, created_at);
CREATE INDEX group_post_by_author ON group_post (author_person_id);

-- How far each person has read each thread, for unread markers. Seen by
-- that person only.
CREATE TABLE group_thread_read (
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  thread_id INTEGER NOT NULL REFERENCES group_thread (id) ON DELETE CASCADE,
  last_read_post_id INTEGER NOT NULL,
  PRIMARY KEY (person_id, thread_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_thread_read_thread ON group_thread_read (thread_id);

-- Full-text search over visible posts; rowid = group_post.id. Kept in step by
-- the store: hidden, removed, deleted and purged posts leave the index.
CREATE VIRTUAL TABLE group_post_search USING fts5 (
  title, body, group_id UNINDEXED, thread_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- "Take a resource, give a resource": links members found helpful.
CREATE TABLE group_shared_resource (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES peer_group (id) ON DELETE CASCADE,
  author_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  why TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX group_shared_resource_by_group ON group_shared_resource (group_id, created_at);

-- Reports of posts. The reporter is kept so that one person reports a post
-- once; facilitators and coordinators are not shown who reported.
CREATE TABLE group_post_report (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES group_post (id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES peer_group (id) ON DELETE CASCADE,
  reporter_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  reason TEXT NOT NULL CHECK (reason IN ('patient_information', 'unkind', 'safety', 'spam', 'other')),
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'closed')),
  created_at INTEGER NOT NULL,
  closed_at INTEGER
) STRICT;
CREATE INDEX group_post_report_by_group ON group_post_report (group_id, status, created_at);
CREATE INDEX group_post_report_by_status ON group_post_report (status, created_at);
CREATE INDEX group_post_report_by_post ON group_post_report (post_id);
CREATE UNIQUE INDEX group_post_report_once ON group_post_report (post_id, reporter_person_id)
  WHERE status != 'closed';

-- A facilitator's reminder to a member about the ground rules, shown to that
-- member on the group's pages until they dismiss it. For anonymous posts the
-- facilitator warns "the author" without learning who it is.
CREATE TABLE group_member_warning (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES peer_group (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  message TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  dismissed_at INTEGER
) STRICT;
CREATE INDEX group_member_warning_by_person ON group_member_warning (person_id, group_id, dismissed_at);
