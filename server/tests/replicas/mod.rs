//! What the fault and crash tests share: the people every club starts
//! with, and what must agree across replicas of a club (phones and the
//! server) for their final checks.

use ishc_core::model::{Birth, HouseholdStatus, Membership, Role, Sex};
use ishc_core::store::{NewMember, Store};
use rusqlite::Connection;

/// The five people every club starts with.
#[derive(Debug, Clone)]
pub struct Roster {
    pub club: String,
    /// Chair (*chủ nhiệm*).
    pub chair: String,
    /// Treasurer (*thủ quỹ*): records money.
    pub treasurer: String,
    /// Home-care volunteer: logs visits.
    pub volunteer: String,
    /// Care recipient.
    pub recipient: String,
    /// A plain member.
    pub member: String,
}

/// A person to register holding `roles` (born 1955, joined 1 January 2025).
pub fn person(name: &str, roles: &[Role]) -> NewMember {
    NewMember {
        full_name: name.to_string(),
        sex: Sex::Female,
        birth: Birth::Year(1955),
        ethnicity_code: 1,
        household: HouseholdStatus::Neither,
        disabled: false,
        lives_alone: false,
        hamlet: "Ấp 3".to_string(),
        phone: None,
        joined_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        roles: roles.to_vec(),
        membership: Membership::Member,
    }
}

/// Registers the [`Roster`]'s five people in `club` on `store`, authored
/// by the club's set-up administration (five operations).
pub fn register_roster(store: &mut Store, club: &str) -> Roster {
    store.set_author("admin:setup");
    let mut ids = vec![];
    for (name, roles) in [
        ("Nguyễn Thị Lan", &[Role::Chair][..]),
        ("Trần Văn Quỹ", &[Role::Treasurer]),
        ("Lê Thị Hoa", &[Role::HomeCareVolunteer]),
        ("Phạm Thị Cụ", &[Role::CareRecipient]),
        ("Võ Văn Năm", &[]),
    ] {
        ids.push(
            store
                .register_member(club, person(name, roles))
                .unwrap()
                .member
                .id,
        );
    }
    Roster {
        club: club.to_string(),
        chair: ids[0].clone(),
        treasurer: ids[1].clone(),
        volunteer: ids[2].clone(),
        recipient: ids[3].clone(),
        member: ids[4].clone(),
    }
}

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
