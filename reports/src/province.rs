//! The province's report (*báo cáo kết quả thực hiện kế hoạch*) from its
//! indicators ([`ishc_core::indicators::ProvinceIndicators`]): the targets
//! with the figures, the communes, the clubs, and the totals, each a
//! [`Table`] in the provincial offices' layout. The dashboard's printable
//! annual report and its workbook, and the command line, use these tables,
//! so they show the same figures.

use crate::table::{Cell, Column, Heading, Kind, Table, Total};
use chrono::NaiveDate;
use ishc_core::indicators::{Figure, ProvinceIndicators, Share, TargetResult};
use ishc_core::store::Cohort;

/// Who issues a report, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The issuing body, upper case, e.g. `UBND TỈNH ĐỒNG NAI`.
    pub authority: String,
    /// Place of the date line, e.g. `Đồng Nai`.
    pub place: String,
    /// Date of the report.
    pub dated: NaiveDate,
}

impl Context {
    /// The context of a province's report: `UBND TỈNH ĐỒNG NAI`, `Đồng Nai`
    /// from `Tỉnh Đồng Nai` (or `Thành phố Hà Nội`).
    pub fn for_province(province_name: &str, dated: NaiveDate) -> Context {
        let place = province_name
            .strip_prefix("Tỉnh ")
            .or_else(|| province_name.strip_prefix("Thành phố "))
            .unwrap_or(province_name)
            .to_string();
        Context {
            authority: format!("UBND {}", province_name.to_uppercase()),
            place,
            dated,
        }
    }

    fn heading(&self, title: String, subtitle: Vec<String>, money: bool) -> Heading {
        Heading {
            authority: self.authority.clone(),
            title,
            subtitle,
            unit_note: money.then(|| "Đơn vị tính: đồng".to_string()),
            place: self.place.clone(),
            dated: self.dated,
            signatures: vec!["NGƯỜI LẬP BIỂU".into(), "THỦ TRƯỞNG ĐƠN VỊ".into()],
        }
    }
}

/// `Có` or `Không`.
pub fn yes_no(b: bool) -> Cell {
    Cell::text(if b { "Có" } else { "Không" })
}

/// A share as a cell.
pub fn share(s: Share) -> Cell {
    Cell::Share {
        count: s.count,
        of: s.of,
    }
}

/// The cohort as the tables print it.
pub fn cohort_text(c: Cohort) -> &'static str {
    match c {
        Cohort::Before2016 => "Trước 2016",
        Cohort::Founded2016To2020 => "2016–2020",
        Cohort::New => "Từ 2021",
    }
}

/// A target's verdict in words: `Đạt`, `Chưa đạt`, or `Đang thực hiện`
/// when the figures cover another period than the target's.
pub fn verdict_text(r: &TargetResult) -> &'static str {
    match r.met {
        Some(true) => "Đạt",
        Some(false) => "Chưa đạt",
        None => "Đang thực hiện",
    }
}

/// A target as people read it, `≥ 90%`, `60–70%`, `≥ 70`.
pub fn target_text(r: &TargetResult) -> String {
    r.target.describe()
}

fn subtitle(p: &ProvinceIndicators) -> Vec<String> {
    vec![format!("(Kỳ báo cáo: {})", p.period)]
}

/// The targets with the figures (*chỉ tiêu*): one row per target.
pub fn targets_table(p: &ProvinceIndicators, ctx: &Context) -> Table {
    let rows = p
        .targets
        .iter()
        .map(|r| {
            let (count, of, pct) = match r.figure {
                Figure::Count(n) => (
                    Cell::Count(i64::try_from(n).unwrap_or(i64::MAX)),
                    Cell::Empty,
                    Cell::Empty,
                ),
                Figure::Share(s) => (
                    Cell::Count(i64::from(s.count)),
                    Cell::Count(i64::from(s.of)),
                    share(s),
                ),
            };
            vec![
                Cell::text(r.target.indicator.label_vi()),
                Cell::text(r.target.plan.clone()),
                Cell::text(r.target.period.to_string()),
                Cell::text(target_text(r)),
                count,
                of,
                pct,
                Cell::text(verdict_text(r)),
            ]
        })
        .collect();
    Table {
        sheet_name: "Chỉ tiêu".into(),
        heading: ctx.heading(
            format!(
                "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU — {}",
                p.province_name.to_uppercase()
            ),
            subtitle(p),
            false,
        ),
        columns: vec![
            Column::new("Chỉ tiêu", "Indicator", Kind::Text).width(40.0),
            Column::new("Kế hoạch", "Plan", Kind::Text).width(16.0),
            Column::new("Kỳ của mục tiêu", "Target period", Kind::Text).width(24.0),
            Column::new("Mục tiêu", "Target", Kind::Text).width(12.0),
            Column::new("Số đạt được", "Achieved", Kind::Count),
            Column::new("Trên tổng số", "Out of", Kind::Count),
            Column::new("Tỷ lệ", "Share", Kind::Percent),
            Column::new("Đánh giá", "Assessment", Kind::Text).width(16.0),
        ],
        rows,
        totals: None,
    }
}

