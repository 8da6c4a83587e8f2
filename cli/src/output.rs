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
