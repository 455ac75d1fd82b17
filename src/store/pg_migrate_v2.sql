-- A shared register of schema 1 to schema 2: stable identities (`uid`) for the persons,
-- cases and events already recorded, and the recipient kept for a case (sealed).
-- Run once, in one transaction, by the database's owner (only the owner may lift the
-- triggers: the events stay append-only, and who wrote each row stays as it was).

ALTER TABLE persons ADD COLUMN uid uuid;
ALTER TABLE cases ADD COLUMN uid uuid, ADD COLUMN recipient bytea;
ALTER TABLE events ADD COLUMN uid uuid;

ALTER TABLE persons DISABLE TRIGGER persons_written_by;
ALTER TABLE events DISABLE TRIGGER events_append_only;
UPDATE persons SET uid = gen_random_uuid();
UPDATE cases SET uid = gen_random_uuid();
UPDATE events SET uid = gen_random_uuid();
ALTER TABLE events ENABLE TRIGGER events_append_only;
ALTER TABLE persons ENABLE TRIGGER persons_written_by;

ALTER TABLE persons ALTER COLUMN uid SET NOT NULL, ADD UNIQUE (uid);
ALTER TABLE cases ALTER COLUMN uid SET NOT NULL, ADD UNIQUE (uid);
ALTER TABLE events ALTER COLUMN uid SET NOT NULL, ADD UNIQUE (uid);

UPDATE acces_meta SET value = '2' WHERE key = 'schema';
