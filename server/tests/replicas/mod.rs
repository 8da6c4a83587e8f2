//! What must agree across replicas of a club (phones and the server), for
//! the fault and crash tests' final checks.

use rusqlite::Connection;

/// Everything that must agree across replicas, as sorted text rows. Every
/// column, except `duplicate_flags.op_id`: flags are derived on each
/// replica, by the registration that arrived second there.
pub fn snapshot(conn: &Connection) -> Vec<String> {
    let mut out = vec![];
    for (name, sql) in [
        ("club", "SELECT * FROM clubs"),
        ("member", "SELECT * FROM members"),
        ("journal", "SELECT * FROM journal"),
        ("loan", "SELECT * FROM loans"),
        ("visit", "SELECT * FROM visits"),
        ("void", "SELECT * FROM visit_voids"),
        (
            "flag",
            "SELECT id, club_id, member_a, member_b, status, resolved_op FROM duplicate_flags",
        ),
        ("conflict", "SELECT * FROM conflicts"),
        ("clock", "SELECT * FROM field_clocks"),
        ("history", "SELECT * FROM field_history"),
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let n = r.as_ref().column_count();
                let mut parts = vec![];
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    parts.push(format!("{v:?}"));
                }
                Ok(format!("{name}:{}", parts.join("|")))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}
