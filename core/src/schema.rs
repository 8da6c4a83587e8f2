//! The SQLite schema: the current version, numbered upgrades from every
//! earlier version, and the connection settings.
//!
//! After mozilla/application-services `schema.rs`: [`CURRENT_SQL`] creates a
//! new database at [`VERSION`]; [`upgrade`] walks an older database forward
//! one numbered step at a time inside one transaction, so a failed upgrade
//! leaves the file at its old version, intact. `PRAGMA user_version` holds
//! the version. A test upgrades every earlier schema, with data, and compares
//! it to a new database.
//!
//! Conventions: ids are UUIDv7 text; calendar dates are `YYYY-MM-DD` text;
//! instants are RFC 3339 text with their offset; money is INTEGER đồng; every
//! row carries `op_id`, the change-log operation that created it. Money and
//! visit tables are append-only: corrections are new rows that point at the
//! original (`reverses_id`, `visit_voids.visit_id`).

use crate::error::{Error, Result};
use rusqlite::{Connection, Transaction};

/// The schema version this build creates and understands.
pub const VERSION: u32 = 7;

/// The current schema, version [`VERSION`].
pub const CURRENT_SQL: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    sent_at     TEXT,
    base_seq    INTEGER NOT NULL DEFAULT 0,
    server_seq  INTEGER,
    origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
    rejected_code   TEXT,
    rejected_reason TEXT
) STRICT;
CREATE INDEX change_log_server_seq ON change_log(server_seq) WHERE server_seq IS NOT NULL;
CREATE INDEX change_log_sent_unnumbered ON change_log(op_id)
    WHERE origin = 'local' AND sent_at IS NOT NULL AND server_seq IS NULL;

CREATE TABLE clubs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    name           TEXT NOT NULL,
    commune_code   INTEGER NOT NULL,
    founded_on     TEXT NOT NULL,
    activity_areas TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    full_name      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('male','female')),
    birth_date     TEXT,
    birth_year     INTEGER NOT NULL,
    ethnicity_code INTEGER NOT NULL,
    household      TEXT NOT NULL,
    disabled       INTEGER NOT NULL,
    lives_alone    INTEGER NOT NULL,
    hamlet         TEXT NOT NULL,
    hamlet_key     TEXT NOT NULL,
    duplicate_key  TEXT NOT NULL,
    phone          TEXT,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    leave_reason   TEXT,
    roles          TEXT NOT NULL,
    membership     TEXT NOT NULL,
    merged_into    TEXT REFERENCES members(id)
) STRICT;
CREATE INDEX members_club ON members(club_id);
CREATE INDEX members_duplicate_key ON members(club_id, duplicate_key);

CREATE TABLE duplicate_flags (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    member_a    TEXT NOT NULL REFERENCES members(id),
    member_b    TEXT NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('open','dismissed','merged')),
    resolved_op TEXT,
    UNIQUE (member_a, member_b)
) STRICT;

CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    volunteer_id   TEXT NOT NULL REFERENCES members(id),
    recipient_id   TEXT NOT NULL REFERENCES members(id),
    started_at     TEXT NOT NULL,
    visit_on       TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    services       TEXT NOT NULL,
    systolic       INTEGER,
    diastolic      INTEGER,
    pulse          INTEGER,
    glucose_mmol_l REAL,
    weight_kg      REAL,
    bp_flag        TEXT,
    notes          TEXT NOT NULL
) STRICT;
CREATE INDEX visits_recipient ON visits(recipient_id, visit_on);
CREATE INDEX visits_club_day ON visits(club_id, visit_on);

CREATE TABLE visit_voids (
    id         TEXT PRIMARY KEY,
    op_id      TEXT NOT NULL,
    visit_id   TEXT NOT NULL UNIQUE REFERENCES visits(id),
    reason     TEXT NOT NULL,
    voided_at  TEXT NOT NULL
) STRICT;

CREATE TABLE meetings (
    id       TEXT PRIMARY KEY,
    op_id    TEXT NOT NULL,
    club_id  TEXT NOT NULL REFERENCES clubs(id),
    held_on  TEXT NOT NULL,
    topic    TEXT NOT NULL
) STRICT;
CREATE INDEX meetings_club_day ON meetings(club_id, held_on);

CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    op_id      TEXT NOT NULL,
    systolic   INTEGER,
    diastolic  INTEGER,
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    op_id        TEXT NOT NULL,
    club_id      TEXT NOT NULL REFERENCES clubs(id),
    area         TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    participants INTEGER NOT NULL
) STRICT;
CREATE INDEX activities_club_day ON activities(club_id, held_on);

CREATE TABLE loans (
    id              TEXT PRIMARY KEY,
    op_id           TEXT NOT NULL,
    club_id         TEXT NOT NULL REFERENCES clubs(id),
    borrower_id     TEXT NOT NULL REFERENCES members(id),
    principal       INTEGER NOT NULL CHECK (principal > 0),
    disbursed_on    TEXT NOT NULL,
    term_months     INTEGER NOT NULL,
    monthly_rate_bp INTEGER NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('flat','declining_balance')),
    purpose         TEXT NOT NULL
) STRICT;
CREATE INDEX loans_borrower ON loans(borrower_id);
CREATE INDEX loans_club ON loans(club_id);

CREATE TABLE loan_write_offs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    loan_id        TEXT NOT NULL UNIQUE REFERENCES loans(id),
    written_off_on TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    reason         TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    ledger      TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')),
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    entry_on    TEXT NOT NULL,
    member_id   TEXT REFERENCES members(id),
    loan_id     TEXT REFERENCES loans(id),
    reverses_id TEXT REFERENCES journal(id),
    memo        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX journal_reverses ON journal(reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on, amount);
CREATE INDEX journal_member ON journal(member_id, entry_on, amount) WHERE ledger = 'savings';
CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, id, amount) WHERE loan_id IS NOT NULL;

CREATE TABLE field_clocks (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    PRIMARY KEY (entity, entity_id, field)
) STRICT;
CREATE INDEX field_clocks_op ON field_clocks(op_id);

CREATE TABLE field_history (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    value      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, op_id)
) STRICT;
CREATE INDEX field_history_op ON field_history(op_id);

CREATE TABLE conflicts (
    id            TEXT PRIMARY KEY,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,
    losing_op_id  TEXT NOT NULL,
    winning_op_id TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open','restored','dismissed'))
) STRICT;
"#;

/// The schema as version 1 created it. Kept verbatim so the upgrade test can
/// build a real version-1 database; never edit it.
pub const V1_SQL: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, op_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL,
    entity_id TEXT NOT NULL, change TEXT NOT NULL, device_id TEXT NOT NULL, author TEXT NOT NULL,
    hlc TEXT NOT NULL, recorded_at TEXT NOT NULL, sent_at TEXT) STRICT;
CREATE INDEX change_log_unsent ON change_log(seq) WHERE sent_at IS NULL;
CREATE INDEX change_log_entity ON change_log(entity, entity_id);
CREATE TABLE clubs (id TEXT PRIMARY KEY, op_id TEXT NOT NULL, name TEXT NOT NULL,
    commune_code INTEGER NOT NULL, founded_on TEXT NOT NULL, activity_areas TEXT NOT NULL) STRICT;
