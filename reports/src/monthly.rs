//! The club's monthly report (*báo cáo tháng của CLB*,
//! [`ishc_core::indicators::ClubMonthlyReport`]) as an Excel workbook and as
//! a printable HTML page, from the same [`Table`]s so both show the same
//! figures.
//!
//! **One sheet per table**, numbered as provincial offices number their
//! forms (*Biểu 01, 02, …*): the summary of the month's figures, the funds,
//! the loans, members who joined and left, meetings, care recipients not
//! visited, and flagged blood-pressure readings. Each list has its own
//! columns and its own totals row, and the shared writer ([`crate::xlsx`])
//! puts one table on a sheet with its heading, column numbers, totals
//! formula and signatures; a sheet per table also keeps each `SUM` over
//! one block of rows, so an officer can sort or filter one table without
//! touching another. Savings and home care are short lists of figures, so
//! they are lines of the summary (*Biểu 01*); their lists of names (not
//! visited, flagged readings) have their sheets.
//!
//! Vietnamese comes first: headers and row labels are Vietnamese with the
//! English on a second line in parentheses (the shared writer's header
//! style), and each sheet's heading carries the English title in a note row
//! under the Vietnamese one. Money is whole đồng, written as integers with
//! the format `#,##0` under headers that say `(đồng)`; on the page it is
//! printed `1.500.000 ₫`.
//!
//! The page is written by a small escape-safe writer (`Html`, below) rather than
//! a template engine: this crate carries none (the server's askama templates
//! live in the server), the page is one fixed layout over [`Table`]s, and
//! the writer cannot put text into the page unescaped (only `&'static str`
//! markup goes in raw). The page prints on A4 landscape with no script.

use crate::table::{
    group_thousands, Cell, Column, Heading, Kind, ReportError, Table, Total, MOTTO,
};
use chrono::NaiveDate;
use ishc_core::indicators::{ClubMonthlyReport, LoanState, ReadingSource};
use ishc_core::model::Fund;
use ishc_core::money::format_dong;
use ishc_core::vitals::BpFlag;

/// One table of the report: its Vietnamese and English titles and the
/// table (one workbook sheet, one section of the page).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlySection {
    /// Vietnamese title, e.g. `Quỹ của câu lạc bộ`.
    pub title_vi: String,
    /// English title, e.g. `The club's funds`.
    pub title_en: String,
    /// The table.
    pub table: Table,
}

/// `vi` with `en` on a second line in parentheses, the shared writer's
/// header style, used for row labels too.
fn label(vi: &str, en: &str) -> Cell {
    Cell::Text(format!("{vi}\n({en})"))
}

fn col(vi: &str, en: &str, kind: Kind) -> Column {
    Column::new(vi, en, kind)
}

fn money_col(vi: &str, en: &str) -> Column {
    Column::new(&format!("{vi} (đồng)"), en, Kind::Money)
}

fn n(v: impl Into<i64>) -> Cell {
    Cell::Count(v.into())
}

fn money(v: i64) -> Cell {
    Cell::Money(v)
}

/// The month as `03/2026`.
fn month_text(r: &ClubMonthlyReport) -> String {
    format!("{:02}/{}", r.month.month, r.month.year)
}

/// `March 2026`.
fn month_en(r: &ClubMonthlyReport) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = (r.month.month as usize)
        .checked_sub(1)
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("");
    format!("{name} {}", r.month.year)
}

/// The commune's name without its kind: `Xã Xuân Lộc` → `Xuân Lộc`.
fn place(commune_name: &str) -> String {
    for kind in ["Xã ", "Phường ", "Đặc khu "] {
        if let Some(rest) = commune_name.strip_prefix(kind) {
            return rest.to_string();
        }
    }
    commune_name.to_string()
}

