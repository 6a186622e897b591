"""The file format: identity pragmas and the numbered, forward-only migrations (SQL)."""

from __future__ import annotations

from typing import Final

# "CDSK": marks a SQLite file as a compdesk document (PRAGMA application_id).
APPLICATION_ID: Final = 0x4344534B

# Each entry upgrades the schema from version N to N + 1 (index N). Never edit a shipped
# migration: add a new one.
MIGRATIONS: Final[tuple[str, ...]] = (
    # 1: the competence record.
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE roles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
        description TEXT NOT NULL DEFAULT '',
        responsibilities TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        last_reviewed TEXT,
        review_interval_months INTEGER DEFAULT 12 CHECK (review_interval_months > 0)
    );
    CREATE TABLE competencies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
        level TEXT NOT NULL DEFAULT 'basic'
            CHECK (level IN ('basic', 'role-specific', 'advanced')),
        renewal_months INTEGER CHECK (renewal_months > 0),
        description TEXT NOT NULL DEFAULT '',
        accepted_kinds TEXT NOT NULL DEFAULT '',
        last_reviewed TEXT
    );
    CREATE TABLE requirements (
        role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        competency_id INTEGER NOT NULL REFERENCES competencies(id) ON DELETE CASCADE,
        PRIMARY KEY (role_id, competency_id)
    ) WITHOUT ROWID;
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(email) <> ''),
        type TEXT NOT NULL DEFAULT 'employee'
            CHECK (type IN ('employee', 'contractor', 'third party')),
        job_title TEXT NOT NULL DEFAULT '',
        start_date TEXT,
        end_date TEXT,
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE person_roles (
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        PRIMARY KEY (person_id, role_id)
    ) WITHOUT ROWID;
    CREATE INDEX person_roles_by_role ON person_roles(role_id);
    CREATE TABLE blobs (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL CHECK (size >= 0),
        data BLOB NOT NULL
    );
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        competency_id INTEGER NOT NULL REFERENCES competencies(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        route TEXT NOT NULL CHECK (route IN ('education', 'training', 'experience')),
        title TEXT NOT NULL DEFAULT '',
        issuer TEXT NOT NULL DEFAULT '',
        achieved_on TEXT,
        expires_on TEXT,
        score REAL,
        verified_by TEXT NOT NULL DEFAULT '',
        verified_on TEXT,
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX evidence_by_person ON evidence(person_id, competency_id);
    CREATE INDEX evidence_by_competency ON evidence(competency_id);
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        file_name TEXT NOT NULL CHECK (trim(file_name) <> '')
    );
    CREATE INDEX attachments_by_evidence ON attachments(evidence_id);
    CREATE INDEX attachments_by_blob ON attachments(blob_id);
    CREATE TABLE actions (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        competency_id INTEGER NOT NULL REFERENCES competencies(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        due_date TEXT,
        status TEXT NOT NULL DEFAULT 'planned',
        completed_on TEXT,
        effectiveness TEXT NOT NULL DEFAULT 'not yet evaluated',
        evaluation TEXT NOT NULL DEFAULT '',
        evaluated_on TEXT
    );
    CREATE INDEX actions_by_person ON actions(person_id, competency_id);
    CREATE TABLE change_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        what TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    """,
    # 2: the annual calendar, training sessions, drills, and the trash that keeps deleted
    # rows and bytes only while an undo step may still need them.
    """
    CREATE TABLE calendar (
        id INTEGER PRIMARY KEY,
        month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
        activity TEXT NOT NULL CHECK (trim(activity) <> ''),
        owner TEXT NOT NULL DEFAULT '',
        target TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'planned'
    );
    CREATE TABLE training_sessions (
        id INTEGER PRIMARY KEY,
        competency_id INTEGER NOT NULL REFERENCES competencies(id) ON DELETE CASCADE,
        held_on TEXT NOT NULL,
        minutes INTEGER,
        trainer TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE training_attendees (
        session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        attended INTEGER NOT NULL DEFAULT 1,
        score REAL,
        passed INTEGER,
        evidence_id INTEGER REFERENCES evidence(id) ON DELETE SET NULL,
        PRIMARY KEY (session_id, person_id)
    ) WITHOUT ROWID;
    CREATE TABLE drills (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('phishing', 'incident')),
        name TEXT NOT NULL DEFAULT '',
        held_on TEXT NOT NULL,
        sent INTEGER,
        clicked INTEGER,
        reported INTEGER,
        participants INTEGER,
        minutes_to_report REAL,
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE trash (
        id INTEGER PRIMARY KEY,
        deleted_at TEXT NOT NULL,
        what TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE trash_blobs (
        trash_id INTEGER NOT NULL REFERENCES trash(id) ON DELETE CASCADE,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        PRIMARY KEY (trash_id, blob_id)
    ) WITHOUT ROWID;
    """,
    # 3: training that shows it works. Competencies renew after completion or on a fixed
    # yearly date and may be a document to acknowledge at a version; people carry the date
    # their access was granted; sessions gain their delivery, pass mark, files and calendar
    # activity, and the evidence they produced; drills gain their targets and each person's
    # result; calendar activities their year and actual result. Columns are added (not
    # tables rebuilt) so every existing row and id stays as it was.
    """
    ALTER TABLE competencies ADD COLUMN renewal_mode TEXT NOT NULL DEFAULT 'after completion'
        CHECK (renewal_mode IN ('after completion', 'fixed yearly date'));
    ALTER TABLE competencies ADD COLUMN renewal_on TEXT NOT NULL DEFAULT ''
        CHECK (renewal_on = '' OR renewal_on GLOB '[01][0-9]-[0-3][0-9]');
    ALTER TABLE competencies ADD COLUMN document_version TEXT NOT NULL DEFAULT '';
    ALTER TABLE competencies ADD COLUMN version_since TEXT;
    ALTER TABLE people ADD COLUMN access_granted_on TEXT;
    ALTER TABLE evidence ADD COLUMN document_version TEXT NOT NULL DEFAULT '';
    ALTER TABLE calendar ADD COLUMN actual_result TEXT NOT NULL DEFAULT '';
    ALTER TABLE calendar ADD COLUMN year INTEGER CHECK (year BETWEEN 1900 AND 9999);
    ALTER TABLE training_sessions ADD COLUMN delivery TEXT NOT NULL DEFAULT 'classroom'
        CHECK (delivery IN ('classroom', 'online', 'e-learning'));
    ALTER TABLE training_sessions ADD COLUMN pass_mark REAL
        CHECK (pass_mark BETWEEN 0 AND 100);
    ALTER TABLE training_sessions ADD COLUMN calendar_id INTEGER
        REFERENCES calendar(id) ON DELETE SET NULL;
    CREATE INDEX training_sessions_by_competency ON training_sessions(competency_id, held_on);
    CREATE INDEX training_attendees_by_person ON training_attendees(person_id);
    CREATE INDEX training_attendees_by_evidence ON training_attendees(evidence_id);
    -- The evidence a session produced goes with the session (deleted, and undone, with it).
    ALTER TABLE evidence ADD COLUMN training_session_id INTEGER
        REFERENCES training_sessions(id) ON DELETE CASCADE;
    CREATE INDEX evidence_by_training_session ON evidence(training_session_id);
    -- Materials and attendance lists: shared with each passing attendee's evidence.
    CREATE TABLE training_session_files (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
        blob_id INTEGER NOT NULL REFERENCES blobs(id),
        file_name TEXT NOT NULL CHECK (trim(file_name) <> '')
    );
    CREATE INDEX training_session_files_by_session ON training_session_files(session_id);
    CREATE INDEX training_session_files_by_blob ON training_session_files(blob_id);
    ALTER TABLE drills ADD COLUMN click_target REAL CHECK (click_target BETWEEN 0 AND 1);
    ALTER TABLE drills ADD COLUMN report_target REAL CHECK (report_target BETWEEN 0 AND 1);
    ALTER TABLE drills ADD COLUMN minutes_target REAL CHECK (minutes_target >= 0);
    ALTER TABLE drills ADD COLUMN calendar_id INTEGER
        REFERENCES calendar(id) ON DELETE SET NULL;
    CREATE INDEX drills_by_date ON drills(held_on);
    CREATE TABLE drill_results (
        drill_id INTEGER NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        clicked INTEGER NOT NULL DEFAULT 0 CHECK (clicked IN (0, 1)),
        reported INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
        minutes_to_report REAL CHECK (minutes_to_report >= 0),
        PRIMARY KEY (drill_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX drill_results_by_person ON drill_results(person_id);
    """,
    # 4: the day a competency's fixed yearly date took effect (its mode or its date last
    # changed), so completions made before the switch keep the due date they had. Empty for
    # competencies that were on a fixed date before this format: their completions follow the
    # fixed date alone, as they did.
    """
    ALTER TABLE competencies ADD COLUMN renewal_since TEXT;
    """,
    # 5: the number of change-log entries, kept beside the log and updated in the same
    # transaction as each entry, so entries removed from the end of the log are noticed.
    """
    CREATE TABLE change_log_length (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        entries INTEGER NOT NULL CHECK (entries >= 0)
    );
    INSERT INTO change_log_length (id, entries) VALUES (1, (SELECT count(*) FROM change_log));
    """,
)

SCHEMA_VERSION: Final = len(MIGRATIONS)

