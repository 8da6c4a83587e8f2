//! Helpers shared by the workspace integration tests.
//!
//! Builders for a club in commune 26425 (Xã Xuân Lộc, Tỉnh Đồng Nai), a
//! quick member, a store on a fixed clock, and read-only probes of the
//! database (row counts of every table, a canonical schema description).

use chrono::NaiveDate;
use ishc_core::clock::FixedClock;
use ishc_core::model::{Birth, Fund, HouseholdStatus, Instant, Membership, Role, Sex};
use ishc_core::ops::EntryKind;
use ishc_core::store::{NewClub, NewFundEntry, NewMember, Store};
use ishc_core::Error;
use std::sync::Arc;

/// Commune code of Xã Xuân Lộc, Tỉnh Đồng Nai (2025 units).
pub const XUAN_LOC: u32 = 26425;

/// The instant every fixture starts at: 1 March 2026, 09:00 in Vietnam.
pub const START: &str = "2026-03-01T09:00:00+07:00";

/// A calendar date; panics on an impossible one (test data only).
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// An instant parsed as the app parses typed times.
pub fn at(s: &str) -> Instant {
    ishc_core::input::parse_instant("at", s).expect("valid test instant")
}

/// A fixed clock stopped at `s`.
pub fn clock_at(s: &str) -> Arc<FixedClock> {
    Arc::new(FixedClock::new(at(s)))
}

/// The club every test uses, founded 2023.
pub fn new_club() -> NewClub {
    NewClub {
        name: "CLB Liên thế hệ tự giúp nhau Ấp 3".to_string(),
        commune_code: XUAN_LOC,
        founded_on: d(2023, 5, 19),
        activity_areas: None,
    }
}

/// A quick member: woman born 1955, Kinh, hamlet `Ấp 3`, joined 2025-01-01,
/// no roles, no phone. Change fields with struct update syntax.
pub fn person(full_name: &str) -> NewMember {
    NewMember {
        full_name: full_name.to_string(),
        sex: Sex::Female,
        birth: Birth::Year(1955),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on: d(2025, 1, 1),
        roles: vec![],
        membership: Membership::Member,
    }
}

/// A quick member holding `roles`.
pub fn with_roles(full_name: &str, roles: &[Role]) -> NewMember {
    NewMember {
        roles: roles.to_vec(),
        ..person(full_name)
    }
}

/// A store with its clock and one club.
pub struct Fixture {
    /// The store, in memory.
    pub store: Store,
    /// Its clock, to move between actions.
    pub clock: Arc<FixedClock>,
    /// The club's id.
    pub club: String,
    /// The acting member's id (the store's author), if one is registered.
    pub acting: Option<String>,
}

/// Name of the fixture's acting member: the club's chair, also treasurer
/// and home-care volunteer, so the fixture may record money and visits.
pub const ACTING: &str = "Trần Văn Chủ";

/// The acting member of [`ACTING`]: a man born 1950 in hamlet `Tổ 1`,
/// joined 2020-01-01, Chair, Treasurer and HomeCareVolunteer.
pub fn acting_member() -> NewMember {
    NewMember {
        sex: Sex::Male,
        birth: Birth::Year(1950),
        hamlet: "Tổ 1".to_string(),
        joined_on: d(2020, 1, 1),
        roles: vec![Role::Chair, Role::Treasurer, Role::HomeCareVolunteer],
        ..person(ACTING)
    }
}

/// Registers the [`ACTING`] member in `club` (one change-log operation) and
/// makes it the author of `store`'s next operations; returns its id.
pub fn register_acting(store: &mut Store, club: &str) -> String {
    let acting = store
        .register_member(club, acting_member())
        .expect("register the acting chair")
        .member
        .id;
    store.set_author(&acting);
    acting
}

impl Fixture {
    /// An in-memory store at [`START`] with the club of [`new_club`] and the
    /// [`ACTING`] member as author (two change-log operations).
    pub fn new() -> Fixture {
        let mut f = Fixture::bare();
        f.act();
        f
    }

    /// An in-memory store at [`START`] with the club of [`new_club`] only
    /// (one change-log operation); its author is the default `admin:local`,
    /// which may register and edit members but not record money or visits.
    pub fn bare() -> Fixture {
        let clock = clock_at(START);
        let mut store = Store::open_in_memory("phone-1", clock.clone()).expect("open store");
        let club = store.create_club(new_club()).expect("create club").id;
        Fixture {
            store,
            clock,
            club,
            acting: None,
        }
    }

    /// Registers the [`ACTING`] member and makes it the author; returns its id.
    pub fn act(&mut self) -> String {
        let id = register_acting(&mut self.store, &self.club);
        self.acting = Some(id.clone());
        id
    }

    /// Registers `new` and returns the id.
    pub fn add(&mut self, new: NewMember) -> String {
        self.store
            .register_member(&self.club, new)
            .expect("register member")
            .member
            .id
    }

    /// Registers a quick member named `name` and returns the id.
    pub fn add_named(&mut self, name: &str) -> String {
        self.add(person(name))
    }

