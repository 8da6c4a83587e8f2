//! Printing results as tables or JSON.

use ishc_core::money::format_dong;
use ishc_core::store::*;
use serde::Serialize;

/// Prints `value` as pretty JSON.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: cannot print JSON: {e}"),
    }
}

/// Prints an error: `error: field: message [code]`, or JSON on stderr.
pub fn print_error(e: &ishc_core::Error, as_json: bool) {
    if as_json {
        let (field, message) = match e.field_error() {
            Some(f) => (Some(f.field.clone()), f.message.clone()),
            None => (None, e.to_string()),
        };
        eprintln!(
            "{}",
            serde_json::json!({ "error": { "code": e.code(), "field": field, "message": message } })
        );
    } else {
        eprintln!("error: {e}");
    }
}

/// `1 person`, `2 people`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Vietnamese date form dd/mm/yyyy.
pub fn d(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

pub fn member_line(m: &MemberSummary) -> String {
    let roles: Vec<&str> = m.member.roles.iter().map(|r| r.as_str()).collect();
    format!(
        "{:<24} {:>4} {:<6} {:<14} {:>14} {:>14}  {}  {}",
        m.member.full_name,
        m.member.birth.year(),
        if m.member.sex == ishc_core::model::Sex::Female {
            "nữ"
        } else {
            "nam"
        },
        m.member.hamlet,
        format_dong(m.savings_balance),
        format_dong(m.loan_outstanding),
        roles.join(","),
        m.member.id
    )
}

pub fn members(list: &[MemberSummary]) {
    println!(
        "{:<24} {:>4} {:<6} {:<14} {:>14} {:>14}  roles  id",
        "name", "born", "sex", "hamlet", "savings", "loans"
    );
    for m in list {
        println!("{}", member_line(m));
    }
    println!("{}", count(list.len(), "person", "people"));
}

pub fn passbook(p: &Passbook) {
    println!("Passbook (sổ tiết kiệm) of {}", p.member.full_name);
    println!(
        "{:<10}  {:<12} {:>14} {:>14}  note",
        "date", "entry", "amount", "balance"
    );
    for l in &p.lines {
        println!(
            "{:<10}  {:<12} {:>14} {:>14}  {}{}",
            d(l.entry.entry_on),
            l.entry.kind.as_str(),
            format_dong(l.entry.amount),
            format_dong(l.balance),
            l.entry.memo,
            if l.reversed { " (reversed)" } else { "" }
        );
    }
    println!("Balance: {}", format_dong(p.balance));
}

pub fn loan(v: &LoanView) {
    let l = &v.loan;
    println!(
        "Loan {} to {}: {} on {}, {} months at {} a month ({}), {}",
        l.id,
        v.borrower_name,
        format_dong(l.principal),
        d(l.disbursed_on),
        l.term_months,
        ishc_core::input::format_rate_bp(l.monthly_rate_bp),
        ishc_core::ops::enum_str(&l.method).replace('_', " "),
        ishc_core::ops::enum_str(&v.status).replace('_', " ")
    );
    let p = &v.position;
    println!(
        "{:>3}  {:<10} {:>13} {:>12} {:>13} {:>13}  state",
        "#", "due", "principal", "interest", "installment", "paid"
    );
    for s in &p.installments {
        let i = &s.installment;
        let paid = s.principal_paid + s.interest_paid;
        let state = if s.paid_off_on.is_some() {
            "paid".to_string()
        } else if i.due_on < p.as_of {
            format!("OVERDUE {} days", (p.as_of - i.due_on).num_days())
        } else if paid > 0 {
            "part paid".to_string()
        } else {
            String::new()
        };
        println!(
            "{:>3}  {:<10} {:>13} {:>12} {:>13} {:>13}  {}",
            i.number,
            d(i.due_on),
            format_dong(i.principal),
            format_dong(i.interest),
            format_dong(i.total()),
            format_dong(paid),
            state
        );
    }
    for r in &v.repayments {
        println!(
            "  {} {:<14} {:>13}{}  entry {}",
            d(r.entry.entry_on),
            r.entry.kind.as_str(),
            format_dong(r.entry.amount),
            if r.reversed { " (reversed)" } else { "" },
            r.entry.id
        );
    }
    println!(
        "As of {}: principal outstanding {}, interest outstanding {}, overdue {}, days past due {}",
        d(p.as_of),
        format_dong(p.principal_outstanding),
        format_dong(p.interest_outstanding),
        format_dong(p.overdue_amount),
        p.days_past_due
    );
}

pub fn loans(list: &[LoanView], par: &ishc_core::loan::PortfolioAtRisk) {
    println!(
        "{:<22} {:>13} {:<10} {:>13} {:>13} {:>5}  status  id",
        "borrower", "principal", "disbursed", "outstanding", "overdue", "dpd"
    );
    for v in list {
        println!(
            "{:<22} {:>13} {:<10} {:>13} {:>13} {:>5}  {}  {}",
            v.borrower_name,
            format_dong(v.loan.principal),
            d(v.loan.disbursed_on),
            format_dong(v.position.principal_outstanding),
            format_dong(v.position.overdue_amount),
            v.position.days_past_due,
            ishc_core::ops::enum_str(&v.status),
            v.loan.id
        );
    }
    println!(
        "Portfolio at risk > {} days: {} of {} outstanding ({},{:02}%)",
        par.days,
        format_dong(par.at_risk),
        format_dong(par.outstanding),
        par.ratio_bp / 100,
        par.ratio_bp % 100
    );
}

pub fn visit(v: &Visit) {
    let r = &v.record;
    let bp = match (r.vitals.systolic, r.vitals.diastolic) {
        (Some(s), Some(d)) => format!("{s}/{d} mmHg"),
        _ => "-".into(),
    };
    let flag = match v.bp_flag {
        Some(ishc_core::vitals::BpFlag::HypertensiveCrisis) => {
            "HYPERTENSIVE CRISIS: refer to the commune health station"
        }
        Some(ishc_core::vitals::BpFlag::Hypertension) => "hypertension",
        _ => "",
    };
    println!(
        "{}  {:<20} by {:<20} {:>3} min  {:<12} {}{}",
        chrono::DateTime::parse_from_rfc3339(&r.started_at)
            .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_else(|_| r.started_at.clone()),
        v.recipient_name,
        v.volunteer_name,
        r.duration_min,
        bp,
        flag,
        v.voided
            .as_ref()
            .map(|why| format!(" [VOID: {why}]"))
            .unwrap_or_default()
    );
}

pub fn composition(c: &ishc_core::composition::CompositionReport) {
    println!(
        "Composition on {}: {} members, {} women, {} aged 60+, {} under 60; priority members {} (poor {}, near-poor {}, ethnic minority {}, disabled {}, living alone {})",
        d(c.as_of),
        c.members,
        c.women,
        c.older,
        c.younger,
        c.priority.total,
        c.priority.poor,
        c.priority.near_poor,
        c.priority.ethnic_minority,
        c.priority.disabled,
        c.priority.lives_alone
    );
    for r in &c.rules {
        println!(
            "  [{}] {:<24} {:<22} target {:<10} {}",
            if r.met { "met" } else { "NOT met" },
            r.rule,
            r.figure,
            r.target,
            r.description
        );
    }
}

fn method_label(m: ishc_core::model::InterestMethod) -> &'static str {
    match m {
        ishc_core::model::InterestMethod::Flat => "flat (lãi phẳng)",
        ishc_core::model::InterestMethod::DecliningBalance => "declining balance (dư nợ giảm dần)",
    }
}