/// Every commune of the province with its clubs, active clubs and members;
/// the totals row adds them up and counts the communes with an active
/// club.
pub fn communes_table(p: &ProvinceIndicators, ctx: &Context) -> Table {
    let rows = p
        .communes
        .iter()
        .map(|c| {
            vec![
                Cell::text(c.code.to_string()),
                Cell::text(c.name.clone()),
                Cell::Count(i64::from(c.clubs)),
                Cell::Count(i64::from(c.active_clubs)),
                Cell::Count(i64::from(c.members)),
                yes_no(c.has_active_club),
            ]
        })
        .collect();
    Table {
        sheet_name: "Xã, phường".into(),
        heading: ctx.heading("CÂU LẠC BỘ THEO XÃ, PHƯỜNG".into(), subtitle(p), false),
        columns: vec![
            Column::new("Mã xã", "Commune code", Kind::Text).width(10.0),
            Column::new("Xã, phường", "Commune", Kind::Text),
            Column::new("Số CLB", "Clubs", Kind::Count),
            Column::new("CLB đang hoạt động", "Active clubs", Kind::Count),
            Column::new("Số thành viên", "Members", Kind::Count),
            Column::new("Có CLB hoạt động", "Has an active club", Kind::Text).width(14.0),
        ],
        rows,
        totals: Some(vec![
            Total::Label("Tổng cộng".into()),
            Total::Blank,
            Total::Sum,
            Total::Sum,
            Total::Sum,
            Total::Value(Cell::text(format!(
                "{}/{} xã",
                p.communes_with_active_club.count, p.communes_with_active_club.of
            ))),
        ]),
    }
}