    /// Records a grant of `amount` đồng into `fund` on `on`.
    pub fn grant(&mut self, fund: Fund, amount: i64, on: NaiveDate) -> String {
        self.store
            .record_fund_entry(
                &self.club,
                NewFundEntry {
                    fund,
                    kind: EntryKind::Grant,
                    amount,
                    entry_on: on,
                    memo: "Tài trợ".to_string(),
                    member_id: None,
                },
            )
            .expect("grant")
            .id
    }

    /// Number of change-log operations.
    pub fn ops(&self) -> usize {
        self.store.change_log(false).expect("change log").len()
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}

/// The `(code, field)` of a validation error; panics on any other error.
pub fn code_field(e: &Error) -> (String, String) {
    match e.field_error() {
        Some(f) => (f.code.clone(), f.field.clone()),
        None => panic!("expected a validation error, got {e:?}"),
    }
}

/// `(code, field)` of the error of a result expected to fail.
pub fn fails<T: std::fmt::Debug>(r: Result<T, Error>) -> (String, String) {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => code_field(&e),
    }
}

/// Message of a validation error of a result expected to fail.
pub fn message<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e
            .field_error()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| panic!("expected a validation error, got {e:?}")),
    }
}

/// Rows of a query whose every column is read as text (`NULL` as `NULL`).
pub fn text_rows(store: &Store, sql: &str) -> Vec<Vec<String>> {
    let conn = store.connection();
    let mut stmt = conn.prepare(sql).expect("prepare");
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                r.get::<_, Option<String>>(i)
                    .map(|v| v.unwrap_or_else(|| "NULL".into()))
            })
            .collect()
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// Names of the user tables of a database, sorted.
pub fn tables(store: &Store) -> Vec<String> {
    text_rows(
        store,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .into_iter()
    .map(|mut r| r.remove(0))
    .collect()
}

/// `(table, row count)` for every user table.
pub fn table_counts(store: &Store) -> Vec<(String, i64)> {
    tables(store)
        .into_iter()
        .map(|t| {
            let n: i64 = store
                .connection()
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .expect("count rows");
            (t, n)
        })
        .collect()
}

/// A canonical description of a schema: every table's columns (name, type,
/// not-null, primary-key position, default other than `''`), foreign keys
/// and indexes (name, table, unique, origin, partial, columns), sorted so
/// that column order does not matter.
pub fn describe_schema(store: &Store) -> Vec<String> {
    let mut out = vec![];
    for t in tables(store) {
        for c in text_rows(
            store,
            &format!(
                "SELECT name, type, CAST(\"notnull\" AS TEXT), CAST(pk AS TEXT), dflt_value FROM pragma_table_info('{t}')"
            ),
        ) {
            let default = if c[4] == "''" { "NULL" } else { c[4].as_str() };
            out.push(format!(
                "column {t}.{} type={} notnull={} pk={} default={default}",
                c[0], c[1], c[2], c[3]
            ));
        }
        for f in text_rows(
            store,
            &format!("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{t}')"),
        ) {
            out.push(format!("fk {t}.{} -> {}.{}", f[0], f[1], f[2]));
        }
        for i in text_rows(
            store,
            &format!(
                "SELECT name, CAST(\"unique\" AS TEXT), origin, CAST(partial AS TEXT) FROM pragma_index_list('{t}')"
            ),
        ) {
            let cols: Vec<String> = text_rows(
                store,
                &format!("SELECT name FROM pragma_index_info('{}') ORDER BY seqno", i[0]),
            )
            .into_iter()
            .map(|mut r| r.remove(0))
            .collect();
            let name = if i[0].starts_with("sqlite_autoindex_") { "(auto)" } else { i[0].as_str() };
            out.push(format!(
                "index {t}:{name} unique={} origin={} partial={} cols={}",
                i[1],
                i[2],
                i[3],
                cols.join(",")
            ));
        }
    }
    out.sort();
    out
}

/// A composed (NFC) and a decomposed (NFD) spelling of the same name, for
/// tests of Unicode forms without a normalisation crate.
pub mod spellings {
    /// `Nguyễn Thị Ánh`, composed.
    pub const ANH_NFC: &str = "Nguy\u{1EC5}n Th\u{1ECB} \u{00C1}nh";
    /// `Nguyễn Thị Ánh`, decomposed.
    pub const ANH_NFD: &str = "Nguye\u{0302}\u{0303}n Thi\u{0323} A\u{0301}nh";
    /// `Trần Minh Đức`, composed.
    pub const DUC_NFC: &str = "Tr\u{1EA7}n Minh \u{0110}\u{1EE9}c";
    /// `Trần Minh Đức`, decomposed (`Đ` has no decomposition).
    pub const DUC_NFD: &str = "Tra\u{0302}\u{0300}n Minh \u{0110}u\u{031B}\u{0301}c";
    /// `Ấp 3`, composed.
    pub const AP3_NFC: &str = "\u{1EA4}p 3";
    /// `Ấp 3`, decomposed.
    pub const AP3_NFD: &str = "A\u{0302}\u{0301}p 3";
}
