-- The shared register of one group of volunteers: one PostgreSQL database per group.
--
-- Personal fields (persons.data, cases.refs, cases.recipient, events.recommande,
-- events.text) are `bytea`
-- sealed by the clients with the group key (XChaCha20-Poly1305, see src/store/crypt.rs):
-- the server never sees a name, an address, a reference, a letter number or a note. Dates,
-- file codes, routes, channels, outcomes and event kinds stay in clear so that deadline
-- queries can run on the server. Who wrote each row is recorded (`written_by`). Every
-- person, case and event has a stable identity (`uid`, random) kept through export and
-- import, so that merging a volunteer's export adds nothing twice.
--
-- `acces registre creer-partage` runs this script in one transaction.

CREATE TABLE acces_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);

-- The volunteers of the group and their public age recipient (X25519).
CREATE TABLE volunteers (
    name text PRIMARY KEY,
    recipient text NOT NULL,
    coordinator boolean NOT NULL DEFAULT false,
    added timestamptz NOT NULL DEFAULT now(),
    removed timestamptz
);

-- The group key, one version after another, wrapped (age) for each volunteer.
CREATE TABLE group_keys (
    version integer NOT NULL,
    volunteer text NOT NULL REFERENCES volunteers(name),
    wrapped bytea NOT NULL,
    PRIMARY KEY (version, volunteer)
);

-- One row: every write transaction moves `version` first, which orders the writers (one at
-- a time, like the local register) and tells readers that something changed.
CREATE TABLE register_state (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL DEFAULT 0,
    last_writer text
);
INSERT INTO register_state DEFAULT VALUES;

CREATE TABLE persons (
    id bigserial PRIMARY KEY,
    data bytea NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    updated timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1,
    written_by text NOT NULL,
    uid uuid NOT NULL UNIQUE
);

CREATE TABLE cases (
    id bigserial PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES persons(id) DEFERRABLE,
    entry text NOT NULL,
    route text NOT NULL,
    channel text,
    refs bytea,
    escalated_from bigint REFERENCES cases(id) DEFERRABLE,
    opened date NOT NULL,
    written_by text NOT NULL,
    uid uuid NOT NULL UNIQUE,
    recipient bytea
);
CREATE INDEX cases_person ON cases(person_id);
CREATE INDEX cases_entry ON cases(lower(entry));

CREATE TABLE events (
    id bigserial PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES cases(id) DEFERRABLE,
    date date NOT NULL,
    kind text NOT NULL,
    channel text,
    recommande bytea,
    outcome text,
    linked_case bigint REFERENCES cases(id) DEFERRABLE,
    text bytea,
    recorded text NOT NULL,
    route text,
    linked_event bigint REFERENCES events(id) DEFERRABLE,
    written_by text NOT NULL,
    uid uuid NOT NULL UNIQUE
);
CREATE INDEX events_case ON events(case_id, date, id);

-- Events are append-only; they go only with their case (a deletion for real).
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'events are append-only';
    END IF;
    IF EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
       AND (OLD.linked_case IS NULL OR EXISTS (SELECT 1 FROM cases WHERE id = OLD.linked_case))
    THEN
        RAISE EXCEPTION 'events are append-only';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Who wrote a row: when a volunteer connects with their own database role (one role per
-- volunteer, named as the volunteer), the server records that role, whatever the client
-- says.
CREATE FUNCTION written_by_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM volunteers WHERE name = session_user) THEN
        NEW.written_by := session_user;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER persons_written_by BEFORE INSERT OR UPDATE ON persons
    FOR EACH ROW EXECUTE FUNCTION written_by_role();
CREATE TRIGGER cases_written_by BEFORE INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION written_by_role();
CREATE TRIGGER events_written_by BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION written_by_role();