/// A loan-book import plan: the loans and repayments it would create, the
/// loans already in the book, every row it cannot take and the fund check,
/// with Vietnamese and English labels.
pub fn loan_import_plan(plan: &ishc_core::loan_import::LoanImportPlan, apply: bool) {
    println!(
        "Sổ cho vay / loan book, sheet '{}': {} khoản vay sẽ tạo / loans to create, {} đã có / already imported, {} dòng không nhập được / rows that cannot be imported",
        plan.sheet,
        plan.loans.len(),
        plan.already_imported.len(),
        plan.problems.len()
    );
    for l in &plan.loans {
        let t = &l.terms;
        println!(
            "  row {:>3}: {}, {} on {}, {} months at {} a month, {}{}{}",
            l.sheet_row,
            l.borrower_name,
            format_dong(t.principal),
            d(t.disbursed_on),
            t.term_months,
            ishc_core::input::format_rate_bp(t.monthly_rate_bp),
            method_label(t.method),
            if l.method_stated { "" } else { " [default]" },
            if l.purpose.is_empty() {
                String::new()
            } else {
                format!(", purpose (mục đích): {}", l.purpose)
            }
        );
        let paid: Vec<String> = l
            .repayments
            .iter()
            .map(|r| format!("{} {}", d(r.paid_on), format_dong(r.amount)))
            .collect();
        println!(
            "           trả nợ / repayments: {}",
            if paid.is_empty() {
                "none".to_string()
            } else {
                format!("{} = {}", paid.join(", "), format_dong(l.repaid))
            }
        );
        println!(
            "           dư nợ / outstanding on {}: principal {}, interest {}, overdue {}, {} days past due",
            d(plan.as_of),
            format_dong(l.position.principal_outstanding),
            format_dong(l.position.interest_outstanding),
            format_dong(l.position.overdue_amount),
            l.position.days_past_due
        );
    }
    for a in &plan.already_imported {
        println!(
            "  row {:>3}: đã có / already imported: {} (loan {}); repaid {} in the sheet, {} recorded{}",
            a.sheet_row,
            a.borrower_name,
            a.loan_id,
            format_dong(a.repaid_in_sheet),
            format_dong(a.repaid_recorded),
            if a.repaid_in_sheet == a.repaid_recorded {
                String::new()
            } else {
                format!(
                    ": KHÁC / DIFFERENT, the import leaves this loan as it is (compare with `ishc loan show {}`; record what is missing with `ishc loan repay`)",
                    a.loan_id
                )
            }
        );
    }
    for p in &plan.problems {
        let column = if p.column.is_empty() {
            String::new()
        } else if p.heading.is_empty() {
            format!(", column {}", p.column)
        } else {
            format!(", column {} ({})", p.column, p.heading)
        };
        println!(
            "  row {:>3}{column} CANNOT import / không nhập được: {}: {} [{}]",
            p.sheet_row, p.field, p.message, p.code
        );
    }
    let f = &plan.fund;
    println!(
        "Quỹ vốn quay vòng / income-generation fund: balance {}; the import disburses {} and records {} of repayments; balance after {}",
        format_dong(f.balance),
        format_dong(f.disbursed),
        format_dong(f.repaid),
        format_dong(f.balance_after)
    );
    if f.shortfall > 0 {
        let by = f.grant_by.map(d).unwrap_or_default();
        println!(
            "  QUỸ KHÔNG ĐỦ / NOT ENOUGH in the fund: record a grant or the fund's opening balance (số dư đầu kỳ) of at least {} dated on or before {} first, e.g.",
            format_dong(f.shortfall),
            by
        );
        println!(
            "    ishc fund add --fund income-generation --kind grant --amount {} --on {by} --memo \"Số dư đầu kỳ\"",
            format_dong(f.shortfall).trim_end_matches(" ₫")
        );
    }
    if !apply {
        println!("Chưa nhập / nothing imported: run again with --apply to import the loans that can be taken.");
    }
}

