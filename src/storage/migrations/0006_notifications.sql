-- In-app notifications, each person's notification settings, and the e-mail
-- outbox.

-- One row per thing a person should know about. There is no free text here:
-- what the person reads is generated from `kind`, and `link` is a path that
-- Hearth made ("/groups/grief-support"), so nobody else's words are stored.
-- digest_pending marks rows still to go into the person's daily e-mail digest.
CREATE TABLE notification (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  digest_pending INTEGER NOT NULL DEFAULT 0 CHECK (digest_pending IN (0, 1))
) STRICT;
CREATE INDEX notification_by_person ON notification (person_id, id DESC);
-- The unread count in every page header: one lookup in this index.
CREATE INDEX notification_unread ON notification (person_id) WHERE read_at IS NULL;
CREATE INDEX notification_digest ON notification (person_id) WHERE digest_pending = 1;
CREATE INDEX notification_link ON notification (link);
CREATE INDEX notification_age ON notification (created_at);

-- Each person's choices. A NULL email (or no row) means the default of the [mail]
-- configuration section, so that a changed default reaches everyone who has
-- not chosen. last_digest_at: when the last daily digest was made.
CREATE TABLE notification_preference (
  person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
  email TEXT CHECK (email IS NULL OR email IN ('off', 'immediately', 'daily')),
  details TEXT NOT NULL DEFAULT 'off' CHECK (details IN ('off', 'on')),
  last_digest_at INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT;

-- E-mail waiting to be sent through the hospital's relay, written in the same
-- transaction as the change it reports, so that nothing is lost when the relay
-- or the process is down. A row is sent when sent_at is set; it is given up
-- when next_attempt_at is NULL and sent_at is not set (last_error says why).
-- last_error holds curl and SMTP status text only, never the body or address.
-- message_id stays the same on every attempt, so a relay can spot a repeat.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at INTEGER
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL;
CREATE INDEX mail_outbox_age ON mail_outbox (created_at);
