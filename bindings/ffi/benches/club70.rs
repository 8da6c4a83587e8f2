//! The benchmark club shared by the Rust bench (`benches/ffi.rs`) and the
//! Kotlin bench (`bindings/kotlin`, via `examples/bench_club.rs`): 70
//! members, a year of monthly savings deposits for each, 20 loans with their
//! repayments, built through the FFI's own API so it is what a phone holds.

use ishc_ffi::store::ClubStore;
use ishc_ffi::types::*;
use std::path::Path;

/// The bench database's key (the Kotlin bench passes the same 32 bytes).
pub const KEY: [u8; 32] = [0x42; 32];

/// Builds the club in a new database at `path` (replacing any file there),
/// encrypted with [`KEY`].
pub fn build(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let store = ClubStore::open(
        path.to_string_lossy().into_owned(),
        KEY.to_vec(),
        "bench-phone".into(),
    )
    .expect("open");
    store
        .create_club(NewClub {
            name: "CLB Liên thế hệ tự giúp nhau ấp 3".into(),
            commune_code: 26425,
            founded_on: "2024-06-01".into(),
            activity_areas: None,
        })
        .expect("club");
    let given = [
        "An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hải", "Hoà", "Hồng", "Hương", "Khánh",
        "Lan", "Liên", "Linh", "Mai", "Minh", "Nga", "Ngọc", "Nhung",
    ];
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"];
    let mut ids = vec![];
    for i in 0..70usize {
        let sex = if i % 3 == 0 { Sex::Male } else { Sex::Female };
        let middle = if sex == Sex::Male { "Văn" } else { "Thị" };
        let r = store
            .register_member(NewMember {
                full_name: format!("{} {middle} {}", family[i % 7], given[i % 20]),
                sex,
                birth: (1940 + (i * 7) % 50).to_string(),
                ethnicity: if i % 11 == 0 { "Khmer" } else { "Kinh" }.into(),
                household: match i % 5 {
                    0 => Household::Poor,
                    1 => Household::NearPoor,
                    _ => Household::Neither,
                },
                disabled: i % 13 == 0,
                lives_alone: i % 9 == 0,
                hamlet: format!("Ấp {}", 1 + i % 4),
                phone: Some(format!("0943 {:03} {:03}", i, 100 + i)),
                joined_on: Some("2024-06-01".into()),
                roles: if i == 0 {
                    vec![Role::Treasurer]
                } else {
                    vec![]
                },
                membership: Membership::Member,
            })
            .expect("member");
        ids.push(r.member.id);
    }
    store
        .set_acting_member(Some(ids[0].clone()))
        .expect("treasurer");
    store
        .record_fund_entry(NewFundEntry {
            fund: Fund::IncomeGeneration,
            kind: EntryKind::Grant,
            amount: 200_000_000,
            entry_on: Some("2025-01-02".into()),
            memo: "Vốn tài trợ".into(),
            member_id: None,
        })
        .expect("grant");
    for month in 1..=12u32 {
        for id in &ids {
            store
                .deposit(
                    id.clone(),
                    50_000,
                    Some(format!("2025-{month:02}-05")),
                    String::new(),
                )
                .expect("deposit");
        }
    }
    for (n, id) in ids.iter().take(20).enumerate() {
        let loan = store
            .disburse_loan(NewLoan {
                borrower_id: id.clone(),
                principal: 5_000_000,
                disbursed_on: Some(format!("2025-{:02}-10", 1 + n % 6)),
                term_months: 12,
                monthly_rate_bp: 100,
                method: InterestMethod::Flat,
                purpose: "Chăn nuôi".into(),
            })
            .expect("loan");
        for k in 0..(4 + n % 5) {
            let due = &loan.position.installments[k];
            store
                .repay_loan(loan.id.clone(), due.total.dong, Some(due.due_on.clone()))
                .expect("repayment");
        }
    }
}