/// What an applied loan-book import recorded.
pub fn loan_import_summary(s: &LoanImportSummary) {
    println!(
        "Đã nhập / imported {} and {}: {} disbursed, {} repaid.",
        count(s.loans.len(), "loan", "loans"),
        count(s.repayments, "repayment", "repayments"),
        format_dong(s.disbursed),
        format_dong(s.repaid)
    );
}

/// A `label_vi / label_en` cell padded to the label column.
fn label(vi: &str, en: &str) -> String {
    format!("{:<56}  ", format!("{vi} / {en}"))
}

fn yes_no(met: bool) -> &'static str {
    if met {
        "đạt / met"
    } else {
        "KHÔNG đạt / NOT met"
    }
}

fn reasons(r: &ishc_core::indicators::RuleOutcome) -> String {
    r.reasons
        .iter()
        .map(|x| format!("{} / {}", x.message_vi, x.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One club's indicators as a table, Vietnamese labels beside English.
pub fn club_indicators(x: &ishc_core::indicators::ClubIndicators) {
    use ishc_core::indicators::format_minutes;
    let end = d(x.period.to);
    println!(
        "Chỉ tiêu CLB / Club indicators: {} ({}), {}",
        x.club.name, x.club.commune_name, x.period
    );
    let c = &x.composition;
    println!(
        "{}{} (joined {}, left {})",
        label("Thành viên cuối kỳ", &format!("Members on {end}")),
        x.members.active,
        x.members.joined,
        x.members.left
    );
    println!(
        "{}{}: women {}, aged 60+ {}, under 60 {}, priority {}",
        label("Cơ cấu thành viên", "Composition"),
        yes_no(x.rules.composition),
        c.women,
        c.older,
        c.younger,
        c.priority.total
    );
    println!(
        "{}{}; borrowers in all {}",
        label("Thành viên được vay vốn", "Members borrowing"),
        x.borrowing.members_borrowing,
        x.borrowing.borrowers
    );
    for (vi, en, f) in [
        (
            "Quỹ vốn quay vòng",
            "Income-generation fund",
            x.funds.income_generation,
        ),
        ("Quỹ hoạt động", "Activity fund", x.funds.activity),
    ] {
        println!(
            "{}{}, {}; balance {}, in {}, out {}",
            label(vi, en),
            if f.present { "present" } else { "NOT present" },
            if f.used { "used" } else { "NOT used" },
            format_dong(f.balance),
            format_dong(f.inflows),
            format_dong(f.outflows)
        );
    }
    let areas: Vec<String> = x
        .activities
        .areas
        .iter()
        .map(|a| format!("{} {}", a.area, a.activities))
        .collect();
    println!(
        "{}{}",
        label("Hoạt động theo lĩnh vực", "Activities by area"),
        areas.join(", ")
    );
    let m = &x.meetings;
    let missing: Vec<String> = m
        .months_without_meeting
        .iter()
        .map(|m| m.to_string())
        .collect();
    println!(
        "{}meetings {}, months with one {} of {}{}",
        label("Sinh hoạt hằng tháng", "Monthly meetings"),
        m.meetings,
        m.months_with_meeting,
        m.months,
        if missing.is_empty() {
            String::new()
        } else {
            format!("; none in {}", missing.join(", "))
        }
    );
    let h = &x.home_care;
    println!(
        "{}volunteers {}, recipients {}",
        label("TNV, người được chăm sóc", &format!("Home care on {end}")),
        h.volunteers,
        h.recipients
    );
    println!(
        "{}visits {}, {}, people visited {}",
        label("Lượt thăm, thời gian", "Visits, time"),
        h.visits,
        format_minutes(h.visit_minutes),
        h.recipients_visited
    );
    println!(
        "{}members {}, people {}",
        label("Đo huyết áp", "Blood pressure checked"),
        x.blood_pressure.members_checked,
        x.blood_pressure.people_checked
    );
    let s = &x.savings;
    println!(
        "{}balance {}, deposits {}, withdrawals {}, savers {}",
        label("Tiết kiệm", "Savings"),
        format_dong(s.balance),
        format_dong(s.deposits),
        format_dong(s.withdrawals),
        s.savers
    );
    let l = &x.loans;
    println!(
        "{}disbursed {} ({}); repaid {} (principal {}, interest {})",
        label("Giải ngân, thu nợ", "Disbursed, repaid"),
        l.disbursed_count,
        format_dong(l.disbursed),
        format_dong(l.repaid),
        format_dong(l.principal_repaid),
        format_dong(l.interest_repaid)
    );
    println!(
        "{}{}, loans {}; PAR30 {} ({},{:02}%)",
        label("Dư nợ cuối kỳ", "Outstanding"),
        format_dong(l.par30.outstanding),
        l.active_loans,
        format_dong(l.par30.at_risk),
        l.par30.ratio_bp / 100,
        l.par30.ratio_bp % 100
    );
    println!(
        "{}loans {}, {}",
        label("Xóa nợ", "Written off"),
        l.written_off_count,
        format_dong(l.written_off)
    );
    for (vi, en, met, why) in [
        (
            "CLB đang hoạt động",
            "Active club",
            x.rules.active.met,
            reasons(&x.rules.active),
        ),
        (
            "Hoạt động đầy đủ, quản lý tốt",
            "All activities, well managed",
            x.rules.well_managed.met,
            reasons(&x.rules.well_managed),
        ),
    ] {
        println!("{}{}  {}", label(vi, en), yes_no(met), why);
    }
}

/// A province's indicators: each against its targets, the rule counts,
/// totals, the communes with clubs and the clubs.
pub fn province_indicators(p: &ishc_core::indicators::ProvinceIndicators) {
    use ishc_core::indicators::{format_minutes, IndicatorKey};
    println!(
        "Chỉ tiêu tỉnh / Province indicators: {}, {}",
        p.province_name, p.period
    );
    for key in IndicatorKey::ALL {
        println!("{}{}", label(key.label_vi(), key.label_en()), p.figure(key));
        for r in p.targets.iter().filter(|r| r.target.indicator == key) {
            let verdict = match r.met {
                Some(met) => yes_no(met).to_string(),
                None => "kỳ khác / other period".to_string(),
            };
            println!(
                "{:<58}target {} ({}, {}{}): {}",
                "",
                r.target.describe(),
                r.target.plan,
                r.target.period,
                if r.target.scope == ishc_core::indicators::Scope::National {
                    ", national"
                } else {
                    ""
                },
                verdict
            );
        }
    }
    let k = &p.clubs_meeting;
    println!(
        "{}active {}, composition {}, ≥50% borrowing {}, both funds {}, all activities {}, well managed {}",
        label("CLB đạt từng quy tắc", "Clubs meeting each rule"),
        k.active,
        k.composition,
        k.borrowing_half,
        k.both_funds,
        k.all_activities,
        k.well_managed
    );
    let t = &p.totals;
    println!(
        "{}members {}, volunteers {}, recipients {}",
        label("Thành viên, chăm sóc tại nhà", "Members, home care"),
        t.members,
        t.volunteers,
        t.recipients
    );
    println!(
        "{}visits {}, {}; blood pressure {}",
        label("Lượt thăm, đo huyết áp", "Visits, blood pressure"),
        t.visits,
        format_minutes(t.visit_minutes),
        t.members_bp_checked
    );
    println!(
        "{}balance {}, deposits {}, withdrawals {}",
        label("Tiết kiệm", "Savings"),
        format_dong(t.savings_balance),
        format_dong(t.deposits),
        format_dong(t.withdrawals)
    );
    println!(
        "{}disbursed {} (loans {}), repaid {}, outstanding {}, PAR30 {},{:02}%, written off {}",
        label("Vốn quay vòng", "Revolving fund"),
        format_dong(t.disbursed),
        t.disbursed_count,
        format_dong(t.repaid),
        format_dong(t.par30.outstanding),
        t.par30.ratio_bp / 100,
        t.par30.ratio_bp % 100,
        format_dong(t.written_off)
    );
    let with_clubs: Vec<_> = p.communes.iter().filter(|c| c.clubs > 0).collect();
    println!(
        "Xã có CLB / Communes with clubs ({} of {}):",
        with_clubs.len(),
        p.communes.len()
    );
    println!(
        "  {:>6}  {:<28} {:>5} {:>7} {:>8}",
        "code", "commune", "clubs", "active", "members"
    );
    for c in with_clubs {
        println!(
            "  {:>6}  {:<28} {:>5} {:>7} {:>8}",
            c.code, c.name, c.clubs, c.active_clubs, c.members
        );
    }
    println!("CLB / Clubs ({}):", p.clubs.len());
    for c in &p.clubs {
        println!(
            "  {:>6}  {:<32} {}  {:>3} members  {}  {}  {}",
            c.commune_code,
            c.name,
            d(c.founded_on),
            c.members,
            if c.active { "active" } else { "NOT active" },
            if c.well_managed {
                "well managed"
            } else {
                "not well managed"
            },
            c.id
        );
    }
}

/// The club's monthly report on the terminal, section by section,
/// Vietnamese labels beside English.
pub fn monthly_report(r: &ishc_core::indicators::ClubMonthlyReport) {
    use ishc_core::indicators::{format_minutes, LoanState, ReadingSource};
    use ishc_core::model::Fund;
    use ishc_core::vitals::BpFlag;
    println!(
        "Báo cáo tháng / Monthly report {:02}/{}: {} ({}), {}",
        r.month.month, r.month.year, r.club.name, r.club.commune_name, r.period
    );

    println!("\nQuỹ / Funds");
    let name = |f: Fund| match f {
        Fund::IncomeGeneration => "Quỹ vốn quay vòng",
        Fund::Activity => "Quỹ hoạt động",
    };
    print!("{:<40}", "");
    for f in &r.funds {
        print!("{:>20}", name(f.fund));
    }
    println!();
    type FundLine = fn(&ishc_core::indicators::FundMonth) -> i64;
    let lines: [(&str, &str, FundLine); 11] = [
        ("Số dư đầu tháng", "opening", |f| f.opening),
        ("Thu tài trợ", "grants", |f| f.inflows.grants),
        ("Thu đóng góp", "contributions", |f| {
            f.inflows.contributions
        }),
        ("Thu hội phí", "membership fees", |f| {
            f.inflows.membership_fees
        }),
        ("Thu lãi tiền gửi", "interest income", |f| {
            f.inflows.interest_income
        }),
        ("Thu nợ vay", "loan repayments", |f| {
            f.inflows.loan_repayments
        }),
        ("Tổng thu", "total in", |f| f.inflows.total),
        ("Chi cho vay", "loans disbursed", |f| {
            f.outflows.loan_disbursements
        }),
        ("Chi hoạt động", "expenses", |f| f.outflows.expenses),
        ("Tổng chi", "total out", |f| f.outflows.total),
        ("Số dư cuối tháng", "closing", |f| f.closing),
    ];
    for (vi, en, get) in lines {
        print!("  {:<38}", format!("{vi} / {en}"));
        for f in &r.funds {
            print!("{:>20}", format_dong(get(f)));
        }
        println!();
    }

    let l = &r.loans;
    println!("\nCho vay / Loans");
    println!(
        "  {}{}, {}",
        label("Dư nợ đầu tháng", "outstanding at the start"),
        count(l.loans_at_start as usize, "loan", "loans"),
        format_dong(l.outstanding_at_start)
    );
    println!(
        "  {}{}, {}",
        label("Cho vay trong tháng", "disbursed"),
        count(l.disbursed_count as usize, "loan", "loans"),
        format_dong(l.disbursed)
    );
    println!(
        "  {}{} (principal {}, interest {})",
        label("Thu nợ", "repaid"),
        format_dong(l.repaid),
        format_dong(l.principal_repaid),
        format_dong(l.interest_repaid)
    );
    if l.repaid_beyond_schedule != 0 {
        println!(
            "  {}{}",
            label("Trả vượt lịch trả nợ", "paid beyond the schedule"),
            format_dong(l.repaid_beyond_schedule)
        );
    }
    println!(
        "  {}{}, {}",
        label("Xóa nợ", "written off"),
        count(l.written_off_count as usize, "loan", "loans"),
        format_dong(l.written_off)
    );
    println!(
        "  {}{}, {}",
        label("Dư nợ cuối tháng", "outstanding at the end"),
        count(l.active_loans as usize, "loan", "loans"),
        format_dong(l.outstanding)
    );
    for (vi, en, b) in [
        ("Quá hạn 1–30 ngày", "1–30 days past due", l.days_1_30),
        ("Quá hạn 31–90 ngày", "31–90 days past due", l.days_31_90),
        (
            "Quá hạn trên 90 ngày",
            "over 90 days past due",
            l.days_over_90,
        ),
    ] {
        println!(
            "  {}{}, {} outstanding, {} overdue",
            label(vi, en),
            count(b.loans as usize, "loan", "loans"),
            format_dong(b.outstanding),
            format_dong(b.overdue_amount)
        );
    }
    println!(
        "  {}{},{:02}% ({} of {})",
        label("Dư nợ rủi ro trên 30 ngày", "PAR30"),
        l.par30.ratio_bp / 100,
        l.par30.ratio_bp % 100,
        format_dong(l.par30.at_risk),
        format_dong(l.par30.outstanding)
    );
    println!(
        "  {:<24} {:<10} {:>14} {:>12} {:>12} {:>14} {:>5} {:>14}  tình trạng / state",
        "người vay / borrower",
        "ngày vay",
        "vay / principal",
        "gốc / princ.",
        "lãi / int.",
        "dư nợ / outst.",
        "DPD",
        "xóa / w-off",
    );
    for row in &r.loan_rows {
        println!(
            "  {:<24} {:<10} {:>14} {:>12} {:>12} {:>14} {:>5} {:>14}  {}",
            row.borrower_name,
            d(row.disbursed_on),
            format_dong(row.principal),
            format_dong(row.principal_repaid),
            format_dong(row.interest_repaid),
            format_dong(row.outstanding),
            row.days_past_due,
            format_dong(row.written_off),
            match row.state {
                LoanState::Active => "đang vay / active",
                LoanState::Repaid => "đã trả hết / repaid",
                LoanState::WrittenOff => "đã xóa nợ / written off",
            }
        );
    }

    let s = &r.savings;
    println!("\nTiết kiệm / Savings");
    println!(
        "  {}opening {}, deposits {}, withdrawals {}, closing {}; savers {}",
        label("Tiết kiệm thành viên", "members' savings"),
        format_dong(s.opening),
        format_dong(s.deposits),
        format_dong(s.withdrawals),
        format_dong(s.closing),
        s.savers
    );

    let h = &r.home_care;
    println!("\nChăm sóc tại nhà / Home care");
    println!(
        "  {}{} ({} visited)",
        label("Tình nguyện viên", "volunteers"),
        h.volunteers,
        h.volunteers_visiting
    );
    println!(
        "  {}{} ({} visited)",
        label("Người được chăm sóc", "care recipients"),
        h.recipients,
        h.recipients_visited
    );
    println!(
        "  {}{}, {}; {} voided",
        label("Lượt thăm", "visits"),
        h.visits,
        format_minutes(h.visit_minutes),
        h.visits_voided
    );
    println!(
        "  {}{}: hypertension {}, crisis {}",
        label("Đo huyết áp khi thăm", "readings on visits"),
        h.readings,
        h.hypertension,
        h.crisis
    );
    for p in &h.recipients_not_visited {
        println!(
            "  {}{} ({}), last visit {}",
            label("Chưa được thăm", "not visited"),
            p.name,
            p.hamlet,
            p.last_visit_on.map_or_else(|| "never".to_string(), d)
        );
    }

    let mt = &r.meetings;
    println!("\nSinh hoạt / Meetings");
    for m in &mt.meetings {
        println!(
            "  {}  {:<40} {} attending, {} readings ({} hypertension, {} crisis)",
            d(m.held_on),
            m.topic,
            m.attendees,
            m.readings,
            m.hypertension,
            m.crisis
        );
    }
    println!(
        "  {}{}; people {}",
        label("Thành viên được đo huyết áp", "members checked"),
        mt.members_checked,
        mt.people_checked
    );
    for f in &r.flagged_readings {
        println!(
            "  {}{} {} {}/{} {} ({})",
            label("Huyết áp cao", "flagged reading"),
            f.name,
            d(f.on),
            f.systolic,
            f.diastolic,
            match f.flag {
                BpFlag::HypertensiveCrisis => "cơn tăng huyết áp / crisis",
                _ => "tăng huyết áp / hypertension",
            },
            match f.source {
                ReadingSource::Visit => "visit",
                ReadingSource::Meeting => "meeting",
            }
        );
    }

    let m = &r.members;
    println!("\nThành viên / Members");
    println!(
        "  {}{}",
        label("Đầu tháng", "at the month's start"),
        m.at_start
    );
    for j in &m.joined {
        println!("  {}{} ({})", label("Vào", "joined"), j.name, d(j.on));
    }
    for x in &m.left {
        println!(
            "  {}{} ({}): {}",
            label("Ra", "left"),
            x.name,
            d(x.on),
            x.reason.as_deref().unwrap_or("")
        );
    }
    println!(
        "  {}{}",
        label("Cuối tháng", "at the month's end"),
        m.at_end
    );
    let c = &m.composition;
    println!(
        "  {}{}: women {}, aged 60+ {}, under 60 {}",
        label("Cơ cấu thành viên", "composition"),
        yes_no(m.composition_met),
        c.women,
        c.older,
        c.younger
    );
}