/// The club, commune and province on one line.
fn where_line(r: &ClubMonthlyReport) -> String {
    let province = ishc_core::admin_units::province(r.club.province_code)
        .map(|p| p.name)
        .unwrap_or_default();
    [r.club.name.as_str(), &r.club.commune_name, &province]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn heading(
    r: &ClubMonthlyReport,
    dated: NaiveDate,
    title_vi: &str,
    title_en: &str,
    money: bool,
) -> Heading {
    Heading {
        authority: r.club.name.to_uppercase(),
        title: format!(
            "BÁO CÁO THÁNG {} — {}",
            month_text(r),
            title_vi.to_uppercase()
        ),
        subtitle: vec![
            where_line(r),
            format!(
                "(Từ ngày {} đến ngày {})",
                r.period.from.format("%d/%m/%Y"),
                r.period.to.format("%d/%m/%Y")
            ),
            format!("(Monthly report, {}: {title_en})", month_en(r)),
        ],
        unit_note: money.then(|| "Đơn vị tính: đồng".to_string()),
        place: place(&r.club.commune_name),
        dated,
        signatures: vec!["NGƯỜI LẬP BIỂU".into(), "CHỦ NHIỆM CLB".into()],
    }
}

fn section(
    r: &ClubMonthlyReport,
    dated: NaiveDate,
    number: u32,
    (title_vi, title_en): (&str, &str),
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    totals: Option<Vec<Total>>,
) -> MonthlySection {
    let has_money = columns.iter().any(|c| c.kind == Kind::Money);
    MonthlySection {
        title_vi: title_vi.to_string(),
        title_en: title_en.to_string(),
        table: Table {
            sheet_name: format!("Biểu {number:02} {}", sheet_word(title_vi)),
            heading: heading(r, dated, title_vi, title_en, has_money),
            columns,
            rows,
            totals,
        },
    }
}

/// The first words of a title, short enough for a sheet name (31
/// characters with `Biểu 01 `).
fn sheet_word(title: &str) -> String {
    let mut out = String::new();
    for w in title.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > 22 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn fund_name(f: Fund) -> Cell {
    match f {
        Fund::IncomeGeneration => label("Quỹ vốn quay vòng", "income-generation fund"),
        Fund::Activity => label("Quỹ hoạt động", "activity fund"),
    }
}

fn state_text(s: LoanState) -> &'static str {
    match s {
        LoanState::Active => "Đang vay",
        LoanState::Repaid => "Đã trả hết",
        LoanState::WrittenOff => "Đã xóa nợ",
    }
}

fn yes_no(met: bool) -> Cell {
    if met {
        label("Đạt", "met")
    } else {
        label("Chưa đạt", "not met")
    }
}

/// The month's figures as lines: item, unit, number, share, amount.
fn summary_rows(r: &ClubMonthlyReport) -> Vec<Vec<Cell>> {
    let e = || Cell::Empty;
    let line = |vi: &str, en: &str, unit: &str, count: Cell, share: Cell, amount: Cell| {
        vec![label(vi, en), Cell::text(unit), count, share, amount]
    };
    let share = |count: u32, of: u32| Cell::Share { count, of };
    let m = &r.members;
    let c = &m.composition;
    let l = &r.loans;
    let s = &r.savings;
    let h = &r.home_care;
    let mt = &r.meetings;
    let mut rows = vec![
        line(
            "Thành viên đầu tháng",
            "members at the month's start",
            "người",
            n(m.at_start),
            e(),
            e(),
        ),
        line(
            "Thành viên mới vào",
            "joined",
            "người",
            n(m.joined.len() as i64),
            e(),
            e(),
        ),
        line(
            "Thành viên ra khỏi CLB",
            "left",
            "người",
            n(m.left.len() as i64),
            e(),
            e(),
        ),
        line(
            "Thành viên cuối tháng",
            "members at the month's end",
            "người",
            n(m.at_end),
            e(),
            e(),
        ),
        line(
            "Trong đó nữ",
            "of whom women",
            "người",
            n(c.women),
            share(c.women, c.members),
            e(),
        ),
        line(
            "Người cao tuổi (từ 60 tuổi)",
            "aged 60 or over",
            "người",
            n(c.older),
            share(c.older, c.members),
            e(),
        ),
        line(
            "Dưới 60 tuổi",
            "under 60",
            "người",
            n(c.younger),
            share(c.younger, c.members),
            e(),
        ),
        line(
            "Đạt cơ cấu thành viên",
            "composition rules",
            "",
            yes_no(m.composition_met),
            e(),
            e(),
        ),
    ];
    for f in &r.funds {
        let (vi, en) = match f.fund {
            Fund::IncomeGeneration => (
                "Quỹ vốn quay vòng: số dư cuối tháng",
                "income-generation fund: closing balance",
            ),
            Fund::Activity => (
                "Quỹ hoạt động: số dư cuối tháng",
                "activity fund: closing balance",
            ),
        };
        rows.push(line(vi, en, "đồng", e(), e(), money(f.closing)));
    }
    rows.extend([
        line(
            "Dư nợ đầu tháng",
            "loans outstanding at the month's start",
            "món",
            n(l.loans_at_start),
            e(),
            money(l.outstanding_at_start),
        ),
        line(
            "Cho vay trong tháng",
            "disbursed",
            "món",
            n(l.disbursed_count),
            e(),
            money(l.disbursed),
        ),
        line(
            "Thu nợ gốc",
            "principal repaid",
            "đồng",
            e(),
            e(),
            money(l.principal_repaid),
        ),
        line(
            "Thu lãi",
            "interest repaid",
            "đồng",
            e(),
            e(),
            money(l.interest_repaid),
        ),
    ]);
    if l.repaid_beyond_schedule != 0 {
        rows.push(line(
            "Trả vượt lịch trả nợ",
            "paid beyond the schedule",
            "đồng",
            e(),
            e(),
            money(l.repaid_beyond_schedule),
        ));
    }
    rows.extend([
        line(
            "Xóa nợ",
            "written off",
            "món",
            n(l.written_off_count),
            e(),
            money(l.written_off),
        ),
        line(
            "Dư nợ cuối tháng",
            "loans outstanding at the month's end",
            "món",
            n(l.active_loans),
            e(),
            money(l.outstanding),
        ),
        line(
            "Nợ quá hạn 1–30 ngày",
            "1–30 days past due",
            "món",
            n(l.days_1_30.loans),
            e(),
            money(l.days_1_30.outstanding),
        ),
        line(
            "Nợ quá hạn 31–90 ngày",
            "31–90 days past due",
            "món",
            n(l.days_31_90.loans),
            e(),
            money(l.days_31_90.outstanding),
        ),
        line(
            "Nợ quá hạn trên 90 ngày",
            "over 90 days past due",
            "món",
            n(l.days_over_90.loans),
            e(),
            money(l.days_over_90.outstanding),
        ),
        line(
            "Dư nợ có rủi ro trên 30 ngày (PAR30)",
            "portfolio at risk over 30 days",
            "%",
            e(),
            share(l.par30.ratio_bp, 10_000),
            money(l.par30.at_risk),
        ),
        line(
            "Tiết kiệm đầu tháng",
            "savings at the month's start",
            "đồng",
            e(),
            e(),
            money(s.opening),
        ),
        line(
            "Gửi tiết kiệm",
            "deposits",
            "đồng",
            e(),
            e(),
            money(s.deposits),
        ),
        line(
            "Rút tiết kiệm",
            "withdrawals",
            "đồng",
            e(),
            e(),
            money(s.withdrawals),
        ),
        line(
            "Tiết kiệm cuối tháng",
            "savings at the month's end",
            "đồng",
            e(),
            e(),
            money(s.closing),
        ),
        line(
            "Người có tiết kiệm",
            "savers",
            "người",
            n(s.savers),
            e(),
            e(),
        ),
        line(
            "Tình nguyện viên chăm sóc tại nhà",
            "home-care volunteers",
            "người",
            n(h.volunteers),
            e(),
            e(),
        ),
        line(
            "Tình nguyện viên có đi thăm",
            "volunteers who visited",
            "người",
            n(h.volunteers_visiting),
            e(),
            e(),
        ),
        line(
            "Người được chăm sóc",
            "care recipients",
            "người",
            n(h.recipients),
            e(),
            e(),
        ),
        line(
            "Người được thăm trong tháng",
            "people visited",
            "người",
            n(h.recipients_visited),
            e(),
            e(),
        ),
        line(
            "Người được chăm sóc chưa được thăm",
            "recipients not visited",
            "người",
            n(h.recipients_not_visited.len() as i64),
            e(),
            e(),
        ),
        line("Lượt thăm", "visits", "lượt", n(h.visits), e(), e()),
        line(
            "Thời gian chăm sóc",
            "time spent",
            "phút",
            n(i64::try_from(h.visit_minutes).unwrap_or(i64::MAX)),
            e(),
            e(),
        ),
        line(
            "Lượt thăm hủy (ghi nhầm)",
            "visits voided",
            "lượt",
            n(h.visits_voided),
            e(),
            e(),
        ),
        line(
            "Lượt đo huyết áp khi thăm",
            "readings on visits",
            "lượt",
            n(h.readings),
            e(),
            e(),
        ),
        line(
            "Trong đó tăng huyết áp",
            "of which hypertension",
            "lượt",
            n(h.hypertension),
            e(),
            e(),
        ),
        line(
            "Trong đó cơn tăng huyết áp",
            "of which hypertensive crisis",
            "lượt",
            n(h.crisis),
            e(),
            e(),
        ),
        line(
            "Buổi sinh hoạt",
            "meetings",
            "buổi",
            n(mt.meetings.len() as i64),
            e(),
            e(),
        ),
        line(
            "Lượt người dự sinh hoạt",
            "attendance",
            "lượt",
            n(mt.attendance),
            e(),
            e(),
        ),
        line(
            "Thành viên được đo huyết áp",
            "members with blood pressure checked",
            "người",
            n(mt.members_checked.count),
            share(mt.members_checked.count, mt.members_checked.of),
            e(),
        ),
        line(
            "Chỉ số huyết áp cao",
            "readings flagged",
            "lượt",
            n(r.flagged_readings.len() as i64),
            e(),
            e(),
        ),
    ]);
    rows
}

/// The report's tables, in order: the summary, the funds, the loans,
/// members who joined and left, meetings, care recipients not visited and
/// flagged readings. `dated` is the date on the signature line.
pub fn sections(r: &ClubMonthlyReport, dated: NaiveDate) -> Vec<MonthlySection> {
    let mut out = vec![];
    let total_label = || Total::Label("Tổng cộng".to_string());

    out.push(section(
        r,
        dated,
        1,
        ("Tổng hợp", "Summary"),
        vec![
            col("Nội dung", "Item", Kind::Text).width(46.0),
            col("Đơn vị tính", "Unit", Kind::Text).width(10.0),
            col("Số lượng", "Number", Kind::Count),
            col("Tỷ lệ", "Share", Kind::Percent),
            money_col("Số tiền", "Amount"),
        ],
        summary_rows(r),
        None,
    ));

    let fund_rows = r
        .funds
        .iter()
        .map(|f| {
            vec![
                fund_name(f.fund),
                money(f.opening),
                money(f.inflows.grants),
                money(f.inflows.contributions),
                money(f.inflows.membership_fees),
                money(f.inflows.interest_income),
                money(f.inflows.loan_repayments),
                money(f.inflows.total),
                money(f.outflows.loan_disbursements),
                money(f.outflows.expenses),
                money(f.outflows.total),
                money(f.closing),
            ]
        })
        .collect();
    let mut fund_totals = vec![total_label()];
    fund_totals.extend(std::iter::repeat_n(Total::Sum, 11));
    out.push(section(
        r,
        dated,
        2,
        ("Quỹ của câu lạc bộ", "The club's funds"),
        vec![
            col("Quỹ", "Fund", Kind::Text).width(22.0),
            money_col("Số dư đầu tháng", "Opening balance"),
            money_col("Thu tài trợ", "Grants"),
            money_col("Thu đóng góp", "Contributions"),
            money_col("Thu hội phí", "Membership fees"),
            money_col("Thu lãi tiền gửi", "Interest income"),
            money_col("Thu nợ vay (gốc và lãi)", "Loan repayments"),
            money_col("Tổng thu", "Total in"),
            money_col("Chi cho vay", "Loans disbursed"),
            money_col("Chi hoạt động", "Expenses"),
            money_col("Tổng chi", "Total out"),
            money_col("Số dư cuối tháng", "Closing balance"),
        ],
        fund_rows,
        Some(fund_totals),
    ));

    let loan_rows = r
        .loan_rows
        .iter()
        .map(|l| {
            vec![
                Cell::text(&l.borrower_name),
                Cell::Date(l.disbursed_on),
                money(l.principal),
                n(l.term_months),
                money(l.principal_repaid),
                money(l.interest_repaid),
                money(l.outstanding),
                n(l.days_past_due),
                money(l.overdue_amount),
                money(l.written_off),
                Cell::text(state_text(l.state)),
            ]
        })
        .collect();
    out.push(section(
        r,
        dated,
        3,
        ("Cho vay vốn quay vòng", "Loans from the revolving fund"),
        vec![
            col("Người vay", "Borrower", Kind::Text).width(24.0),
            col("Ngày vay", "Disbursed on", Kind::Date),
            money_col("Số tiền vay", "Principal"),
            col("Thời hạn (tháng)", "Term, months", Kind::Count).width(9.0),
            money_col("Gốc trả trong tháng", "Principal repaid"),
            money_col("Lãi trả trong tháng", "Interest repaid"),
            money_col("Dư nợ cuối tháng", "Outstanding"),
            col("Số ngày quá hạn", "Days past due", Kind::Count).width(10.0),
            money_col("Nợ quá hạn", "Overdue"),
            money_col("Xóa nợ trong tháng", "Written off"),
            col("Tình trạng", "State", Kind::Text).width(12.0),
        ],
        loan_rows,
        Some(vec![
            total_label(),
            Total::Blank,
            Total::Sum,
            Total::Blank,
            Total::Sum,
            Total::Sum,
            Total::Sum,
            Total::Blank,
            Total::Sum,
            Total::Sum,
            Total::Blank,
        ]),
    ));

    let m = &r.members;
    let member_rows = m
        .joined
        .iter()
        .map(|c| (c, true))
        .chain(m.left.iter().map(|c| (c, false)))
        .map(|(c, joined)| {
            vec![
                Cell::text(&c.name),
                Cell::text(&c.hamlet),
                if joined { n(1) } else { Cell::Empty },
                if joined { Cell::Empty } else { n(1) },
                Cell::Date(c.on),
                Cell::text(c.reason.clone().unwrap_or_default()),
            ]
        })
        .collect();
    out.push(section(
        r,
        dated,
        4,
        ("Thành viên vào và ra", "Members who joined and left"),
        vec![
            col("Họ và tên", "Name", Kind::Text).width(26.0),
            col("Ấp", "Hamlet", Kind::Text).width(14.0),
            col("Vào CLB", "Joined", Kind::Count).width(9.0),
            col("Ra khỏi CLB", "Left", Kind::Count).width(9.0),
            col("Ngày", "Date", Kind::Date),
            col("Lý do ra", "Reason for leaving", Kind::Text).width(28.0),
        ],
        member_rows,
        Some(vec![
            total_label(),
            Total::Blank,
            Total::Sum,
            Total::Sum,
            Total::Blank,
            Total::Blank,
        ]),
    ));

    let meeting_rows = r
        .meetings
        .meetings
        .iter()
        .map(|mt| {
            vec![
                Cell::Date(mt.held_on),
                Cell::text(&mt.topic),
                n(mt.attendees),
                n(mt.readings),
                n(mt.hypertension),
                n(mt.crisis),
            ]
        })
        .collect();
    out.push(section(
        r,
        dated,
        5,
        ("Sinh hoạt định kỳ", "Meetings"),
        vec![
            col("Ngày", "Date", Kind::Date),
            col("Nội dung", "Topic", Kind::Text).width(34.0),
            col("Số người dự", "Attendees", Kind::Count),
            col("Được đo huyết áp", "Blood pressure read", Kind::Count),
            col("Tăng huyết áp", "Hypertension", Kind::Count),
            col("Cơn tăng huyết áp", "Hypertensive crisis", Kind::Count),
        ],
        meeting_rows,
        Some(vec![
            total_label(),
            Total::Blank,
            Total::Sum,
            Total::Sum,
            Total::Sum,
            Total::Sum,
        ]),
    ));

    let not_visited = r
        .home_care
        .recipients_not_visited
        .iter()
        .map(|p| {
            vec![
                Cell::text(&p.name),
                Cell::text(&p.hamlet),
                p.last_visit_on
                    .map_or_else(|| label("Chưa từng được thăm", "never"), Cell::Date),
            ]
        })
        .collect();
    out.push(section(
        r,
        dated,
        6,
        (
            "Người được chăm sóc chưa được thăm",
            "Care recipients not visited this month",
        ),
        vec![
            col("Họ và tên", "Name", Kind::Text).width(28.0),
            col("Ấp", "Hamlet", Kind::Text).width(16.0),
            col("Lần thăm gần nhất", "Last visit", Kind::Date).width(16.0),
        ],
        not_visited,
        None,
    ));

    let flagged = r
        .flagged_readings
        .iter()
        .map(|f| {
            vec![
                Cell::text(&f.name),
                Cell::Date(f.on),
                Cell::text(format!("{}/{}", f.systolic, f.diastolic)),
                match f.flag {
                    BpFlag::HypertensiveCrisis => label("Cơn tăng huyết áp", "crisis: refer"),
                    _ => label("Tăng huyết áp", "hypertension"),
                },
                match f.source {
                    ReadingSource::Visit => label("Thăm tại nhà", "home visit"),
                    ReadingSource::Meeting => label("Sinh hoạt CLB", "meeting"),
                },
            ]
        })
        .collect();
    out.push(section(
        r,
        dated,
        7,
        ("Chỉ số huyết áp cao", "Blood pressure readings flagged"),
        vec![
            col("Họ và tên", "Name", Kind::Text).width(28.0),
            col("Ngày đo", "Date", Kind::Date),
            col("Huyết áp (mmHg)", "Blood pressure (mmHg)", Kind::Text).width(14.0),
            col("Mức", "Flag", Kind::Text).width(20.0),
            col("Nơi đo", "Where", Kind::Text).width(16.0),
        ],
        flagged,
        None,
    ));
    out
}

/// The report as an `.xlsx` workbook, one sheet per section
/// ([`sections`]). Errors: [`ReportError`] from the writer.
pub fn workbook(r: &ClubMonthlyReport, dated: NaiveDate) -> Result<Vec<u8>, ReportError> {
    let tables: Vec<Table> = sections(r, dated).into_iter().map(|s| s.table).collect();
    crate::xlsx::workbook(&tables)
}

/// An HTML document being written: text goes in escaped ([`Html::text`]);
/// only `&'static str` markup goes in as it is ([`Html::raw`]), so nothing
/// read from the data can become markup.
struct Html {
    out: String,
}

impl Html {
    fn new() -> Html {
        Html {
            out: String::with_capacity(32 * 1024),
        }
    }

    /// Markup written into the program.
    fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.out.push_str(markup);
        self
    }

    /// Text, with `& < > " '` escaped.
    fn text(&mut self, text: &str) -> &mut Html {
        for c in text.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '"' => self.out.push_str("&quot;"),
                '\'' => self.out.push_str("&#39;"),
                c => self.out.push(c),
            }
        }
        self
    }

    /// Vietnamese, then the English beside it in smaller type.
    fn vi_en(&mut self, vi: &str, en: &str) -> &mut Html {
        self.text(vi);
        if !en.is_empty() {
            self.raw(" <span class=\"en\">").text(en).raw("</span>");
        }
        self
    }

    /// A text cell's lines: the first as it is, the others (the English
    /// of a label) in smaller type.
    fn lines(&mut self, text: &str) -> &mut Html {
        let mut lines = text.split('\n');
        if let Some(first) = lines.next() {
            self.text(first);
        }
        for l in lines {
            self.raw(" <span class=\"en\">").text(l).raw("</span>");
        }
        self
    }
}