/// Every club of the province founded by the period's end.
pub fn clubs_table(p: &ProvinceIndicators, ctx: &Context) -> Table {
    let commune_name = |code: u32| {
        ishc_core::admin_units::commune(code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let rows = p
        .clubs
        .iter()
        .map(|c| {
            vec![
                Cell::text(c.name.clone()),
                Cell::text(commune_name(c.commune_code)),
                Cell::Date(c.founded_on),
                Cell::text(cohort_text(c.cohort)),
                Cell::Count(i64::from(c.members)),
                yes_no(c.active),
                yes_no(c.well_managed),
            ]
        })
        .collect();
    let active = p.clubs.iter().filter(|c| c.active).count();
    let managed = p.clubs.iter().filter(|c| c.well_managed).count();
    Table {
        sheet_name: "Câu lạc bộ".into(),
        heading: ctx.heading("DANH SÁCH CÂU LẠC BỘ".into(), subtitle(p), false),
        columns: vec![
            Column::new("Tên CLB", "Club", Kind::Text),
            Column::new("Xã, phường", "Commune", Kind::Text).width(22.0),
            Column::new("Ngày thành lập", "Founded", Kind::Date),
            Column::new("Giai đoạn", "Cohort", Kind::Text).width(12.0),
            Column::new("Số thành viên", "Members", Kind::Count),
            Column::new("Đang hoạt động", "Active", Kind::Text).width(12.0),
            Column::new("Hoạt động đầy đủ, quản lý tốt", "Well managed", Kind::Text).width(16.0),
        ],
        rows,
        totals: Some(vec![
            Total::Label(format!("Tổng cộng: {} CLB", p.clubs.len())),
            Total::Blank,
            Total::Blank,
            Total::Blank,
            Total::Sum,
            Total::Value(Cell::Count(active as i64)),
            Total::Value(Cell::Count(managed as i64)),
        ]),
    }
}

/// One line of a summary table: what, the unit, a count, a share, đồng.
fn line(what: &str, unit: &str, count: Cell, pct: Cell, money: Cell) -> Vec<Cell> {
    vec![Cell::text(what), Cell::text(unit), count, pct, money]
}

fn n(v: impl Into<i64>) -> Cell {
    Cell::Count(v.into())
}

/// The province's totals (*tổng hợp*): members, home care, blood pressure,
/// savings and the loan portfolio. No totals row: the lines are different
/// things.
pub fn totals_table(p: &ProvinceIndicators, ctx: &Context) -> Table {
    let t = &p.totals;
    let e = || Cell::Empty;
    let rows = vec![
        line("Thành viên đang sinh hoạt", "người", n(t.members), e(), e()),
        line(
            "Thành viên được vay vốn trong kỳ",
            "người",
            n(p.members_borrowing.count),
            share(p.members_borrowing),
            e(),
        ),
        line(
            "Tình nguyện viên chăm sóc tại nhà",
            "người",
            n(t.volunteers),
            e(),
            e(),
        ),
        line(
            "Người được chăm sóc tại nhà",
            "người",
            n(t.recipients),
            e(),
            e(),
        ),
        line("Lượt thăm tại nhà", "lượt", n(t.visits), e(), e()),
        line(
            "Thời gian thăm tại nhà",
            "giờ",
            Cell::Count(i64::try_from(t.visit_minutes / 60).unwrap_or(i64::MAX)),
            e(),
            e(),
        ),
        line(
            "Thành viên được đo huyết áp",
            "người",
            n(t.members_bp_checked.count),
            share(t.members_bp_checked),
            e(),
        ),
        line(
            "Số dư tiết kiệm cuối kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(t.savings_balance),
        ),
        line(
            "Gửi tiết kiệm trong kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(t.deposits),
        ),
        line(
            "Rút tiết kiệm trong kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(t.withdrawals),
        ),
        line(
            "Giải ngân vốn vay trong kỳ",
            "món vay; đồng",
            n(t.disbursed_count),
            e(),
            Cell::Money(t.disbursed),
        ),
        line(
            "Thu nợ trong kỳ (gốc và lãi)",
            "đồng",
            e(),
            e(),
            Cell::Money(t.repaid),
        ),
        line(
            "Dư nợ cuối kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(t.par30.outstanding),
        ),
        line(
            "Dư nợ quá hạn trên 30 ngày (PAR30)",
            "đồng; % dư nợ",
            e(),
            Cell::Share {
                // Basis points as a share of 10,000: the ratio the core computed.
                count: t.par30.ratio_bp,
                of: 10_000,
            },
            Cell::Money(t.par30.at_risk),
        ),
        line(
            "Xóa nợ trong kỳ",
            "món vay; đồng",
            n(t.written_off_count),
            e(),
            Cell::Money(t.written_off),
        ),
    ];
    Table {
        sheet_name: "Tổng hợp".into(),
        heading: ctx.heading(
            "TỔNG HỢP HOẠT ĐỘNG CÁC CÂU LẠC BỘ".into(),
            subtitle(p),
            true,
        ),
        columns: vec![
            Column::new("Nội dung", "Item", Kind::Text).width(40.0),
            Column::new("Đơn vị tính", "Unit", Kind::Text).width(14.0),
            Column::new("Số lượng", "Number", Kind::Count),
            Column::new("Tỷ lệ", "Share", Kind::Percent),
            Column::new("Số tiền", "Amount (đồng)", Kind::Money),
        ],
        rows,
        totals: None,
    }
}

/// The province's annual report: targets, totals, communes and clubs, in
/// that order.
pub fn annual_report(p: &ProvinceIndicators, ctx: &Context) -> Vec<Table> {
    vec![
        targets_table(p, ctx),
        totals_table(p, ctx),
        communes_table(p, ctx),
        clubs_table(p, ctx),
    ]
}
