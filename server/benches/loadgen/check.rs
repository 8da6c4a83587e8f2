//! The exact count check after a load run: nothing lost, nothing doubled,
//! every phone converged.
//!
//! Pure: it compares what the server held before the run, what every phone
//! made (the operation ids it pushed), what the server holds after, and
//! what every phone holds after its final pull. The caller reads those from
//! the databases ([`super::backend`], [`phone_holdings`]).

use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// What one replica holds of one club.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Operation ids, one per stored operation (an operation stored twice
    /// appears twice), sorted.
    pub op_ids: Vec<String>,
    /// The club's rows in the core's tables, by table: `members`,
    /// `journal`, `loans`, `visits`, `meetings`, `meeting_attendance`.
    pub rows: BTreeMap<String, i64>,
    /// Sum of the club's journal amounts over every ledger, đồng (signed).
    pub journal_sum: i64,
}

/// What one phone made during the run and held at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneOutcome {
    /// The phone's club.
    pub club_id: String,
    /// A label for messages (`club 3 phone 1 (device …)`).
    pub label: String,
    /// The ids of the operations it made (and pushed), in order.
    pub made: Vec<String>,
    /// Local operations still waiting to be sent after its final sync.
    pub pending: i64,
    /// Local operations the server rejected.
    pub rejected: i64,
    /// What it holds after its final pull.
    pub held: Holdings,
}

/// The check's result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Clubs checked.
    pub clubs: usize,
    /// Phones checked.
    pub phones: usize,
    /// Operations the phones made.
    pub ops_made: usize,
    /// Operations of the checked clubs the server held before the run.
    pub ops_before: usize,
    /// Operations of the checked clubs the server holds after the run.
    pub ops_after: usize,
    /// Every difference found, one line each; empty when the check passed.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// Whether nothing was lost, doubled or left behind.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// How many times each id occurs.
fn counts(ids: &[String]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for id in ids {
        *m.entry(id.as_str()).or_insert(0) += 1;
    }
    m
}

/// Compares `clubs`: for each, the server must hold exactly what it held
/// `before` plus every operation its phones made, each once; each phone
/// must have nothing pending or rejected and hold exactly the server's
/// operations, the same row counts and the same journal sum.
pub fn check(
    clubs: &[String],
    before: &BTreeMap<String, Holdings>,
    after: &BTreeMap<String, Holdings>,
    phones: &[PhoneOutcome],
) -> CheckReport {
    let mut r = CheckReport {
        clubs: clubs.len(),
        ..Default::default()
    };
    let empty = Holdings::default();
    for club in clubs {
        let of_club: Vec<&PhoneOutcome> = phones.iter().filter(|p| &p.club_id == club).collect();
        r.phones += of_club.len();
        let was = before.get(club).unwrap_or(&empty);
        r.ops_before += was.op_ids.len();
        // What the server must hold: what it had plus what the phones made.
        let mut expected: Vec<String> = was.op_ids.clone();
        for p in &of_club {
            r.ops_made += p.made.len();
            expected.extend(p.made.iter().cloned());
        }
        for (id, n) in counts(&expected) {
            if n > 1 {
                r.problems.push(format!(
                    "club {club}: operation {id} was made {n} times (or made again after the server had it)"
                ));
            }
        }
        let Some(now) = after.get(club) else {
            r.problems.push(format!(
                "club {club}: the server holds nothing of this club"
            ));
            continue;
        };
        r.ops_after += now.op_ids.len();
        let held = counts(&now.op_ids);
        for (id, n) in &held {
            if *n > 1 {
                r.problems.push(format!(
                    "club {club}: operation {id} is held {n} times by the server (doubled)"
                ));
            }
        }
        let want: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        let have: BTreeSet<&str> = held.keys().copied().collect();
        for id in want.difference(&have) {
            r.problems.push(format!(
                "club {club}: operation {id} was made but the server does not hold it (lost)"
            ));
        }
        for id in have.difference(&want) {
            r.problems.push(format!(
                "club {club}: the server holds operation {id} that no phone made"
            ));
        }
        for p in &of_club {
            let who = &p.label;
            if p.pending != 0 {
                r.problems
                    .push(format!("{who}: {} operations still pending", p.pending));
            }
            if p.rejected != 0 {
                r.problems.push(format!(
                    "{who}: {} operations rejected by the server",
                    p.rejected
                ));
            }
            let on_phone = counts(&p.held.op_ids);
            for (id, n) in &on_phone {
                if *n > 1 {
                    r.problems
                        .push(format!("{who}: operation {id} is held {n} times (doubled)"));
                }
            }
            let phone_set: BTreeSet<&str> = on_phone.keys().copied().collect();
            for id in have.difference(&phone_set) {
                r.problems.push(format!(
                    "{who}: does not hold operation {id} that the server holds"
                ));
            }
            for id in phone_set.difference(&have) {
                r.problems.push(format!(
                    "{who}: holds operation {id} that the server does not"
                ));
            }
            if p.held.rows != now.rows {
                r.problems.push(format!(
                    "{who}: rows {:?} differ from the server's {:?}",
                    p.held.rows, now.rows
                ));
            }
            if p.held.journal_sum != now.journal_sum {
                r.problems.push(format!(
                    "{who}: journal sums to {} đồng, the server's to {} đồng",
                    p.held.journal_sum, now.journal_sum
                ));
            }
        }
    }
    r
}

/// The club's rows in the core's tables and its journal sum, on any
/// database with the core's schema (a phone's, or the SQLite server's,
/// which materialises every club in the same tables).
pub fn core_rows(
    conn: &Connection,
    club_id: &str,
) -> rusqlite::Result<(BTreeMap<String, i64>, i64)> {
    let mut rows = BTreeMap::new();
    for (table, sql) in [
        ("members", "SELECT count(*) FROM members WHERE club_id = ?1"),
        ("journal", "SELECT count(*) FROM journal WHERE club_id = ?1"),
        ("loans", "SELECT count(*) FROM loans WHERE club_id = ?1"),
        ("visits", "SELECT count(*) FROM visits WHERE club_id = ?1"),
        (
            "meetings",
            "SELECT count(*) FROM meetings WHERE club_id = ?1",
        ),
        (
            "meeting_attendance",
            "SELECT count(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
             WHERE m.club_id = ?1",
        ),
    ] {
        let n: i64 = conn
            .prepare_cached(sql)?
            .query_row([club_id], |r| r.get(0))?;
        rows.insert(table.to_string(), n);
    }
    let sum: i64 = conn
        .prepare_cached("SELECT COALESCE(SUM(amount), 0) FROM journal WHERE club_id = ?1")?
        .query_row([club_id], |r| r.get(0))?;
    Ok((rows, sum))
}

/// What a phone's database holds of its club: every operation in its
/// change log (its own and those it pulled), its rows and journal sum.
pub fn phone_holdings(conn: &Connection, club_id: &str) -> rusqlite::Result<Holdings> {
    let mut stmt = conn.prepare("SELECT op_id FROM change_log ORDER BY op_id")?;
    let op_ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let (rows, journal_sum) = core_rows(conn, club_id)?;
    Ok(Holdings {
        op_ids,
        rows,
        journal_sum,
    })
}