CREATE TABLE members (
    id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
    full_name TEXT NOT NULL, name_key TEXT NOT NULL, sex TEXT NOT NULL CHECK (sex IN ('male','female')),
    birth_date TEXT, birth_year INTEGER NOT NULL, ethnicity_code INTEGER NOT NULL, household TEXT NOT NULL,
    disabled INTEGER NOT NULL, lives_alone INTEGER NOT NULL, hamlet TEXT NOT NULL, phone TEXT,
    joined_on TEXT NOT NULL, left_on TEXT, leave_reason TEXT, roles TEXT NOT NULL, membership TEXT NOT NULL) STRICT;
CREATE INDEX members_club ON members(club_id);
CREATE TABLE visits (
    id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
    volunteer_id TEXT NOT NULL REFERENCES members(id), recipient_id TEXT NOT NULL REFERENCES members(id),
    started_at TEXT NOT NULL, visit_on TEXT NOT NULL, duration_min INTEGER NOT NULL, services TEXT NOT NULL,
    systolic INTEGER, diastolic INTEGER, pulse INTEGER, glucose_mmol_l REAL, weight_kg REAL,
    bp_flag TEXT, notes TEXT NOT NULL) STRICT;
CREATE INDEX visits_recipient ON visits(recipient_id, visit_on);
CREATE INDEX visits_club_day ON visits(club_id, visit_on);
CREATE TABLE visit_voids (id TEXT PRIMARY KEY, op_id TEXT NOT NULL,
    visit_id TEXT NOT NULL UNIQUE REFERENCES visits(id), reason TEXT NOT NULL, voided_at TEXT NOT NULL) STRICT;
CREATE TABLE meetings (id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
    held_on TEXT NOT NULL, topic TEXT NOT NULL) STRICT;
CREATE TABLE meeting_attendance (meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id TEXT NOT NULL REFERENCES members(id), op_id TEXT NOT NULL, systolic INTEGER, diastolic INTEGER,
    PRIMARY KEY (meeting_id, member_id)) STRICT;
CREATE TABLE activities (id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
    area TEXT NOT NULL, held_on TEXT NOT NULL, title TEXT NOT NULL, participants INTEGER NOT NULL) STRICT;
CREATE TABLE loans (id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
    borrower_id TEXT NOT NULL REFERENCES members(id), principal INTEGER NOT NULL CHECK (principal > 0),
    disbursed_on TEXT NOT NULL, term_months INTEGER NOT NULL, monthly_rate_bp INTEGER NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('flat','declining_balance')), purpose TEXT NOT NULL) STRICT;
CREATE INDEX loans_borrower ON loans(borrower_id);
CREATE TABLE loan_write_offs (id TEXT PRIMARY KEY, op_id TEXT NOT NULL,
    loan_id TEXT NOT NULL UNIQUE REFERENCES loans(id), written_off_on TEXT NOT NULL,
    principal INTEGER NOT NULL, reason TEXT NOT NULL) STRICT;
CREATE TABLE journal (id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
    ledger TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')), kind TEXT NOT NULL,
    amount INTEGER NOT NULL, entry_on TEXT NOT NULL, member_id TEXT REFERENCES members(id),
    loan_id TEXT REFERENCES loans(id), reverses_id TEXT UNIQUE REFERENCES journal(id), memo TEXT NOT NULL,
    recorded_at TEXT NOT NULL) STRICT;
CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on);
CREATE INDEX journal_member ON journal(member_id, ledger);
CREATE INDEX journal_loan ON journal(loan_id);
"#;

/// The schema as version 2 created it. Kept verbatim for the upgrade test; never edit it.
pub const V2_SQL: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id       TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    sent_at     TEXT
) STRICT;
CREATE INDEX change_log_unsent ON change_log(seq) WHERE sent_at IS NULL;
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

CREATE TABLE clubs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    name           TEXT NOT NULL,
    commune_code   INTEGER NOT NULL,
    founded_on     TEXT NOT NULL,
    activity_areas TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    full_name      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('male','female')),
    birth_date     TEXT,
    birth_year     INTEGER NOT NULL,
    ethnicity_code INTEGER NOT NULL,
    household      TEXT NOT NULL,
    disabled       INTEGER NOT NULL,
    lives_alone    INTEGER NOT NULL,
    hamlet         TEXT NOT NULL,
    hamlet_key     TEXT NOT NULL,
    duplicate_key  TEXT NOT NULL,
    phone          TEXT,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    leave_reason   TEXT,
    roles          TEXT NOT NULL,
    membership     TEXT NOT NULL,
    merged_into    TEXT REFERENCES members(id)
) STRICT;
CREATE INDEX members_club ON members(club_id);
CREATE INDEX members_duplicate_key ON members(club_id, duplicate_key);

CREATE TABLE duplicate_flags (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    member_a    TEXT NOT NULL REFERENCES members(id),
    member_b    TEXT NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('open','dismissed','merged')),
    resolved_op TEXT,
    UNIQUE (member_a, member_b)
) STRICT;

CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    volunteer_id   TEXT NOT NULL REFERENCES members(id),
    recipient_id   TEXT NOT NULL REFERENCES members(id),
    started_at     TEXT NOT NULL,
    visit_on       TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    services       TEXT NOT NULL,
    systolic       INTEGER,
    diastolic      INTEGER,
    pulse          INTEGER,
    glucose_mmol_l REAL,
    weight_kg      REAL,
    bp_flag        TEXT,
    notes          TEXT NOT NULL
) STRICT;
CREATE INDEX visits_recipient ON visits(recipient_id, visit_on);
CREATE INDEX visits_club_day ON visits(club_id, visit_on);

CREATE TABLE visit_voids (
    id         TEXT PRIMARY KEY,
    op_id      TEXT NOT NULL,
    visit_id   TEXT NOT NULL UNIQUE REFERENCES visits(id),
    reason     TEXT NOT NULL,
    voided_at  TEXT NOT NULL
) STRICT;

CREATE TABLE meetings (
    id       TEXT PRIMARY KEY,
    op_id    TEXT NOT NULL,
    club_id  TEXT NOT NULL REFERENCES clubs(id),
    held_on  TEXT NOT NULL,
    topic    TEXT NOT NULL
) STRICT;

CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    op_id      TEXT NOT NULL,
    systolic   INTEGER,
    diastolic  INTEGER,
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    op_id        TEXT NOT NULL,
    club_id      TEXT NOT NULL REFERENCES clubs(id),
    area         TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    participants INTEGER NOT NULL
) STRICT;

CREATE TABLE loans (
    id              TEXT PRIMARY KEY,
    op_id           TEXT NOT NULL,
    club_id         TEXT NOT NULL REFERENCES clubs(id),
    borrower_id     TEXT NOT NULL REFERENCES members(id),
    principal       INTEGER NOT NULL CHECK (principal > 0),
    disbursed_on    TEXT NOT NULL,
    term_months     INTEGER NOT NULL,
    monthly_rate_bp INTEGER NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('flat','declining_balance')),
    purpose         TEXT NOT NULL
) STRICT;
CREATE INDEX loans_borrower ON loans(borrower_id);

CREATE TABLE loan_write_offs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    loan_id        TEXT NOT NULL UNIQUE REFERENCES loans(id),
    written_off_on TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    reason         TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    ledger      TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')),
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    entry_on    TEXT NOT NULL,
    member_id   TEXT REFERENCES members(id),
    loan_id     TEXT REFERENCES loans(id),
    reverses_id TEXT UNIQUE REFERENCES journal(id),
    memo        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on);
