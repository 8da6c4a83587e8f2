//! The same figures from the core for one club and from the server after
//! sync (issue 7): the demo's month of work is recorded on three phones and
//! synced through a real provincial server on loopback; the club's
//! indicators computed on the treasurer's phone and on the server's
//! database are equal, field for field, and the province's figures on the
//! server count that club.

use ishc_cli::demo::{play, DEMO_COMMUNE};
use ishc_core::admin_units;
use ishc_core::indicators::{club_indicators, preset_targets, province_indicators, Period};
use rusqlite::{Connection, OpenFlags};

#[test]
fn a_club_has_the_same_figures_on_the_phone_and_on_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let phone_db = dir.path().join("demo.db");
    let work = dir.path().join("work");
    let report = play(&phone_db, &work).unwrap();
    let open = |p: &std::path::Path| {
        Connection::open_with_flags(p, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    };
    let phone = open(&phone_db);
    let server = open(&work.join("province.db"));
    let club: String = phone
        .query_row("SELECT id FROM clubs", [], |r| r.get(0))
        .unwrap();
    for period in [
        Period::month(2026, 3).unwrap(),
        Period::month(2026, 2).unwrap(),
        Period::year(2026).unwrap(),
    ] {
        let on_phone = club_indicators(&phone, &club, period).unwrap();
        let on_server = club_indicators(&server, &club, period).unwrap();
        assert_eq!(on_phone, on_server, "{period:?}");
    }
    // The month is not empty: the figures compared above are real ones.
    let march = club_indicators(&phone, &club, Period::month(2026, 3).unwrap()).unwrap();
    assert_eq!(
        march.home_care.visits as usize,
        report.visits_logged - report.visits_voided
    );
    assert!(march.loans.disbursed_count > 0, "{march:#?}");
    // The province, from the server's database alone, counts the club's
    // commune as having an active club.
    let province = admin_units::commune(DEMO_COMMUNE).unwrap().province_code;
    let p = province_indicators(
        &server,
        province,
        Period::month(2026, 3).unwrap(),
        &preset_targets("13335"),
    )
    .unwrap();
    let row = p.communes.iter().find(|c| c.code == DEMO_COMMUNE).unwrap();
    assert_eq!(
        (row.clubs, row.active_clubs, row.has_active_club),
        (1, 1, true),
        "{row:?}"
    );
    assert_eq!(row.members, march.members.active, "{row:?}");
    assert_eq!(p.communes_with_active_club.count, 1);
}
