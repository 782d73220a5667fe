-- Wellness events and group meetings, their occurrences, RSVPs and the
-- personal calendar feeds.
--
-- Times are wall-clock times in the hospital's zone (site.time_zone): a
-- series keeps its local start time across daylight-saving changes. An
-- occurrence is identified by the local date its rule gives it
-- (occurrence_date, 'YYYY-MM-DD'); RSVPs and per-occurrence changes refer to
-- that date.
CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,  -- iCalendar UID: random, stable across edits, never reused
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',  -- Markdown
  category TEXT NOT NULL CHECK (category IN ('mindfulness', 'movement', 'education', 'rounds', 'debrief',
                                             'social', 'other')),
  first_date TEXT NOT NULL,
  all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
  start_minute INTEGER NOT NULL DEFAULT 0 CHECK (start_minute BETWEEN 0 AND 1439),
  duration_minutes INTEGER NOT NULL DEFAULT 60,
  all_day_days INTEGER NOT NULL DEFAULT 1,
  frequency TEXT NOT NULL CHECK (frequency IN ('once', 'weekly', 'monthly_weekday', 'monthly_day')),
  repeat_interval INTEGER NOT NULL DEFAULT 1,
  weekdays TEXT NOT NULL DEFAULT '',  -- RFC 5545 codes, "MO,TH"; one code for monthly_weekday
  week_of_month INTEGER NOT NULL DEFAULT 1,
  day_of_month INTEGER NOT NULL DEFAULT 1,
  until_date TEXT,
  occurrence_count INTEGER,
  last_date TEXT,  -- the last occurrence date when the series ends; NULL for an open-ended series
  location TEXT NOT NULL DEFAULT '',
  virtual_link TEXT NOT NULL DEFAULT '',
  link_visibility TEXT NOT NULL CHECK (link_visibility IN ('everyone', 'going')),
  audience TEXT NOT NULL CHECK (audience IN ('all_staff', 'departments', 'group')),
  group_id INTEGER REFERENCES peer_group (id) ON DELETE CASCADE,
  capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
  rsvp TEXT NOT NULL CHECK (rsvp IN ('required', 'optional')),
  organiser_contact TEXT NOT NULL DEFAULT '',
  organiser_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
  cancelled_from TEXT,  -- occurrences on or after this date are cancelled (the rest of a series)
  sequence INTEGER NOT NULL DEFAULT 0,  -- iCalendar SEQUENCE, bumped on every change people should see
  continues_event_id INTEGER REFERENCES event (id) ON DELETE SET NULL,  -- "this and later" edits split a series
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((audience = 'group') = (group_id IS NOT NULL))
) STRICT;
CREATE INDEX event_dates ON event (first_date, last_date);
CREATE INDEX event_group ON event (group_id);
CREATE INDEX event_organiser ON event (organiser_person_id);

-- Departments an event with audience 'departments' is for (as the directory
-- spells them in person.department).
CREATE TABLE event_department (
  event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  department TEXT NOT NULL,
  PRIMARY KEY (event_id, department)
) STRICT, WITHOUT ROWID;

-- One occurrence of a series changed or cancelled on its own.
CREATE TABLE event_occurrence_change (
  event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  occurrence_date TEXT NOT NULL,
  cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
  start_minute INTEGER CHECK (start_minute IS NULL OR start_minute BETWEEN 0 AND 1439),
  duration_minutes INTEGER,
  location TEXT,  -- NULL: as the series
  note TEXT NOT NULL DEFAULT '',
  sequence INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (event_id, occurrence_date)
) STRICT, WITHOUT ROWID;

-- Who is coming. Seen only by the person, the organiser and (for their
-- events) coordinators or the group's facilitators.
CREATE TABLE event_rsvp (
  event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  occurrence_date TEXT NOT NULL,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('going', 'waiting', 'not_going')),
  position INTEGER NOT NULL,  -- order of answering; the waiting list is promoted in this order
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (event_id, occurrence_date, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_rsvp_person ON event_rsvp (person_id, status, occurrence_date);
CREATE INDEX event_rsvp_queue ON event_rsvp (event_id, occurrence_date, status, position);

-- A person's calendar feed. Only a SHA-256 hash of the token is kept: the
-- feed address is shown once, when made.
CREATE TABLE calendar_feed (
  person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  discreet TEXT NOT NULL CHECK (discreet IN ('group_meetings', 'everything', 'nothing')),
  created_at INTEGER NOT NULL,
  last_used_day INTEGER  -- midnight UTC of the last day the feed was fetched
) STRICT;