CREATE INDEX journal_member ON journal(member_id, ledger);
CREATE INDEX journal_loan ON journal(loan_id);
"#;

/// The schema as version 3 created it. Kept verbatim for the upgrade test; never edit it.
pub const V3_SQL: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    sent_at     TEXT,
    base_seq    INTEGER NOT NULL DEFAULT 0,
    server_seq  INTEGER,
    origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
    rejected_code   TEXT,
    rejected_reason TEXT
) STRICT;
CREATE INDEX change_log_unsent ON change_log(seq) WHERE sent_at IS NULL;

CREATE TABLE clubs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    name           TEXT NOT NULL,
    commune_code   INTEGER NOT NULL,
    founded_on     TEXT NOT NULL,
    activity_areas TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    full_name      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('male','female')),
    birth_date     TEXT,
    birth_year     INTEGER NOT NULL,
    ethnicity_code INTEGER NOT NULL,
    household      TEXT NOT NULL,
    disabled       INTEGER NOT NULL,
    lives_alone    INTEGER NOT NULL,
    hamlet         TEXT NOT NULL,
    hamlet_key     TEXT NOT NULL,
    duplicate_key  TEXT NOT NULL,
    phone          TEXT,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    leave_reason   TEXT,
    roles          TEXT NOT NULL,
    membership     TEXT NOT NULL,
    merged_into    TEXT REFERENCES members(id)
) STRICT;
CREATE INDEX members_club ON members(club_id);
CREATE INDEX members_duplicate_key ON members(club_id, duplicate_key);

CREATE TABLE duplicate_flags (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    member_a    TEXT NOT NULL REFERENCES members(id),
    member_b    TEXT NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('open','dismissed','merged')),
    resolved_op TEXT,
    UNIQUE (member_a, member_b)
) STRICT;

CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    volunteer_id   TEXT NOT NULL REFERENCES members(id),
    recipient_id   TEXT NOT NULL REFERENCES members(id),
    started_at     TEXT NOT NULL,
    visit_on       TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    services       TEXT NOT NULL,
    systolic       INTEGER,
    diastolic      INTEGER,
    pulse          INTEGER,
    glucose_mmol_l REAL,
    weight_kg      REAL,
    bp_flag        TEXT,
    notes          TEXT NOT NULL
) STRICT;
CREATE INDEX visits_recipient ON visits(recipient_id, visit_on);
CREATE INDEX visits_club_day ON visits(club_id, visit_on);

CREATE TABLE visit_voids (
    id         TEXT PRIMARY KEY,
    op_id      TEXT NOT NULL,
    visit_id   TEXT NOT NULL UNIQUE REFERENCES visits(id),
    reason     TEXT NOT NULL,
    voided_at  TEXT NOT NULL
) STRICT;

CREATE TABLE meetings (
    id       TEXT PRIMARY KEY,
    op_id    TEXT NOT NULL,
    club_id  TEXT NOT NULL REFERENCES clubs(id),
    held_on  TEXT NOT NULL,
    topic    TEXT NOT NULL
) STRICT;

CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    op_id      TEXT NOT NULL,
    systolic   INTEGER,
    diastolic  INTEGER,
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    op_id        TEXT NOT NULL,
    club_id      TEXT NOT NULL REFERENCES clubs(id),
    area         TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    participants INTEGER NOT NULL
) STRICT;

CREATE TABLE loans (
    id              TEXT PRIMARY KEY,
    op_id           TEXT NOT NULL,
    club_id         TEXT NOT NULL REFERENCES clubs(id),
    borrower_id     TEXT NOT NULL REFERENCES members(id),
    principal       INTEGER NOT NULL CHECK (principal > 0),
    disbursed_on    TEXT NOT NULL,
    term_months     INTEGER NOT NULL,
    monthly_rate_bp INTEGER NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('flat','declining_balance')),
    purpose         TEXT NOT NULL
) STRICT;
CREATE INDEX loans_borrower ON loans(borrower_id);

CREATE TABLE loan_write_offs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    loan_id        TEXT NOT NULL UNIQUE REFERENCES loans(id),
    written_off_on TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    reason         TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    ledger      TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')),
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    entry_on    TEXT NOT NULL,
    member_id   TEXT REFERENCES members(id),
    loan_id     TEXT REFERENCES loans(id),
    reverses_id TEXT REFERENCES journal(id),
    memo        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX journal_reverses ON journal(reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on, amount);
CREATE INDEX journal_member ON journal(member_id, ledger, entry_on, amount) WHERE member_id IS NOT NULL;
CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, amount) WHERE loan_id IS NOT NULL;

CREATE TABLE field_clocks (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    PRIMARY KEY (entity, entity_id, field)
) STRICT;
CREATE INDEX field_clocks_op ON field_clocks(op_id);

CREATE TABLE field_history (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    value      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, op_id)
) STRICT;
CREATE INDEX field_history_op ON field_history(op_id);

CREATE TABLE conflicts (
    id            TEXT PRIMARY KEY,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,
    losing_op_id  TEXT NOT NULL,
    winning_op_id TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open','restored','dismissed'))
) STRICT;
"#;

/// The schema as version 4 created it. Kept verbatim for the upgrade test; never edit it.
pub const V4_SQL: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    sent_at     TEXT,
    base_seq    INTEGER NOT NULL DEFAULT 0,
    server_seq  INTEGER,
    origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
    rejected_code   TEXT,
    rejected_reason TEXT
) STRICT;

CREATE TABLE clubs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    name           TEXT NOT NULL,
    commune_code   INTEGER NOT NULL,
    founded_on     TEXT NOT NULL,
    activity_areas TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    full_name      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('male','female')),
    birth_date     TEXT,
    birth_year     INTEGER NOT NULL,
    ethnicity_code INTEGER NOT NULL,
    household      TEXT NOT NULL,
    disabled       INTEGER NOT NULL,
    lives_alone    INTEGER NOT NULL,
    hamlet         TEXT NOT NULL,
    hamlet_key     TEXT NOT NULL,
    duplicate_key  TEXT NOT NULL,
    phone          TEXT,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    leave_reason   TEXT,
    roles          TEXT NOT NULL,
    membership     TEXT NOT NULL,
    merged_into    TEXT REFERENCES members(id)
) STRICT;
CREATE INDEX members_club ON members(club_id);
CREATE INDEX members_duplicate_key ON members(club_id, duplicate_key);

CREATE TABLE duplicate_flags (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    member_a    TEXT NOT NULL REFERENCES members(id),
    member_b    TEXT NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('open','dismissed','merged')),
    resolved_op TEXT,
    UNIQUE (member_a, member_b)
) STRICT;

CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    volunteer_id   TEXT NOT NULL REFERENCES members(id),
    recipient_id   TEXT NOT NULL REFERENCES members(id),
    started_at     TEXT NOT NULL,
    visit_on       TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    services       TEXT NOT NULL,
    systolic       INTEGER,
    diastolic      INTEGER,
    pulse          INTEGER,
    glucose_mmol_l REAL,
    weight_kg      REAL,
    bp_flag        TEXT,
    notes          TEXT NOT NULL
) STRICT;
CREATE INDEX visits_recipient ON visits(recipient_id, visit_on);
CREATE INDEX visits_club_day ON visits(club_id, visit_on);

