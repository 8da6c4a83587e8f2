//! One club's figures over a period as a table (aggregates only, no names),
//! from [`ishc_core::indicators::ClubIndicators`]: what the dashboard's
//! club page shows and its workbook holds.

use crate::province::{yes_no, Context};
use crate::table::{Cell, Column, Heading, Kind, Table, Total};
use ishc_core::indicators::{ClubIndicators, Share};

fn line(what: &str, unit: &str, count: Cell, pct: Cell, money: Cell) -> Vec<Cell> {
    vec![Cell::text(what), Cell::text(unit), count, pct, money]
}

fn n(v: impl Into<i64>) -> Cell {
    Cell::Count(v.into())
}

fn share(count: u32, of: u32) -> Cell {
    Cell::Share { count, of }
}

fn s(v: Share) -> Cell {
    share(v.count, v.of)
}

fn columns() -> Vec<Column> {
    vec![
        Column::new("Nội dung", "Item", Kind::Text).width(44.0),
        Column::new("Đơn vị tính", "Unit", Kind::Text).width(14.0),
        Column::new("Số lượng", "Number", Kind::Count),
        Column::new("Tỷ lệ", "Share", Kind::Percent),
        Column::new("Số tiền", "Amount (đồng)", Kind::Money),
    ]
}

fn heading(c: &ClubIndicators, ctx: &Context, title: &str) -> Heading {
    Heading {
        authority: ctx.authority.clone(),
        title: format!("{title} — {}", c.club.name.to_uppercase()),
        subtitle: vec![
            format!("{}, {}", c.club.commune_name, ctx.place),
            format!("(Kỳ báo cáo: {})", c.period),
        ],
        unit_note: Some("Đơn vị tính: đồng".into()),
        place: ctx.place.clone(),
        dated: ctx.dated,
        signatures: vec!["NGƯỜI LẬP BIỂU".into(), "THỦ TRƯỞNG ĐƠN VỊ".into()],
    }
}