const STYLE: &str = "
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font-family: 'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif; font-size: 11pt; color: #000; margin: 0 auto; max-width: 277mm; padding: 8mm 0; }
.head { display: flex; justify-content: space-between; text-align: center; margin-bottom: 6mm; }
.head div { flex: 1; }
.head b { display: block; }
.motto u { font-weight: bold; }
h1 { font-size: 15pt; text-align: center; margin: 2mm 0; }
h2 { font-size: 12pt; margin: 6mm 0 1mm; break-after: avoid; page-break-after: avoid; }
p.sub { text-align: center; margin: 0 0 1mm; font-style: italic; }
p.unit { text-align: right; font-style: italic; margin: 0 0 1mm; }
.en { font-size: 80%; color: #333; font-weight: normal; font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: middle; }
th { background: #e7eef7; text-align: center; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.tt, tr.cols td { text-align: center; }
tr.cols td { font-style: italic; font-size: 90%; }
tr.total td { font-weight: bold; }
td.none { text-align: center; font-style: italic; }
.foot { display: flex; justify-content: space-between; text-align: center; margin-top: 8mm; break-inside: avoid; page-break-inside: avoid; }
.foot div { flex: 1; }
.foot b { display: block; }
.date { text-align: right; font-style: italic; margin: 8mm 0 0; }
@media print { body { padding: 0; max-width: none; } th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
";

/// A cell on the page: money as `1.500.000 ₫`, counts `1.234`, shares
/// `57,1%`, dates `21/03/2026`.
fn html_cell(h: &mut Html, cell: &Cell) {
    match cell {
        Cell::Money(d) => {
            h.raw("<td class=\"num\">")
                .text(&format_dong(*d))
                .raw("</td>");
        }
        Cell::Count(c) => {
            h.raw("<td class=\"num\">")
                .text(&group_thousands(*c))
                .raw("</td>");
        }
        Cell::Share { .. } => {
            h.raw("<td class=\"num\">")
                .text(&cell.display())
                .raw("</td>");
        }
        Cell::Text(t) => {
            h.raw("<td>").lines(t).raw("</td>");
        }
        Cell::Date(_) | Cell::Empty => {
            h.raw("<td class=\"tt\">")
                .text(&cell.display())
                .raw("</td>");
        }
    }
}

fn html_table(h: &mut Html, t: &Table, totals: Option<Vec<Cell>>) {
    // Column widths in proportion to the sheet's (the TT column is 5).
    let total: f64 = 5.0 + t.columns.iter().map(|c| c.width).sum::<f64>();
    let percent = |w: f64| format!("{:.1}%", 100.0 * w / total);
    h.raw("<table>\n<colgroup><col style=\"width:")
        .text(&percent(5.0))
        .raw("\">");
    for c in &t.columns {
        h.raw("<col style=\"width:")
            .text(&percent(c.width))
            .raw("\">");
    }
    h.raw("</colgroup>\n<thead><tr><th>TT</th>");
    for c in &t.columns {
        h.raw("<th>").vi_en(&c.header_vi, &c.header_en).raw("</th>");
    }
    h.raw("</tr></thead>\n<tbody>\n<tr class=\"cols\"><td>(1)</td>");
    for i in 0..t.columns.len() {
        h.raw("<td>").text(&format!("({})", i + 2)).raw("</td>");
    }
    h.raw("</tr>\n");
    if t.rows.is_empty() {
        h.raw("<tr><td class=\"none\" colspan=\"")
            .text(&(t.columns.len() + 1).to_string())
            .raw("\">Không có <span class=\"en\">none</span></td></tr>\n");
    }
    for (i, row) in t.rows.iter().enumerate() {
        h.raw("<tr><td class=\"tt\">")
            .text(&(i + 1).to_string())
            .raw("</td>");
        for cell in row {
            html_cell(h, cell);
        }
        h.raw("</tr>\n");
    }
    if let Some(cells) = totals {
        h.raw("<tr class=\"total\"><td></td>");
        for cell in &cells {
            html_cell(h, cell);
        }
        h.raw("</tr>\n");
    }
    h.raw("</tbody>\n</table>\n");
}

const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/// The report as one printable HTML page (A4 landscape, no script): the
/// club and the national motto, the title, then each section's table with
/// its totals row, the date line and the signatures. Errors:
/// [`ReportError::RowWidth`], [`ReportError::Overflow`] from a table.
pub fn html(r: &ClubMonthlyReport, dated: NaiveDate) -> Result<String, ReportError> {
    let sections = sections(r, dated);
    let mut h = Html::new();
    h.raw("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .text(&format!(
            "Báo cáo tháng {} — {}",
            month_text(r),
            r.club.name
        ))
        .raw("</title>\n<style>")
        .raw(STYLE)
        .raw("</style>\n</head>\n<body>\n<div class=\"head\"><div><b>")
        .text(&r.club.name.to_uppercase())
        .raw("</b>")
        .text(&r.club.commune_name)
        .raw("</div><div class=\"motto\"><b>")
        .text(MOTTO[0])
        .raw("</b><u>")
        .text(MOTTO[1])
        .raw("</u></div></div>\n<h1>")
        .text(&format!("BÁO CÁO THÁNG {}", month_text(r)))
        .raw("<br><span class=\"en\">")
        .text(&format!("Monthly report, {}", month_en(r)))
        .raw("</span></h1>\n<p class=\"sub\">")
        .text(&where_line(r))
        .raw("</p>\n<p class=\"sub\">")
        .text(&format!(
            "(Từ ngày {} đến ngày {})",
            r.period.from.format("%d/%m/%Y"),
            r.period.to.format("%d/%m/%Y")
        ))
        .raw("</p>\n");
    for (i, s) in sections.iter().enumerate() {
        let totals = s.table.total_cells()?;
        h.raw("<section>\n<h2>")
            .text(ROMAN.get(i).copied().unwrap_or(""))
            .raw(". ")
            .vi_en(&s.title_vi, &s.title_en)
            .raw("</h2>\n");
        if s.table.heading.unit_note.is_some() {
            h.raw("<p class=\"unit\">Đơn vị tính: đồng <span class=\"en\">amounts in đồng</span></p>\n");
        }
        html_table(&mut h, &s.table, totals);
        h.raw("</section>\n");
    }
    let heading = heading(r, dated, "", "", false);
    h.raw("<p class=\"date\">")
        .text(&heading.date_line())
        .raw("</p>\n<div class=\"foot\">");
    for sig in &heading.signatures {
        h.raw("<div><b>")
            .text(sig)
            .raw("</b><i>(Ký, ghi rõ họ tên)</i><br><span class=\"en\">signature and full name</span></div>");
    }
    h.raw("</div>\n</body>\n</html>\n");
    Ok(h.out)
}