CREATE TABLE visit_voids (
    id         TEXT PRIMARY KEY,
    op_id      TEXT NOT NULL,
    visit_id   TEXT NOT NULL UNIQUE REFERENCES visits(id),
    reason     TEXT NOT NULL,
    voided_at  TEXT NOT NULL
) STRICT;

CREATE TABLE meetings (
    id       TEXT PRIMARY KEY,
    op_id    TEXT NOT NULL,
    club_id  TEXT NOT NULL REFERENCES clubs(id),
    held_on  TEXT NOT NULL,
    topic    TEXT NOT NULL
) STRICT;

CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    op_id      TEXT NOT NULL,
    systolic   INTEGER,
    diastolic  INTEGER,
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    op_id        TEXT NOT NULL,
    club_id      TEXT NOT NULL REFERENCES clubs(id),
    area         TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    participants INTEGER NOT NULL
) STRICT;

CREATE TABLE loans (
    id              TEXT PRIMARY KEY,
    op_id           TEXT NOT NULL,
    club_id         TEXT NOT NULL REFERENCES clubs(id),
    borrower_id     TEXT NOT NULL REFERENCES members(id),
    principal       INTEGER NOT NULL CHECK (principal > 0),
    disbursed_on    TEXT NOT NULL,
    term_months     INTEGER NOT NULL,
    monthly_rate_bp INTEGER NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('flat','declining_balance')),
    purpose         TEXT NOT NULL
) STRICT;
CREATE INDEX loans_borrower ON loans(borrower_id);

CREATE TABLE loan_write_offs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    loan_id        TEXT NOT NULL UNIQUE REFERENCES loans(id),
    written_off_on TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    reason         TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    ledger      TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')),
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    entry_on    TEXT NOT NULL,
    member_id   TEXT REFERENCES members(id),
    loan_id     TEXT REFERENCES loans(id),
    reverses_id TEXT REFERENCES journal(id),
    memo        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX journal_reverses ON journal(reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on, amount);
CREATE INDEX journal_member ON journal(member_id, entry_on, amount) WHERE ledger = 'savings';
CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, amount) WHERE loan_id IS NOT NULL;

CREATE TABLE field_clocks (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    PRIMARY KEY (entity, entity_id, field)
) STRICT;
CREATE INDEX field_clocks_op ON field_clocks(op_id);

CREATE TABLE field_history (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    value      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, op_id)
) STRICT;
CREATE INDEX field_history_op ON field_history(op_id);

CREATE TABLE conflicts (
    id            TEXT PRIMARY KEY,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,
    losing_op_id  TEXT NOT NULL,
    winning_op_id TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open','restored','dismissed'))
) STRICT;
"#;

/// The schema as version 5 created it. Kept verbatim for the upgrade test; never edit it.
pub const V5_SQL: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    sent_at     TEXT,
    base_seq    INTEGER NOT NULL DEFAULT 0,
    server_seq  INTEGER,
    origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
    rejected_code   TEXT,
    rejected_reason TEXT
) STRICT;

CREATE TABLE clubs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    name           TEXT NOT NULL,
    commune_code   INTEGER NOT NULL,
    founded_on     TEXT NOT NULL,
    activity_areas TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    full_name      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('male','female')),
    birth_date     TEXT,
    birth_year     INTEGER NOT NULL,
    ethnicity_code INTEGER NOT NULL,
    household      TEXT NOT NULL,
    disabled       INTEGER NOT NULL,
    lives_alone    INTEGER NOT NULL,
    hamlet         TEXT NOT NULL,
    hamlet_key     TEXT NOT NULL,
    duplicate_key  TEXT NOT NULL,
    phone          TEXT,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    leave_reason   TEXT,
    roles          TEXT NOT NULL,
    membership     TEXT NOT NULL,
    merged_into    TEXT REFERENCES members(id)
) STRICT;
CREATE INDEX members_club ON members(club_id);
CREATE INDEX members_duplicate_key ON members(club_id, duplicate_key);

CREATE TABLE duplicate_flags (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    member_a    TEXT NOT NULL REFERENCES members(id),
    member_b    TEXT NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('open','dismissed','merged')),
    resolved_op TEXT,
    UNIQUE (member_a, member_b)
) STRICT;

CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    volunteer_id   TEXT NOT NULL REFERENCES members(id),
    recipient_id   TEXT NOT NULL REFERENCES members(id),
    started_at     TEXT NOT NULL,
    visit_on       TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    services       TEXT NOT NULL,
    systolic       INTEGER,
    diastolic      INTEGER,
    pulse          INTEGER,
    glucose_mmol_l REAL,
    weight_kg      REAL,
    bp_flag        TEXT,
    notes          TEXT NOT NULL
) STRICT;
CREATE INDEX visits_recipient ON visits(recipient_id, visit_on);
CREATE INDEX visits_club_day ON visits(club_id, visit_on);

CREATE TABLE visit_voids (
    id         TEXT PRIMARY KEY,
    op_id      TEXT NOT NULL,
    visit_id   TEXT NOT NULL UNIQUE REFERENCES visits(id),
    reason     TEXT NOT NULL,
    voided_at  TEXT NOT NULL
) STRICT;

CREATE TABLE meetings (
    id       TEXT PRIMARY KEY,
    op_id    TEXT NOT NULL,
    club_id  TEXT NOT NULL REFERENCES clubs(id),
    held_on  TEXT NOT NULL,
    topic    TEXT NOT NULL
) STRICT;

CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    op_id      TEXT NOT NULL,
    systolic   INTEGER,
    diastolic  INTEGER,
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    op_id        TEXT NOT NULL,
    club_id      TEXT NOT NULL REFERENCES clubs(id),
    area         TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    participants INTEGER NOT NULL
) STRICT;

CREATE TABLE loans (
    id              TEXT PRIMARY KEY,
    op_id           TEXT NOT NULL,
    club_id         TEXT NOT NULL REFERENCES clubs(id),
    borrower_id     TEXT NOT NULL REFERENCES members(id),
    principal       INTEGER NOT NULL CHECK (principal > 0),
    disbursed_on    TEXT NOT NULL,
    term_months     INTEGER NOT NULL,
    monthly_rate_bp INTEGER NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('flat','declining_balance')),
    purpose         TEXT NOT NULL
) STRICT;
CREATE INDEX loans_borrower ON loans(borrower_id);

CREATE TABLE loan_write_offs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    loan_id        TEXT NOT NULL UNIQUE REFERENCES loans(id),
    written_off_on TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    reason         TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    ledger      TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')),
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    entry_on    TEXT NOT NULL,
    member_id   TEXT REFERENCES members(id),
    loan_id     TEXT REFERENCES loans(id),
    reverses_id TEXT REFERENCES journal(id),
    memo        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX journal_reverses ON journal(reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on, amount);
CREATE INDEX journal_member ON journal(member_id, entry_on, amount) WHERE ledger = 'savings';
CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, id, amount) WHERE loan_id IS NOT NULL;

CREATE TABLE field_clocks (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    PRIMARY KEY (entity, entity_id, field)
) STRICT;
CREATE INDEX field_clocks_op ON field_clocks(op_id);

CREATE TABLE field_history (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    value      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, op_id)
) STRICT;
CREATE INDEX field_history_op ON field_history(op_id);

