//! The schema and its migrations, keyed on `PRAGMA user_version`.
//!
//! Version 1 was the first schema (persons, cases, events). Version 2 added the case
//! references, the escalation links (`cases.escalated_from`, `events.linked_case`), an index
//! for histories, and the triggers that make events append-only.

/// `PRAGMA application_id` of an acces store ("accs").
pub const APPLICATION_ID: i32 = 0x6163_6373;

/// The schema version this code writes.
pub const CURRENT: i32 = 2;

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

/// The steps from version `n` to `n + 1`, indexed by `n - 1`.
pub const STEPS: [&str; 1] = [V1_TO_V2];

/// The full current schema for a new store.
pub fn create_current() -> String {
    let mut sql = String::from(V1);
    for step in STEPS {
        sql.push_str(step);
    }
    sql
}
