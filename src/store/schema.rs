//! The schema and its migrations, keyed on `PRAGMA user_version`.
//!
//! Version 1 was the first schema (persons, cases, events). Version 2 added the case
//! references, the escalation links (`cases.escalated_from`, `events.linked_case`), an index
//! for histories, and the triggers that make events append-only. Version 3 follows the
//! procedure (see `crate::cases`): `events.route` (the route an `escalade` took, filled for
//! the existing ones from the linked case; the route a `renonce` lets go), `events.
//! linked_event` (the event an `annule` cancels); events stay append-only except when their
//! case is deleted for real (the delete trigger lets an event go once its case, or the case
//! an `escalade` links to, is gone). Version 4 gives every person, case and event a stable
//! identity (`uid`, a random UUID; those already recorded get one in the migration) and keeps
//! the recipient chosen for a case (`cases.recipient`). Version 5 adds what the deadline
//! listings read instead of whole tables: an index on events holding every column status
//! derivation reads (`events_status`, in place of the histories' index: read alone, case by
//! case in date order, without identities, texts and recording times), one of the events that
//! close or cancel (`events_closing`: which cases are closed, without reading every event),
//! and one of each person's name and département (`persons_head`: listings do not parse
//! profiles). These are indexes: SQLite keeps them in the transaction that writes the rows,
//! the migration builds them, and the events and profiles stay the only truth.

/// `PRAGMA application_id` of an acces store ("accs").
pub const APPLICATION_ID: i32 = 0x6163_6373;

/// The schema version this code writes.
pub const CURRENT: i32 = 5;

/// Version 1, kept to document what older stores look like (and to build test fixtures).
pub const V1: &str = "
CREATE TABLE persons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    data TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    entry TEXT NOT NULL,
    route TEXT NOT NULL,
    channel TEXT,
    opened TEXT NOT NULL
);
CREATE INDEX cases_person ON cases(person_id);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT,
    recommande TEXT,
    outcome TEXT,
    text TEXT,
    recorded TEXT NOT NULL
);
";

/// From version 1 to version 2.
pub const V1_TO_V2: &str = "
ALTER TABLE cases ADD COLUMN refs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE cases ADD COLUMN escalated_from INTEGER REFERENCES cases(id);
ALTER TABLE events ADD COLUMN linked_case INTEGER REFERENCES cases(id);
CREATE INDEX events_case ON events(case_id, date, id);
CREATE INDEX cases_entry ON cases(entry);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
";

/// From version 2 to version 3.
pub const V2_TO_V3: &str = "
ALTER TABLE events ADD COLUMN route TEXT;
ALTER TABLE events ADD COLUMN linked_event INTEGER REFERENCES events(id);
DROP TRIGGER events_no_update;
DROP TRIGGER events_no_delete;
UPDATE events SET route = (SELECT c.route FROM cases c WHERE c.id = events.linked_case)
    WHERE kind = 'escalade';
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
        AND (OLD.linked_case IS NULL OR EXISTS (SELECT 1 FROM cases WHERE id = OLD.linked_case))
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
";

/// A random (version 4) UUID in its text form, computed by SQLite for each row.
macro_rules! random_uuid {
    () => {
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || \
         substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || \
         substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
    };
}

/// From version 3 to version 4. The events' update trigger is lifted only to give the
/// recorded events their identity.
pub const V3_TO_V4: &str = concat!(
    "
ALTER TABLE persons ADD COLUMN uid TEXT;
ALTER TABLE cases ADD COLUMN uid TEXT;
ALTER TABLE cases ADD COLUMN recipient TEXT;
ALTER TABLE events ADD COLUMN uid TEXT;
DROP TRIGGER events_no_update;
UPDATE persons SET uid = ",
    random_uuid!(),
    ";
UPDATE cases SET uid = ",
    random_uuid!(),
    ";
UPDATE events SET uid = ",
    random_uuid!(),
    ";
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE UNIQUE INDEX persons_uid ON persons(uid);
CREATE UNIQUE INDEX cases_uid ON cases(uid);
CREATE UNIQUE INDEX events_uid ON events(uid);
"
);

/// From version 4 to version 5: the indexes of the listings (`events_status` serves every
/// lookup the histories' index served: same leading columns). The expressions of
/// `persons_head` and the condition of `events_closing` are those the reads use, word for
/// word (SQLite matches them as written): see [`CLOSED_CASES`] and [`PERSON_HEADS`].
pub const V4_TO_V5: &str = "
CREATE INDEX events_status ON events(case_id, date, id, kind, channel, outcome, linked_case,
    route, linked_event);
DROP INDEX events_case;
CREATE INDEX events_closing ON events(case_id, kind) WHERE kind IN ('clos', 'annule');
CREATE INDEX persons_head ON persons(id, json_extract(data, '$.nom'),
    json_extract(data, '$.prenoms'), json_extract(data, '$.departement'));
";

/// The cases closed for sure: with a `clos` event and no `annule` at all (a case with an
/// `annule` is left to the reader, which knows what it cancels). Read from `events_closing`.
pub const CLOSED_CASES: &str = "SELECT case_id FROM events WHERE kind IN ('clos', 'annule') \
    GROUP BY case_id HAVING max(kind = 'annule') = 0";

/// Each person's id, name, first names and département, read from `persons_head`.
pub const PERSON_HEADS: &str = "SELECT id, json_extract(data, '$.nom'), \
    json_extract(data, '$.prenoms'), json_extract(data, '$.departement') FROM persons ORDER BY id";

/// The steps from version `n` to `n + 1`, indexed by `n - 1`.
pub const STEPS: [&str; 4] = [V1_TO_V2, V2_TO_V3, V3_TO_V4, V4_TO_V5];

/// The full current schema for a new store.
pub fn create_current() -> String {
    let mut sql = String::from(V1);
    for step in STEPS {
        sql.push_str(step);
    }
    sql
}