CREATE TABLE conflicts (
    id            TEXT PRIMARY KEY,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,
    losing_op_id  TEXT NOT NULL,
    winning_op_id TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open','restored','dismissed'))
) STRICT;
"#;
/// The schema as version 6 created it. Kept verbatim for the upgrade test; never edit it.
pub const V6_SQL: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    sent_at     TEXT,
    base_seq    INTEGER NOT NULL DEFAULT 0,
    server_seq  INTEGER,
    origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
    rejected_code   TEXT,
    rejected_reason TEXT
) STRICT;
CREATE INDEX change_log_server_seq ON change_log(server_seq) WHERE server_seq IS NOT NULL;
CREATE INDEX change_log_sent_unnumbered ON change_log(op_id)
    WHERE origin = 'local' AND sent_at IS NOT NULL AND server_seq IS NULL;

CREATE TABLE clubs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    name           TEXT NOT NULL,
    commune_code   INTEGER NOT NULL,
    founded_on     TEXT NOT NULL,
    activity_areas TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    full_name      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('male','female')),
    birth_date     TEXT,
    birth_year     INTEGER NOT NULL,
    ethnicity_code INTEGER NOT NULL,
    household      TEXT NOT NULL,
    disabled       INTEGER NOT NULL,
    lives_alone    INTEGER NOT NULL,
    hamlet         TEXT NOT NULL,
    hamlet_key     TEXT NOT NULL,
    duplicate_key  TEXT NOT NULL,
    phone          TEXT,
    joined_on      TEXT NOT NULL,
    left_on        TEXT,
    leave_reason   TEXT,
    roles          TEXT NOT NULL,
    membership     TEXT NOT NULL,
    merged_into    TEXT REFERENCES members(id)
) STRICT;
CREATE INDEX members_club ON members(club_id);
CREATE INDEX members_duplicate_key ON members(club_id, duplicate_key);

CREATE TABLE duplicate_flags (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    member_a    TEXT NOT NULL REFERENCES members(id),
    member_b    TEXT NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('open','dismissed','merged')),
    resolved_op TEXT,
    UNIQUE (member_a, member_b)
) STRICT;

CREATE TABLE visits (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    club_id        TEXT NOT NULL REFERENCES clubs(id),
    volunteer_id   TEXT NOT NULL REFERENCES members(id),
    recipient_id   TEXT NOT NULL REFERENCES members(id),
    started_at     TEXT NOT NULL,
    visit_on       TEXT NOT NULL,
    duration_min   INTEGER NOT NULL,
    services       TEXT NOT NULL,
    systolic       INTEGER,
    diastolic      INTEGER,
    pulse          INTEGER,
    glucose_mmol_l REAL,
    weight_kg      REAL,
    bp_flag        TEXT,
    notes          TEXT NOT NULL
) STRICT;
CREATE INDEX visits_recipient ON visits(recipient_id, visit_on);
CREATE INDEX visits_club_day ON visits(club_id, visit_on);

CREATE TABLE visit_voids (
    id         TEXT PRIMARY KEY,
    op_id      TEXT NOT NULL,
    visit_id   TEXT NOT NULL UNIQUE REFERENCES visits(id),
    reason     TEXT NOT NULL,
    voided_at  TEXT NOT NULL
) STRICT;

CREATE TABLE meetings (
    id       TEXT PRIMARY KEY,
    op_id    TEXT NOT NULL,
    club_id  TEXT NOT NULL REFERENCES clubs(id),
    held_on  TEXT NOT NULL,
    topic    TEXT NOT NULL
) STRICT;

CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    op_id      TEXT NOT NULL,
    systolic   INTEGER,
    diastolic  INTEGER,
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    op_id        TEXT NOT NULL,
    club_id      TEXT NOT NULL REFERENCES clubs(id),
    area         TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    participants INTEGER NOT NULL
) STRICT;

CREATE TABLE loans (
    id              TEXT PRIMARY KEY,
    op_id           TEXT NOT NULL,
    club_id         TEXT NOT NULL REFERENCES clubs(id),
    borrower_id     TEXT NOT NULL REFERENCES members(id),
    principal       INTEGER NOT NULL CHECK (principal > 0),
    disbursed_on    TEXT NOT NULL,
    term_months     INTEGER NOT NULL,
    monthly_rate_bp INTEGER NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('flat','declining_balance')),
    purpose         TEXT NOT NULL
) STRICT;
CREATE INDEX loans_borrower ON loans(borrower_id);

CREATE TABLE loan_write_offs (
    id             TEXT PRIMARY KEY,
    op_id          TEXT NOT NULL,
    loan_id        TEXT NOT NULL UNIQUE REFERENCES loans(id),
    written_off_on TEXT NOT NULL,
    principal      INTEGER NOT NULL,
    reason         TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    id          TEXT PRIMARY KEY,
    op_id       TEXT NOT NULL,
    club_id     TEXT NOT NULL REFERENCES clubs(id),
    ledger      TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')),
    kind        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    entry_on    TEXT NOT NULL,
    member_id   TEXT REFERENCES members(id),
    loan_id     TEXT REFERENCES loans(id),
    reverses_id TEXT REFERENCES journal(id),
    memo        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX journal_reverses ON journal(reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on, amount);
CREATE INDEX journal_member ON journal(member_id, entry_on, amount) WHERE ledger = 'savings';
CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, id, amount) WHERE loan_id IS NOT NULL;

CREATE TABLE field_clocks (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    PRIMARY KEY (entity, entity_id, field)
) STRICT;
CREATE INDEX field_clocks_op ON field_clocks(op_id);

CREATE TABLE field_history (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    base_seq   INTEGER NOT NULL,
    server_seq INTEGER,
    value      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, op_id)
) STRICT;
CREATE INDEX field_history_op ON field_history(op_id);

CREATE TABLE conflicts (
    id            TEXT PRIMARY KEY,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,
    losing_op_id  TEXT NOT NULL,
    winning_op_id TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open','restored','dismissed'))
) STRICT;
"#;