/// The club's figures: members and composition, borrowing, funds, meetings
/// and activities, home care, blood pressure, savings, loans and the rules.
/// No totals row: the lines are different things.
pub fn figures_table(c: &ClubIndicators, ctx: &Context) -> Table {
    let e = || Cell::Empty;
    let comp = &c.composition;
    let f = &c.funds;
    let l = &c.loans;
    let rows = vec![
        line(
            "Thành viên đang sinh hoạt cuối kỳ",
            "người",
            n(c.members.active),
            e(),
            e(),
        ),
        line(
            "Thành viên mới trong kỳ",
            "người",
            n(c.members.joined),
            e(),
            e(),
        ),
        line(
            "Thành viên ra khỏi CLB trong kỳ",
            "người",
            n(c.members.left),
            e(),
            e(),
        ),
        line(
            "Nữ",
            "người",
            n(comp.women),
            share(comp.women, comp.members),
            e(),
        ),
        line(
            "Người cao tuổi (từ 60 tuổi)",
            "người",
            n(comp.older),
            share(comp.older, comp.members),
            e(),
        ),
        line(
            "Người dưới 60 tuổi",
            "người",
            n(comp.younger),
            share(comp.younger, comp.members),
            e(),
        ),
        line(
            "Đạt cơ cấu thành viên",
            "",
            yes_no(c.rules.composition),
            e(),
            e(),
        ),
        line(
            "Thành viên được vay vốn trong kỳ",
            "người",
            n(c.borrowing.members_borrowing.count),
            s(c.borrowing.members_borrowing),
            e(),
        ),
        line(
            "Quỹ vốn quay vòng: số dư cuối kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(f.income_generation.balance),
        ),
        line(
            "Quỹ hoạt động: số dư cuối kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(f.activity.balance),
        ),
        line(
            "Có và sử dụng cả hai quỹ",
            "",
            yes_no(c.rules.both_funds),
            e(),
            e(),
        ),
        line(
            "Tháng có sinh hoạt định kỳ",
            "tháng",
            n(c.meetings.months_with_meeting),
            share(c.meetings.months_with_meeting, c.meetings.months),
            e(),
        ),
        line(
            "Buổi sinh hoạt trong kỳ",
            "buổi",
            n(c.meetings.meetings),
            e(),
            e(),
        ),
        line(
            "Lĩnh vực có hoạt động",
            "lĩnh vực",
            n(c.activities.areas.len() as i64 - c.activities.areas_without_activity.len() as i64),
            share(
                (c.activities.areas.len() - c.activities.areas_without_activity.len()) as u32,
                c.activities.areas.len() as u32,
            ),
            e(),
        ),
        line(
            "Tình nguyện viên chăm sóc tại nhà",
            "người",
            n(c.home_care.volunteers),
            e(),
            e(),
        ),
        line(
            "Người được chăm sóc",
            "người",
            n(c.home_care.recipients),
            e(),
            e(),
        ),
        line("Lượt thăm tại nhà", "lượt", n(c.home_care.visits), e(), e()),
        line(
            "Thời gian thăm tại nhà",
            "giờ",
            Cell::Count(i64::try_from(c.home_care.visit_minutes / 60).unwrap_or(i64::MAX)),
            e(),
            e(),
        ),
        line(
            "Thành viên được đo huyết áp",
            "người",
            n(c.blood_pressure.members_checked.count),
            s(c.blood_pressure.members_checked),
            e(),
        ),
        line(
            "Số dư tiết kiệm cuối kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(c.savings.balance),
        ),
        line(
            "Gửi tiết kiệm trong kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(c.savings.deposits),
        ),
        line(
            "Rút tiết kiệm trong kỳ",
            "đồng",
            e(),
            e(),
            Cell::Money(c.savings.withdrawals),
        ),
        line(
            "Giải ngân trong kỳ",
            "món vay; đồng",
            n(l.disbursed_count),
            e(),
            Cell::Money(l.disbursed),
        ),
        line(
            "Thu nợ trong kỳ (gốc và lãi)",
            "đồng",
            e(),
            e(),
            Cell::Money(l.repaid),
        ),
        line(
            "Dư nợ cuối kỳ",
            "món vay; đồng",
            n(l.active_loans),
            e(),
            Cell::Money(l.par30.outstanding),
        ),
        line(
            "Dư nợ quá hạn trên 30 ngày (PAR30)",
            "đồng; % dư nợ",
            e(),
            share(l.par30.ratio_bp, 10_000),
            Cell::Money(l.par30.at_risk),
        ),
        line(
            "Xóa nợ trong kỳ",
            "món vay; đồng",
            n(l.written_off_count),
            e(),
            Cell::Money(l.written_off),
        ),
        line(
            "CLB đang hoạt động",
            "",
            yes_no(c.rules.active.met),
            e(),
            e(),
        ),
        line(
            "Hoạt động đầy đủ, quản lý tốt",
            "",
            yes_no(c.rules.well_managed.met),
            e(),
            e(),
        ),
    ];
    Table {
        sheet_name: "Số liệu CLB".into(),
        heading: heading(c, ctx, "SỐ LIỆU CÂU LẠC BỘ"),
        columns: columns(),
        rows,
        totals: None,
    }
}

/// Activities by area in the period, with a totals row.
pub fn activities_table(c: &ClubIndicators, ctx: &Context) -> Table {
    let rows = c
        .activities
        .areas
        .iter()
        .map(|a| {
            vec![
                Cell::text(a.area.clone()),
                Cell::Count(i64::from(a.activities)),
            ]
        })
        .collect();
    let mut h = heading(c, ctx, "HOẠT ĐỘNG THEO LĨNH VỰC");
    h.unit_note = None;
    Table {
        sheet_name: "Hoạt động".into(),
        heading: h,
        columns: vec![
            Column::new("Lĩnh vực", "Area", Kind::Text).width(36.0),
            Column::new("Số hoạt động", "Activities", Kind::Count),
        ],
        rows,
        totals: Some(vec![Total::Label("Tổng cộng".into()), Total::Sum]),
    }
}

/// The club's workbook: its figures and its activities.
pub fn club_report(c: &ClubIndicators, ctx: &Context) -> Vec<Table> {
    vec![figures_table(c, ctx), activities_table(c, ctx)]
}
