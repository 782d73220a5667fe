-- Requests for a conversation with a peer supporter. The identifying fields
-- (who asked, how to reach them, their department, the context line, who
-- took the request) are emptied when the request ends - closed, withdrawn,
-- or expired - leaving an anonymous row for the figures: the day it was made
-- (rounded to the day), how long it waited for contact, and the outcome.
CREATE TABLE support_request (
  id INTEGER PRIMARY KEY,
  requester_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  for_whom TEXT NOT NULL CHECK (for_whom IN ('self', 'colleague')),
  colleague_name TEXT NOT NULL DEFAULT '',
  contact_channel TEXT NOT NULL CHECK (contact_channel IN ('phone', 'pager', 'email', 'chat')),
  contact_detail TEXT NOT NULL DEFAULT '',
  timing TEXT NOT NULL CHECK (timing IN ('soon', 'today', 'this_week', 'window')),
  time_window TEXT NOT NULL DEFAULT '',
  outside_department INTEGER NOT NULL DEFAULT 0 CHECK (outside_department IN (0, 1)),
  department TEXT NOT NULL DEFAULT '',
  context TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('waiting', 'claimed', 'closed')),
  outcome TEXT CHECK (outcome IS NULL OR
                      outcome IN ('talked', 'referred_eap', 'no_answer', 'declined', 'withdrawn', 'expired')),
  claimed_by INTEGER REFERENCES person (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  claimed_at INTEGER,
  contacted_at INTEGER,
  closed_at INTEGER,
  wait_seconds INTEGER  -- created to first contact; kept after the purge
) STRICT;
CREATE INDEX support_request_queue ON support_request (status, created_at);
CREATE INDEX support_request_requester ON support_request (requester_person_id, created_at);
CREATE INDEX support_request_claimed_by ON support_request (claimed_by);