/// One numbered upgrade: from `from` to `from + 1`.
pub type UpgradeStep = fn(&Transaction<'_>) -> Result<()>;

/// The upgrades, in order: `UPGRADES[i]` takes version `i + 1` to `i + 2`.
pub const UPGRADES: [UpgradeStep; 6] = [
    upgrade_1_to_2,
    upgrade_2_to_3,
    upgrade_3_to_4,
    upgrade_4_to_5,
    upgrade_5_to_6,
    upgrade_6_to_7,
];

/// Version 2: possible-duplicate detection. Adds the hamlet search key, the
/// duplicate key and the merge pointer to members, backfills them from the
/// stored names with the same functions new rows use, and adds
/// `duplicate_flags`.
fn upgrade_1_to_2(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "ALTER TABLE members ADD COLUMN hamlet_key TEXT NOT NULL DEFAULT '';
         ALTER TABLE members ADD COLUMN duplicate_key TEXT NOT NULL DEFAULT '';
         ALTER TABLE members ADD COLUMN merged_into TEXT REFERENCES members(id);
         CREATE INDEX members_duplicate_key ON members(club_id, duplicate_key);
         CREATE TABLE duplicate_flags (
            id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
            member_a TEXT NOT NULL REFERENCES members(id), member_b TEXT NOT NULL REFERENCES members(id),
            status TEXT NOT NULL CHECK (status IN ('open','dismissed','merged')), resolved_op TEXT,
            UNIQUE (member_a, member_b)) STRICT;",
    )?;
    let rows: Vec<(String, String, i64, String)> = {
        let mut stmt = tx.prepare("SELECT id, full_name, birth_year, hamlet FROM members")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Version 1 stored names as typed; from version 2 they are NFC with
    // single spaces, as new registrations are.
    let mut update = tx.prepare(
        "UPDATE members SET full_name = ?2, hamlet = ?3, hamlet_key = ?4, duplicate_key = ?5 WHERE id = ?1",
    )?;
    for (id, name, year, hamlet) in rows {
        let year = i32::try_from(year).unwrap_or(0);
        let name = crate::text::normalize_text(&name);
        let hamlet = crate::text::normalize_text(&hamlet);
        update.execute((
            &id,
            &name,
            &hamlet,
            crate::text::search_key(&hamlet),
            crate::duplicates::duplicate_key(&name, year, &hamlet),
        ))?;
    }
    Ok(())
}

/// Version 3: sync, and leaner writes. The change log (rebuilt without
/// AUTOINCREMENT and its unused entity index) learns what the device had seen when it
/// made each operation (`base_seq`), the server's sequence number, whether
/// the operation came from this device or the server, and why the server
/// rejected it; `field_history` holds every value each member field was set
/// to with its clock stamp, `field_clocks` the winner (both backfilled by
/// replaying the log) and `conflicts` the values that lost a concurrent edit.
/// The journal is rebuilt so that only reversals enter the unique index on
/// `reverses_id`, and its indexes cover the amounts that balances sum.
fn upgrade_2_to_3(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "PRAGMA defer_foreign_keys = ON;
         CREATE TABLE change_log_v3 (
            seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
            change TEXT NOT NULL, device_id TEXT NOT NULL, author TEXT NOT NULL, hlc TEXT NOT NULL,
            recorded_at TEXT NOT NULL, sent_at TEXT, base_seq INTEGER NOT NULL DEFAULT 0, server_seq INTEGER,
            origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
            rejected_code TEXT, rejected_reason TEXT) STRICT;
         INSERT INTO change_log_v3 (seq, op_id, entity, entity_id, change, device_id, author, hlc, recorded_at, sent_at)
            SELECT seq, op_id, entity, entity_id, change, device_id, author, hlc, recorded_at, sent_at FROM change_log;
         DROP TABLE change_log;
         ALTER TABLE change_log_v3 RENAME TO change_log;
         CREATE INDEX change_log_unsent ON change_log(seq) WHERE sent_at IS NULL;
         CREATE TABLE journal_v3 (id TEXT PRIMARY KEY, op_id TEXT NOT NULL, club_id TEXT NOT NULL REFERENCES clubs(id),
            ledger TEXT NOT NULL CHECK (ledger IN ('income_generation','activity','savings')), kind TEXT NOT NULL,
            amount INTEGER NOT NULL, entry_on TEXT NOT NULL, member_id TEXT REFERENCES members(id),
            loan_id TEXT REFERENCES loans(id), reverses_id TEXT REFERENCES journal(id), memo TEXT NOT NULL,
            recorded_at TEXT NOT NULL) STRICT;
         INSERT INTO journal_v3 SELECT id, op_id, club_id, ledger, kind, amount, entry_on, member_id, loan_id,
            reverses_id, memo, recorded_at FROM journal;
         DROP TABLE journal;
         ALTER TABLE journal_v3 RENAME TO journal;
         CREATE UNIQUE INDEX journal_reverses ON journal(reverses_id) WHERE reverses_id IS NOT NULL;
         CREATE INDEX journal_ledger ON journal(club_id, ledger, entry_on, amount);
         CREATE INDEX journal_member ON journal(member_id, ledger, entry_on, amount) WHERE member_id IS NOT NULL;
         CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, amount) WHERE loan_id IS NOT NULL;
         CREATE TABLE field_clocks (
            entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL, hlc TEXT NOT NULL,
            op_id TEXT NOT NULL, device_id TEXT NOT NULL, base_seq INTEGER NOT NULL, server_seq INTEGER,
            PRIMARY KEY (entity, entity_id, field)) STRICT;
         CREATE INDEX field_clocks_op ON field_clocks(op_id);
         CREATE TABLE field_history (
            entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL, op_id TEXT NOT NULL,
            hlc TEXT NOT NULL, device_id TEXT NOT NULL, base_seq INTEGER NOT NULL, server_seq INTEGER,
            value TEXT NOT NULL, PRIMARY KEY (entity, entity_id, field, op_id)) STRICT;
         CREATE INDEX field_history_op ON field_history(op_id);
         CREATE TABLE conflicts (
            id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
            value TEXT NOT NULL, losing_op_id TEXT NOT NULL, winning_op_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open','restored','dismissed'))) STRICT;",
    )?;
    // Replay the log's member changes into the field history; every field's
    // value and clock then follow from it, as they do for new changes.
    let ops: Vec<(String, String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT op_id, change, hlc, device_id FROM change_log WHERE entity = 'member' ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (op_id, change, hlc, device) in ops {
        let change: crate::ops::Change = serde_json::from_str(&change)?;
        crate::sync::replica::backfill_history(tx, &op_id, &change, &hlc, &device)?;
    }
    Ok(())
}

/// The `meta` key below which no local operation waits for the server's
/// answer: every local operation neither sent nor rejected has a change-log
/// `seq` at least this (absent: 0). Sync advances it; local writes never
/// touch it (see [`upgrade_3_to_4`]).
pub const UNSENT_FROM: &str = "unsent_from";

/// Version 4: leaner writes, two index pages fewer per action.
/// - The change log loses its partial index of unsent operations, which
///   every local write had to update. Sync finds what to push by scanning
///   the change log from the `meta` cursor [`UNSENT_FROM`] instead (an
///   operation's `seq` only grows, and sync moves the cursor past what the
///   server has answered), so the scan covers the operations made since
///   the last sync.
/// - `journal_member` holds only savings entries (the only ledger read per
///   member), so a loan disbursement or repayment, which names its
///   borrower, no longer enters it.
fn upgrade_3_to_4(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DROP INDEX change_log_unsent;
         DROP INDEX journal_member;
         CREATE INDEX journal_member ON journal(member_id, entry_on, amount) WHERE ledger = 'savings';",
    )?;
    tx.execute(
        "INSERT INTO meta (key, value)
         SELECT ?1, coalesce(
             (SELECT min(seq) FROM change_log WHERE origin = 'local' AND sent_at IS NULL AND rejected_code IS NULL),
             (SELECT coalesce(max(seq), 0) + 1 FROM change_log))
         WHERE true
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [UNSENT_FROM],
    )?;
    Ok(())
}

/// Version 5: a loan's repayments straight from its index. `journal_loan`
/// also holds each entry's `id`, so the repayments of a loan (what every
/// repayment checks against and every loan view shows) are read from the
/// index alone, in date and id order: no table lookup per repayment and no
/// sort. The disbursement-reversed check of a loan is served by it too.
fn upgrade_4_to_5(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DROP INDEX journal_loan;
         CREATE INDEX journal_loan ON journal(loan_id, kind, entry_on, id, amount) WHERE loan_id IS NOT NULL;",
    )?;
    Ok(())
}

