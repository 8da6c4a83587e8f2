//! The dashboard end to end in headless Chromium (Debian's `chromium`,
//! driven over the DevTools protocol by the `headless_chrome` crate): sign
//! in through the form, open the indicators, drill down to a club, open its
//! member list as an analyst, download the Excel export through the
//! browser and read it back with calamine, and open the printable report.
//! Screenshots go to `$ISHC_DASHBOARD_SCREENSHOTS` (the script
//! `scripts/dashboard-tests.sh --screenshots` sets it to
//! `docs/screenshots/dashboard`), else to a temporary directory.
//!
//! Skipped, with a message saying so, when no Chromium is installed
//! (`scripts/dashboard-tests.sh` installs it).

mod dashboard_common;

use calamine::{Data, Reader, Xlsx};
use dashboard_common::{province, PASSWORD};
use headless_chrome::protocol::cdp::Browser::{
    SetDownloadBehavior, SetDownloadBehaviorBehaviorOption,
};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use ishc_server::accounts::Role;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|p| p.exists())
}

fn shot(tab: &Tab, dir: &Path, name: &str) {
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

fn page_text(tab: &Tab) -> String {
    tab.get_content().unwrap()
}

/// Fills the sign-in form (the values are set in the fields, then the
/// form's own button is clicked) and waits for the next page.
fn sign_in(tab: &Tab, base: &str, username: &str) {
    tab.navigate_to(&format!("{base}/dashboard/login"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#username").unwrap();
    tab.evaluate(
        &format!(
            "document.getElementById('username').value = {}; document.getElementById('password').value = {};",
            serde_json::to_string(username).unwrap(),
            serde_json::to_string(PASSWORD).unwrap()
        ),
        false,
    )
    .unwrap();
    tab.find_element("form.login button[type=submit]")
        .unwrap()
        .click()
        .unwrap();
    // Signed in, every page has the navigation list.
    tab.wait_for_element("ul.nav").unwrap();
}

fn cell(r: &calamine::Range<Data>, row: usize, col: usize) -> Data {
    r.get((row, col)).cloned().unwrap_or(Data::Empty)
}

/// The row whose column 1 (after the TT column) reads `label`.
fn row_of(r: &calamine::Range<Data>, label: &str) -> usize {
    (0..r.height())
        .find(|&i| cell(r, i, 1) == Data::String(label.into()))
        .unwrap_or_else(|| panic!("no row '{label}'"))
}

#[test]
fn an_analyst_signs_in_reads_the_indicators_drills_down_and_downloads_the_workbook() {
    let Some(chrome) = chromium() else {
        // The test command (scripts/dashboard-tests.sh) installs chromium
        // and sets this: there, a missing browser is a failure, not a skip.
        assert!(
            std::env::var_os("ISHC_REQUIRE_CHROMIUM").is_none(),
            "ISHC_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!(
            "SKIPPED dashboard browser test: no Chromium found (/usr/bin/chromium); \
             run scripts/dashboard-tests.sh, which installs Debian's chromium"
        );
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let p = rt.block_on(province());
    p.officer("phantich", Role::Analyst);
    let base = p.url("");
    let tmp = tempfile::tempdir().unwrap();
    let shots = std::env::var_os("ISHC_DASHBOARD_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("shots"));
    std::fs::create_dir_all(&shots).unwrap();
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();

    let browser = Browser::new(
        LaunchOptions::default_builder()
            .path(Some(chrome))
            .sandbox(false)
            .window_size(Some((1280, 1400)))
            .idle_browser_timeout(Duration::from_secs(300))
            .build()
            .unwrap(),
    )
    .unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(60));

    // Not signed in: the dashboard sends the browser to the sign-in form.
    tab.navigate_to(&format!("{base}/dashboard/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    assert!(
        tab.get_url().ends_with("/dashboard/login"),
        "{}",
        tab.get_url()
    );
    assert!(page_text(&tab).contains("Đăng nhập"));
    shot(&tab, &shots, "login");

    sign_in(&tab, &base, "phantich");
    assert!(
        tab.get_url().ends_with("/dashboard/"),
        "{} {}",
        tab.get_url(),
        page_text(&tab)
    );

    // The indicators over 2025, with a chart beside each target.
    tab.navigate_to(&format!("{base}/dashboard/?from=2025-01-01&to=2025-12-31"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let html = page_text(&tab);
    assert!(html.contains("Chỉ tiêu kế hoạch"));
    assert!(html.contains("01/01/2025–31/12/2025"));
    assert!(html.contains("CLB thành lập mới"));
    assert!(
        html.matches("role=\"img\"").count() >= 10,
        "a chart per target"
    );
    // 1 of the 3 members borrowed: 33,3%.
    assert!(html.contains("33,3% (1/3)"), "{html}");
    shot(&tab, &shots, "indicators");

    // Communes and clubs, then drill down to the club.
    tab.navigate_to(&format!(
        "{base}/dashboard/clubs?from=2025-01-01&to=2025-12-31"
    ))
    .unwrap()
    .wait_until_navigated()
    .unwrap();
    assert!(page_text(&tab).contains("Xã Xuân Lộc"));
    shot(&tab, &shots, "clubs");
    tab.find_element("td a[href*='/dashboard/clubs/']")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element("p.crumbs").unwrap();
    let html = page_text(&tab);
    assert!(html.contains("CLB LTH ấp 3"));
    assert!(html.contains("5.000.000"), "the loan disbursed");
    assert!(
        !html.contains("Nguyễn Thị Lan"),
        "aggregates only: no names"
    );
    shot(&tab, &shots, "club");

    // The member list: names, and the view is in the audit log.
    tab.find_element("a[href$='/members']")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element("p.notice").unwrap();
    assert!(page_text(&tab).contains("Nguyễn Thị Lan"));
    shot(&tab, &shots, "members");
    let log = p
        .storage()
        .audit_log(dashboard_common::DONG_NAI, 10)
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].club_id.as_deref(), Some(p.club_id.as_str()));

    // The Excel export, downloaded by the browser.
    tab.call_method(SetDownloadBehavior {
        behavior: SetDownloadBehaviorBehaviorOption::Allow,
        browser_context_id: None,
        download_path: Some(downloads.to_string_lossy().into_owned()),
        events_enabled: None,
    })
    .unwrap();
    tab.navigate_to(&format!("{base}/dashboard/?from=2025-01-01&to=2025-12-31"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.find_element("#export").unwrap().click().unwrap();
    // Wait for the finished file (Chromium writes a .crdownload first);
    // a bounded wait for the file, not a timing assertion.
    let deadline = Instant::now() + Duration::from_secs(60);
    let file = loop {
        let done = std::fs::read_dir(&downloads)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "xlsx"));
        if let Some(f) = done {
            break f;
        }
        assert!(Instant::now() < deadline, "no download arrived");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        file.file_name().unwrap().to_string_lossy(),
        "chi-tieu-clb-75_20250101_20251231.xlsx"
    );
    let mut xl: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    assert_eq!(
        xl.sheet_names(),
        vec!["Chỉ tiêu", "Tổng hợp", "Xã, phường", "Câu lạc bộ"]
    );
    let totals = xl.worksheet_range("Tổng hợp").unwrap();
    let loans = row_of(&totals, "Giải ngân vốn vay trong kỳ");
    assert_eq!(cell(&totals, loans, 3), Data::Float(1.0));
    assert_eq!(cell(&totals, loans, 5), Data::Float(5_000_000.0));
    let members = row_of(&totals, "Thành viên đang sinh hoạt");
    assert_eq!(cell(&totals, members, 3), Data::Float(3.0));
    let clubs = xl.worksheet_range("Câu lạc bộ").unwrap();
    let club = row_of(&clubs, "CLB LTH ấp 3");
    assert_eq!(cell(&clubs, club, 5), Data::Float(3.0));
    assert_eq!(cell(&clubs, club, 2), Data::String("Xã Xuân Lộc".into()));

    // The printable annual report.
    tab.navigate_to(&format!("{base}/dashboard/report?year=2025"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let html = page_text(&tab);
    assert!(html.contains("BÁO CÁO KẾT QUẢ HOẠT ĐỘNG"));
    assert!(html.contains("UBND TỈNH ĐỒNG NAI"));
    assert!(html.contains("Đồng Nai, ngày 05 tháng 01 năm 2026"));
    shot(&tab, &shots, "report");
    drop(browser);
    rt.block_on(p.handle.shutdown()).unwrap();
}
