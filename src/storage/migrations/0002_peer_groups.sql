-- Peer support groups. A group's meeting schedule is stored as its parts
-- (see calendar::MeetingSchedule); the next meeting is computed, not stored.
CREATE TABLE peer_group (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  focus TEXT NOT NULL,                  -- one line
  description TEXT NOT NULL DEFAULT '',
  audience_kind TEXT NOT NULL CHECK (audience_kind IN ('all_staff', 'professions', 'departments')),
  audience_detail TEXT NOT NULL DEFAULT '',  -- e.g. "Nurses, Respiratory therapists"
  ground_rules TEXT NOT NULL,
  ground_rules_version INTEGER NOT NULL DEFAULT 1,
  join_policy TEXT NOT NULL CHECK (join_policy IN ('open', 'request', 'invitation')),
  vetting_questions TEXT NOT NULL DEFAULT '',  -- one question per line
  visibility TEXT NOT NULL CHECK (visibility IN ('listed', 'hidden')),
  members_see_member_list INTEGER NOT NULL DEFAULT 0 CHECK (members_see_member_list IN (0, 1)),
  capacity INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 2 AND 200),
  format TEXT NOT NULL CHECK (format IN ('in_person', 'virtual', 'hybrid')),
  location TEXT NOT NULL DEFAULT '',
  virtual_link TEXT NOT NULL DEFAULT '',
  place_members_only INTEGER NOT NULL DEFAULT 1 CHECK (place_members_only IN (0, 1)),
  recurrence TEXT NOT NULL CHECK (recurrence IN ('weekly', 'monthly')),
  recurrence_interval INTEGER NOT NULL DEFAULT 1,
  meeting_weekday INTEGER NOT NULL CHECK (meeting_weekday BETWEEN 0 AND 6),  -- 0 = Sunday
  week_of_month INTEGER NOT NULL DEFAULT 1,
  first_date TEXT NOT NULL,             -- YYYY-MM-DD in the hospital's time zone
  start_time TEXT NOT NULL,             -- HH:MM
  duration_minutes INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'returned', 'archived')),
  review_note TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES person (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX peer_group_listing ON peer_group (status, visibility, name);

CREATE TABLE peer_group_tag (
  group_id INTEGER NOT NULL REFERENCES peer_group (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (group_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX peer_group_tag_by_tag ON peer_group_tag (tag, group_id);

-- Who belongs to a group and how. One row per person and group; the status
-- moves requested -> active, invited -> active, waitlisted -> active.
CREATE TABLE peer_group_membership (
  group_id INTEGER NOT NULL REFERENCES peer_group (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('member', 'facilitator')),
  status TEXT NOT NULL CHECK (status IN ('active', 'requested', 'invited', 'waitlisted', 'declined')),
  accepted_rules_version INTEGER NOT NULL DEFAULT 0,
  answers TEXT NOT NULL DEFAULT '',      -- answers to the vetting questions (requests only)
  decision_message TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX peer_group_membership_person ON peer_group_membership (person_id, status);
CREATE INDEX peer_group_membership_waitlist ON peer_group_membership (group_id, status, created_at);

-- Full-text search over listed groups (name, focus, description, tags). Kept
-- in step with peer_group by the store, inside the same transaction.
CREATE VIRTUAL TABLE peer_group_search USING fts5 (
  name, focus, description, tags,
  tokenize = 'unicode61 remove_diacritics 2'
);