/// Version 6: a local write adds one row to one change-log B-tree, not two.
/// `change_log.op_id` loses its UNIQUE index, which every write paid for
/// with one more page in its commit (about a fifth of a visit's cost; see
/// docs/PERFORMANCE.md, run 8). Operations are found by other keys instead:
/// a pushed operation by its `seq` (the push reads its operations from the
/// unsent range), a pulled one by the server's sequence number
/// (`change_log_server_seq`, unique per operation on the server, filled
/// only when the server has numbered the operation, so a local write never
/// touches it), and this phone's own operation coming back in a pull, while
/// it still waits for the push's answer, by a scan of the unsent range.
/// `change_log_sent_unnumbered` serves the one case left: an operation sent
/// before version 3 kept no server number; it is empty for every operation
/// sent since. SQLite cannot drop a column's UNIQUE constraint in place, so
/// the table is rebuilt, rows and `seq` unchanged (the new table is created
/// under its own name, so its stored SQL is the same as a new database's).
fn upgrade_5_to_6(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "ALTER TABLE change_log RENAME TO change_log_v5;
         CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY,
    op_id       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    author      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    sent_at     TEXT,
    base_seq    INTEGER NOT NULL DEFAULT 0,
    server_seq  INTEGER,
    origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','remote')),
    rejected_code   TEXT,
    rejected_reason TEXT
) STRICT;
         INSERT INTO change_log SELECT seq, op_id, entity, entity_id, change, device_id, author, hlc, recorded_at,
                sent_at, base_seq, server_seq, origin, rejected_code, rejected_reason FROM change_log_v5 ORDER BY seq;
         DROP TABLE change_log_v5;
         CREATE INDEX change_log_server_seq ON change_log(server_seq) WHERE server_seq IS NOT NULL;
         CREATE INDEX change_log_sent_unnumbered ON change_log(op_id)
    WHERE origin = 'local' AND sent_at IS NOT NULL AND server_seq IS NULL;",
    )?;
    Ok(())
}

/// Version 7: a club's meetings, activities and loans are found by club.
/// A phone holds one club and never missed these indexes; the provincial
/// server holds hundreds, and its dashboard reads each club's meetings
/// (with their attendance), activities and loans: without them every club
/// scanned every club's rows (the province page of 100 clubs with a year
/// each took 2.4 s, 24 ms a club; `server/benches/dashboard.rs`,
/// docs/PERFORMANCE.md "The dashboard on PostgreSQL").
fn upgrade_6_to_7(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "CREATE INDEX meetings_club_day ON meetings(club_id, held_on);
         CREATE INDEX activities_club_day ON activities(club_id, held_on);
         CREATE INDEX loans_club ON loans(club_id);",
    )?;
    Ok(())
}

/// Connection settings applied on every open: WAL, foreign keys, a busy
/// timeout, `synchronous = NORMAL` (safe in WAL: a power cut can lose
/// the last commits but never corrupts the file), and the query planner
/// stability guarantee.
///
/// Without the stability guarantee SQLite marks a statement with a
/// `column = ?` filter that no index serves as "re-plan when this value is
/// rebound", and `sqlite3_clear_bindings` (which rusqlite calls whenever a
/// cached statement goes back to its cache) then expires it: such a cached
/// statement was parsed and planned again on every use (a loan's repayments
/// and status, ~250,000 instructions per repayment). The code binds no
/// value whose plan should depend on it (no `LIKE ?`, no statistics), so
/// nothing is lost.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;",
    )?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// The version stored in the file (0 for a new, empty file).
pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Creates a new database or upgrades an older one to [`VERSION`].
pub fn init(conn: &mut Connection) -> Result<()> {
    upgrade_with(conn, &UPGRADES)
}

/// [`init`] with an explicit list of steps (tests inject a failing step).
pub fn upgrade_with(conn: &mut Connection, steps: &[UpgradeStep]) -> Result<()> {
    let target = steps.len() as u32 + 1;
    let found = version(conn)?;
    if found > target {
        return Err(Error::SchemaTooNew {
            found,
            supported: target,
        });
    }
    if found == target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    if found == 0 {
        tx.execute_batch(CURRENT_SQL)?;
    } else {
        for step in &steps[(found as usize - 1)..] {
            step(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tables, columns (name, type, not-null, default, pk), indexes and
    /// foreign keys of a database, in a canonical order, for comparison.
    pub(crate) fn describe(conn: &Connection) -> Vec<String> {
        let mut out = vec![];
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        tables.sort();
        for t in tables {
            let mut cols: Vec<String> = conn
                .prepare(&format!("PRAGMA table_info({t})"))
                .unwrap()
                .query_map([], |r| {
                    Ok(format!(
                        "{t}.{}:{}:{}:{:?}:{}",
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<String>>(4)?.filter(|d| d != "''"),
                        r.get::<_, i64>(5)?
                    ))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            cols.sort();
            out.extend(cols);
            let mut fks: Vec<String> = conn
                .prepare(&format!("PRAGMA foreign_key_list({t})"))
                .unwrap()
                .query_map([], |r| {
                    Ok(format!(
                        "{t} fk {}->{}.{}",
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(4)?
                    ))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            fks.sort();
            out.extend(fks);
        }
        let mut idx: Vec<String> = conn
            .prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%'")
            .unwrap()
            .query_map([], |r| {
                // The definition too, with its spacing normalised.
                let sql: String = r.get(2)?;
                let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
                Ok(format!("index {}:{} {sql}", r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        idx.sort();
        out.extend(idx);
        out
    }

    /// A cached statement is planned once, not again on every use (see
    /// [`configure`]): fails if the planner stability guarantee is off.
    #[test]
    fn cached_statements_are_not_replanned() {
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        init(&mut conn).unwrap();
        let sql = "SELECT j.id, j.entry_on, j.amount FROM journal j
                   WHERE j.loan_id = ?1 AND j.kind = 'loan_repayment'
                     AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id)
                   ORDER BY j.entry_on, j.id";
        for loan in ["a", "b", "c"] {
            let mut stmt = conn.prepare_cached(sql).unwrap();
            let mut rows = stmt.query([loan]).unwrap();
            while rows.next().unwrap().is_some() {}
        }
        let stmt = conn.prepare_cached(sql).unwrap();
        assert_eq!(
            stmt.get_status(rusqlite::StatementStatus::RePrepare),
            0,
            "the statement was planned again"
        );
    }

    #[test]
    fn new_database_is_at_current_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        init(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
        init(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
    }

    #[test]
    fn newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        let err = init(&mut conn).unwrap_err();
        assert_eq!(err.code(), "schema.too_new");
    }

    fn failing_step(tx: &Transaction<'_>) -> Result<()> {
        tx.execute_batch("ALTER TABLE members ADD COLUMN half_done TEXT")?;
        Err(Error::Invalid(crate::FieldError::new(
            "test.failed",
            "upgrade",
            "injected failure",
        )))
    }

    #[test]
    fn failed_upgrade_leaves_old_version_intact() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(V1_SQL).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute("INSERT INTO meta VALUES ('k','v')", [])
            .unwrap();
        let before = describe(&conn);
        let err = upgrade_with(&mut conn, &[failing_step]).unwrap_err();
        assert_eq!(err.code(), "test.failed");
        assert_eq!(version(&conn).unwrap(), 1);
        assert_eq!(describe(&conn), before);
        let v: String = conn
            .query_row("SELECT value FROM meta WHERE key='k'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, "v");
    }

    #[test]
    fn v1_schema_upgraded_equals_new_schema() {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(V1_SQL).unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        init(&mut old).unwrap();
        let mut new = Connection::open_in_memory().unwrap();
        init(&mut new).unwrap();
        assert_eq!(version(&old).unwrap(), VERSION);
        assert_eq!(describe(&old), describe(&new));
    }

    #[test]
    fn v3_schema_upgraded_equals_new_schema() {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(V3_SQL).unwrap();
        old.pragma_update(None, "user_version", 3).unwrap();
        init(&mut old).unwrap();
        let mut new = Connection::open_in_memory().unwrap();
        init(&mut new).unwrap();
        assert_eq!(version(&old).unwrap(), VERSION);
        assert_eq!(describe(&old), describe(&new));
    }

    #[test]
    fn v4_schema_upgraded_equals_new_schema() {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(V4_SQL).unwrap();
        old.pragma_update(None, "user_version", 4).unwrap();
        init(&mut old).unwrap();
        let mut new = Connection::open_in_memory().unwrap();
        init(&mut new).unwrap();
        assert_eq!(version(&old).unwrap(), VERSION);
        assert_eq!(describe(&old), describe(&new));
    }

    /// A loan's live repayments come from `journal_loan` alone, in order.
    #[test]
    fn loan_repayments_are_read_from_the_index_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        init(&mut conn).unwrap();
        let plan: Vec<String> = conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT j.id, j.entry_on, j.amount FROM journal j
                 WHERE j.loan_id = ?1 AND j.kind = 'loan_repayment'
                   AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.reverses_id = j.id)
                 ORDER BY j.entry_on, j.id",
            )
            .unwrap()
            .query_map(["x"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|p| p.contains("USING COVERING INDEX journal_loan")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
    }

    #[test]
    fn v5_schema_upgraded_equals_new_schema() {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(V5_SQL).unwrap();
        old.pragma_update(None, "user_version", 5).unwrap();
        init(&mut old).unwrap();
        let mut new = Connection::open_in_memory().unwrap();
        init(&mut new).unwrap();
        assert_eq!(version(&old).unwrap(), VERSION);
        assert_eq!(describe(&old), describe(&new));
    }

    #[test]
    fn v6_schema_upgraded_equals_new_schema() {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(V6_SQL).unwrap();
        old.pragma_update(None, "user_version", 6).unwrap();
        init(&mut old).unwrap();
        let mut new = Connection::open_in_memory().unwrap();
        init(&mut new).unwrap();
        assert_eq!(version(&old).unwrap(), VERSION);
        assert_eq!(describe(&old), describe(&new));
    }

    /// A club's meetings with their attendance, its activities and its
    /// loans are found through the club, not by scanning every club's rows
    /// (the server holds many clubs).
    #[test]
    fn a_clubs_meetings_activities_and_loans_are_searched_by_club() {
        let mut conn = Connection::open_in_memory().unwrap();
        init(&mut conn).unwrap();
        let attended = plan(
            &conn,
            "SELECT coalesce(m.merged_into, m.id) FROM meeting_attendance a
             JOIN meetings mt ON mt.id = a.meeting_id JOIN members m ON m.id = a.member_id
             WHERE mt.club_id = ?1 AND mt.held_on BETWEEN ?2 AND ?3 AND a.systolic IS NOT NULL",
            &[&"c", &"2025-01-01", &"2025-12-31"],
        );
        assert!(
            attended
                .iter()
                .any(|s| s.contains("SEARCH mt USING INDEX meetings_club_day")),
            "{attended:?}"
        );
        assert!(
            !attended.iter().any(|s| s.starts_with("SCAN")),
            "{attended:?}"
        );
        for (sql, index) in [
            (
                "SELECT area, count(*) FROM activities WHERE club_id = ?1 AND held_on BETWEEN ?2 AND ?3 GROUP BY area",
                "activities_club_day",
            ),
            (
                "SELECT id FROM loans WHERE club_id = ?1 ORDER BY id",
                "loans_club",
            ),
        ] {
            let p = if sql.contains("?2") {
                plan(&conn, sql, &[&"c", &"2025-01-01", &"2025-12-31"])
            } else {
                plan(&conn, sql, &[&"c"])
            };
            assert!(p.iter().any(|s| s.contains(index)), "{sql}: {p:?}");
        }
    }

    /// The query plan of `sql` (bound with `params`), one line per step.
    fn plan(conn: &Connection, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Vec<String> {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(params, |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// A local write touches the change log's table alone: no index of
    /// the change log holds a row that has not been sent and numbered.
    #[test]
    fn a_local_operation_enters_no_change_log_index() {
        let mut conn = Connection::open_in_memory().unwrap();
        init(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO change_log (op_id, entity, entity_id, change, device_id, author, hlc, recorded_at)
             VALUES ('op-1', 'visit', 'v-1', '{}', 'phone', 'm-1', '1:0@phone', '2026-11-29T09:00:00+07:00')",
            [],
        )
        .unwrap();
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'change_log' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            indexes,
            ["change_log_sent_unnumbered", "change_log_server_seq"]
        );
        // `INDEXED BY` fails unless the planner can use the index for the
        // query, so these count each partial index's own entries.
        let entries = |conn: &Connection| -> (i64, i64) {
            let count = |sql: &str| conn.query_row(sql, [], |r| r.get(0)).unwrap();
            (
                count("SELECT count(*) FROM change_log INDEXED BY change_log_server_seq WHERE server_seq IS NOT NULL"),
                count(
                    "SELECT count(*) FROM change_log INDEXED BY change_log_sent_unnumbered
                     WHERE origin = 'local' AND sent_at IS NOT NULL AND server_seq IS NULL",
                ),
            )
        };
        assert_eq!(entries(&conn), (0, 0));
        conn.execute(
            "UPDATE change_log SET sent_at = recorded_at, server_seq = 7 WHERE op_id = 'op-1'",
            [],
        )
        .unwrap();
        assert_eq!(entries(&conn), (1, 0));
    }

    /// A pulled operation is looked up by its server number through an
    /// index, and a pre-version-3 sent one by its id.
    #[test]
    fn pulled_operations_are_found_through_an_index() {
        let mut conn = Connection::open_in_memory().unwrap();
        init(&mut conn).unwrap();
        let by_seq = plan(
            &conn,
            "SELECT seq FROM change_log WHERE server_seq = ?1 AND op_id = ?2",
            &[&7, &"op"],
        );
        assert!(
            by_seq
                .iter()
                .any(|p| p.contains("INDEX change_log_server_seq")),
            "{by_seq:?}"
        );
        let legacy = plan(
            &conn,
            "SELECT seq FROM change_log WHERE op_id = ?1 AND origin = 'local' AND sent_at IS NOT NULL AND server_seq IS NULL",
            &[&"op"],
        );
        assert!(
            legacy
                .iter()
                .any(|p| p.contains("INDEX change_log_sent_unnumbered")),
            "{legacy:?}"
        );
    }

    #[test]
    fn v2_schema_upgraded_equals_new_schema() {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(V2_SQL).unwrap();
        old.pragma_update(None, "user_version", 2).unwrap();
        init(&mut old).unwrap();
        let mut new = Connection::open_in_memory().unwrap();
        init(&mut new).unwrap();
        assert_eq!(version(&old).unwrap(), VERSION);
        assert_eq!(describe(&old), describe(&new));
    }
}
