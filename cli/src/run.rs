//! Running one command against the store.

use crate::args::*;
use crate::input::{self, date_or, person};
use crate::output;
use ishc_core::clock::SystemClock;
use ishc_core::error::Result;
use ishc_core::indicators::targets::PLANS;
use ishc_core::indicators::{
    preset_targets, province_indicators, read_targets_csv, Period, Target,
};
use ishc_core::model::{Fund, InterestMethod, Membership, Vitals};
use ishc_core::ops::{Attendance, DuplicateResolution, EntryKind, MemberPatch};
use ishc_core::roster::RosterRow;
use ishc_core::store::*;
use std::sync::Arc;

pub fn run(cli: Cli) -> Result<()> {
    if let Command::Demo { keep } = &cli.command {
        return crate::demo::run(keep.as_deref(), cli.json);
    }
    match &cli.command {
        Command::Enrol { server, code, name } => {
            return crate::sync::enrol(&cli, server, code, name)
        }
        Command::Sync { if_due } => return crate::sync::sync(&cli, *if_due),
        Command::Status => return crate::sync::status(&cli),
        _ => {}
    }
    let mut store = Store::open(&cli.db, &cli.device, Arc::new(SystemClock))?;
    store.set_author("admin:cli");
    let today = store.today();
    let json = cli.json;
    if let Command::Club(ClubCmd::Create {
        name,
        commune,
        founded,
        areas,
    }) = &cli.command
    {
        let club = store.create_club(NewClub {
            name: name.clone(),
            commune_code: *commune,
            founded_on: date_or("founded", founded, today)?,
            activity_areas: if areas.is_empty() {
                None
            } else {
                Some(areas.clone())
            },
        })?;
        return show_club(&club, json);
    }
    if let Command::Indicators {
        from,
        to,
        province: Some(code),
        targets,
    } = &cli.command
    {
        let period = indicators_period(from, to, today)?;
        let targets = match targets {
            Some(path) => read_targets(path)?,
            None => PLANS.iter().flat_map(|p| preset_targets(p)).collect(),
        };
        let p = province_indicators(store.connection(), *code, period, &targets)?;
        if json {
            output::json(&p);
        } else {
            output::province_indicators(&p);
        }
        return Ok(());
    }
    let club = match &cli.club {
        Some(id) => store.club(id)?,
        None => store.the_club()?,
    };
    let cid = club.id.clone();
    if let Some(who) = &cli.acting {
        let id = person(&store, &cid, "as", who)?;
        store.set_author(&id);
    }
    match cli.command {
        // Handled before the club is resolved.
        Command::Demo { .. }
        | Command::Club(ClubCmd::Create { .. })
        | Command::Enrol { .. }
        | Command::Sync { .. }
        | Command::Status => {}
        Command::Conflicts(cmd) => crate::sync::conflicts(&mut store, cmd, json)?,
        Command::Club(ClubCmd::Show) => show_club(&club, json)?,
        Command::Member(cmd) => member(&mut store, &cid, cmd, json)?,
        Command::Visit(cmd) => visit(&mut store, &cid, cmd, json)?,
        Command::Recipients(RecipientsCmd::Due { days, on }) => {
            let due = store.recipients_due(&cid, date_or("on", &on, today)?, days)?;
            if json {
                output::json(&due);
            } else {
                for r in &due {
                    let since = r
                        .days_since
                        .map(|n| format!("{n} days since last visit"))
                        .unwrap_or_else(|| "never visited".into());
                    println!(
                        "{:<24} {:<14} {}",
                        r.member.full_name, r.member.hamlet, since
                    );
                }
                println!(
                    "{} due for a visit",
                    output::count(due.len(), "recipient", "recipients")
                );
            }
        }
        Command::Loan(cmd) => loan(&mut store, &cid, cmd, json)?,
        Command::Savings(cmd) => savings(&mut store, &cid, cmd, json)?,
        Command::Fund(FundCmd::Show { fund }) => match fund {
            Some(f) => {
                let st = store.fund_statement(&cid, fund_of(f))?;
                if json {
                    output::json(&st);
                } else {
                    for l in &st.lines {
                        println!(
                            "{}  {:<18} {:>14} {:>14}  {}",
                            output::d(l.entry.entry_on),
                            l.entry.kind.as_str(),
                            ishc_core::money::format_dong(l.entry.amount),
                            ishc_core::money::format_dong(l.balance),
                            l.entry.memo
                        );
                    }
                    println!("Balance: {}", ishc_core::money::format_dong(st.balance));
                }
            }
            None => {
                let ig = store.fund_balance(&cid, Fund::IncomeGeneration)?;
                let ac = store.fund_balance(&cid, Fund::Activity)?;
                if json {
                    output::json(&serde_json::json!({ "income_generation": ig, "activity": ac }));
                } else {
                    println!(
                        "Income-generation fund (quỹ vốn quay vòng): {}",
                        ishc_core::money::format_dong(ig)
                    );
                    println!(
                        "Activity fund (quỹ hoạt động): {}",
                        ishc_core::money::format_dong(ac)
                    );
                }
            }
        },
        Command::Fund(FundCmd::Add {
            fund,
            kind,
            amount,
            memo,
            on,
        }) => {
            let e = store.record_fund_entry(
                &cid,
                NewFundEntry {
                    fund: fund_of(fund),
                    kind: match kind {
                        FundKindArg::Grant => EntryKind::Grant,
                        FundKindArg::Contribution => EntryKind::Contribution,
                        FundKindArg::MembershipFee => EntryKind::MembershipFee,
                        FundKindArg::InterestIncome => EntryKind::InterestIncome,
                        FundKindArg::Expense => EntryKind::Expense,
                    },
                    amount: input::amount("amount", &amount)?,
                    entry_on: date_or("on", &on, today)?,
                    memo,
                    member_id: None,
                },
            )?;
            if json {
                output::json(&e);
            } else {
                println!(
                    "Recorded {} {} (entry {})",
                    e.kind.as_str(),
                    ishc_core::money::format_dong(e.amount),
                    e.id
                );
            }
        }
        Command::Indicators { from, to, .. } => {
            let x = store.club_indicators(&cid, indicators_period(&from, &to, today)?)?;
            if json {
                output::json(&x);
            } else {
                output::club_indicators(&x);
            }
        }
        Command::Report(ReportCmd::Monthly { month, xlsx, html }) => {
            let (year, m) = input::month("month", &month)?;
            let r = store.monthly_report(&cid, year, m)?;
            let mut wrote = vec![];
            if let Some(path) = &xlsx {
                let bytes = ishc_reports::monthly::workbook(&r, today).map_err(report_error)?;
                write_file(path, &bytes)?;
                wrote.push(path);
            }
            if let Some(path) = &html {
                let page = ishc_reports::monthly::html(&r, today).map_err(report_error)?;
                write_file(path, page.as_bytes())?;
                wrote.push(path);
            }
            if json {
                output::json(&r);
            } else if wrote.is_empty() {
                output::monthly_report(&r);
            } else {
                for path in wrote {
                    println!("Đã ghi / Wrote {}", path.display());
                }
            }
        }
        Command::Composition { on } => {
            let c = store.composition(&cid, date_or("on", &on, today)?)?;
            if json {
                output::json(&c);
            } else {
                output::composition(&c);
            }
        }
        Command::Meeting(MeetingCmd::Record {
            on,
            topic,
            attendees,
        }) => {
            let mut list = vec![];
            for (i, a) in attendees.iter().enumerate() {
                let field = format!("attendees[{i}]");
                let (who, bp) = match a.split_once('=') {
                    Some((w, bp)) => (w, Some(ishc_core::input::parse_bp(&field, bp)?)),
                    None => (a.as_str(), None),
                };
                list.push(Attendance {
                    member_id: person(&store, &cid, &field, who)?,
                    systolic: bp.map(|b| b.0),
                    diastolic: bp.map(|b| b.1),
                });
            }
            let m = store.record_meeting(
                &cid,
                NewMeeting {
                    held_on: date_or("on", &on, today)?,
                    topic,
                    attendees: list,
                },
            )?;
            if json {
                output::json(&m);
            } else {
                println!(
                    "Meeting on {} recorded with {} attendees (id {})",
                    output::d(m.held_on),
                    m.attendees.len(),
                    m.id
                );
            }
        }
        Command::Meeting(MeetingCmd::List { from, to }) => {
            use chrono::Datelike;
            let from = date_or(
                "from",
                &from,
                chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
            )?;
            let list = store.meetings(&cid, from, date_or("to", &to, today)?)?;
            if json {
                output::json(&list);
            } else {
                for m in &list {
                    println!(
                        "{}  {:<40} {} attendees",
                        output::d(m.held_on),
                        m.topic,
                        m.attendees.len()
                    );
                }
            }
        }
        Command::Activity(ActivityCmd::Record {
            area,
            title,
            participants,
            on,
        }) => {
            let a = store.record_activity(
                &cid,
                &area,
                date_or("on", &on, today)?,
                &title,
                participants,
            )?;
            if json {
                output::json(&a);
            } else {
                println!("Activity recorded (id {})", a.id);
            }
        }
        Command::Log { unsent } => {
            let log = store.change_log(unsent)?;
            if json {
                output::json(&log);
            } else {
                for op in &log {
                    println!(
                        "{:>5} {} {:<15} {} {}",
                        op.seq,
                        op.hlc,
                        op.entity,
                        op.entity_id,
                        if op.sent_at.is_some() {
                            "sent"
                        } else {
                            "pending"
                        }
                    );
                }
            }
        }
        Command::Backup { dest } => {
            store.backup_to(&dest)?;
            if !json {
                println!("Backed up to {}", dest.display());
            }
        }
    }
    Ok(())
}

/// A report writer's failure: a program error (a table's shape) or the
/// workbook writer's, reported as an IO failure with its code.
fn report_error(e: ishc_reports::ReportError) -> ishc_core::Error {
    ishc_core::Error::Io(std::io::Error::other(format!("{} [{}]", e, e.code())))
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file
/// beside it, then renamed over it.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = std::path::PathBuf::from(tmp);
    let done = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(done?)
}

/// The period of `--from` and `--to`: by default 1 January of this year to today.
fn indicators_period(
    from: &Option<String>,
    to: &Option<String>,
    today: chrono::NaiveDate,
) -> Result<Period> {
    use chrono::Datelike;
    let start = chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    Ok(Period::new(
        date_or("from", from, start)?,
        date_or("to", to, today)?,
    )?)
}

/// A province's targets file: every bad row is printed, and the first one
/// refuses the command (a target silently dropped would show as missing).
fn read_targets(path: &std::path::Path) -> Result<Vec<Target>> {
    let report = read_targets_csv(&std::fs::read(path)?)?;
    for p in &report.problems {
        eprintln!(
            "line {}: {}: {} [{}]",
            p.sheet_row, p.field, p.message, p.code
        );
    }
    match report.problems.first() {
        Some(p) => Err(ishc_core::FieldError::new(
            &p.code,
            &format!("targets line {}.{}", p.sheet_row, p.field),
            p.message.clone(),
        )
        .into()),
        None => Ok(report.targets),
    }
}

fn fund_of(f: FundArg) -> Fund {
    match f {
        FundArg::IncomeGeneration => Fund::IncomeGeneration,
        FundArg::Activity => Fund::Activity,
    }
}

fn method_of(m: MethodArg) -> InterestMethod {
    match m {
        MethodArg::Flat => InterestMethod::Flat,
        MethodArg::Declining => InterestMethod::DecliningBalance,
    }
}

fn show_club(c: &Club, json: bool) -> Result<()> {
    if json {
        output::json(c);
    } else {
        println!(
            "{} ({}, {}), founded {}, id {}",
            c.name,
            c.commune_name,
            c.province_name,
            output::d(c.founded_on),
            c.id
        );
        println!("Activity areas: {}", c.activity_areas.join(", "));
    }
    Ok(())
}

/// The registration input for an imported roster row.
pub fn roster_member(r: &RosterRow, joined_on: chrono::NaiveDate) -> NewMember {
    NewMember {
        full_name: r.full_name.clone(),
        sex: r.sex,
        birth: r.birth,
        ethnicity_code: r.ethnicity_code,
        household: r.household,
        disabled: false,
        lives_alone: false,
        hamlet: r.hamlet.clone(),
        phone: r.phone.clone(),
        joined_on,
        roles: r.roles.clone(),
        membership: Membership::Member,
    }
}

fn member(store: &mut Store, cid: &str, cmd: MemberCmd, json: bool) -> Result<()> {
    let today = store.today();
    match cmd {
        MemberCmd::Add(f) => {
            let eth = ishc_core::ethnicity::parse_ethnicity(&f.ethnicity)?;
            let reg = store.register_member(
                cid,
                NewMember {
                    full_name: f.name,
                    sex: input::sex(f.sex),
                    birth: ishc_core::input::parse_birth("birth", &f.birth)?,
                    ethnicity_code: eth.code,
                    household: input::household(f.household),
                    disabled: f.disabled,
                    lives_alone: f.lives_alone,
                    hamlet: f.hamlet,
                    phone: f.phone,
                    joined_on: date_or("joined", &f.joined, today)?,
                    roles: f.roles.into_iter().map(input::role).collect(),
                    membership: if f.recipient_only {
                        Membership::RecipientOnly
                    } else {
                        Membership::Member
                    },
                },
            )?;
            if json {
                output::json(&reg);
            } else {
                println!("Registered {} (id {})", reg.member.full_name, reg.member.id);
                for d in &reg.possible_duplicates {
                    println!("  possible duplicate of {} born {} in {} (id {}): see `ishc member duplicates`", d.full_name, d.birth.year(), d.hamlet, d.id);
                }
            }
        }
        MemberCmd::List {
            search,
            include_left,
        } => {
            let list = store.list_members(cid, search.as_deref(), include_left, today)?;
            if json {
                output::json(&list);
            } else {
                output::members(&list);
            }
        }
        MemberCmd::Show { member } => {
            let id = person(store, cid, "member", &member)?;
            let m = store.member(&id)?;
            let pb = store.passbook(&id)?;
            let loans: Vec<LoanView> = store
                .loans(cid, today, true)?
                .into_iter()
                .filter(|l| l.loan.borrower_id == id)
                .collect();
            if json {
                output::json(&serde_json::json!({ "member": m, "passbook": pb, "loans": loans }));
            } else {
                let sex = if m.sex == ishc_core::model::Sex::Female {
                    "nữ"
                } else {
                    "nam"
                };
                let phone = m
                    .phone
                    .as_deref()
                    .and_then(|p| ishc_core::phone::parse_phone(p).ok())
                    .map(|p| p.display());
                let details: Vec<String> = [
                    Some(sex.to_string()),
                    Some(format!("born {}", m.birth.year())),
                    Some(m.hamlet.clone()),
                    phone,
                ]
                .into_iter()
                .flatten()
                .filter(|d| !d.is_empty())
                .collect();
                println!("{} ({})", m.full_name, details.join(", "));
                output::passbook(&pb);
                for l in &loans {
                    output::loan(l);
                }
            }
        }
        MemberCmd::Import {
            file,
            apply,
            joined,
        } => {
            let joined_on = date_or("joined", &joined, today)?;
            let bar = indicatif::ProgressBar::new(0);
            if json {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            let report = ishc_core::roster::read_roster_file(&file, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
            bar.finish_and_clear();
            let mut registered = vec![];
            if apply {
                let news = report
                    .rows
                    .iter()
                    .map(|r| roster_member(r, joined_on))
                    .collect();
                registered = store.register_members(cid, news)?;
            }
            if json {
                output::json(
                    &serde_json::json!({ "report": report, "applied": apply, "registered": registered.len(),
                    "possible_duplicates": registered.iter().filter(|r| !r.possible_duplicates.is_empty()).map(|r| &r.member.id).collect::<Vec<_>>() }),
                );
            } else {
                println!(
                    "Sheet '{}': {} rows can be imported, {} cannot",
                    report.sheet,
                    report.rows.len(),
                    report.problems.len()
                );
                for r in &report.rows {
                    println!(
                        "  row {:>3}: {} ({}, {}) {}",
                        r.sheet_row,
                        r.full_name,
                        if r.sex == ishc_core::model::Sex::Female {
                            "nữ"
                        } else {
                            "nam"
                        },
                        r.birth.year(),
                        r.hamlet
                    );
                }
                for p in &report.problems {
                    println!(
                        "  row {:>3} CANNOT import: {}: {} [{}]",
                        p.sheet_row, p.field, p.message, p.code
                    );
                }
                if apply {
                    let dups = registered
                        .iter()
                        .filter(|r| !r.possible_duplicates.is_empty())
                        .count();
                    println!(
                        "Imported {} members; {} flagged as possible duplicates",
                        registered.len(),
                        dups
                    );
                } else {
                    println!("Nothing imported: run again with --apply to import the rows that can be taken.");
                }
            }
        }
        MemberCmd::Leave { member, on, reason } => {
            let id = person(store, cid, "member", &member)?;
            let m = store.record_leave(&id, date_or("on", &on, today)?, &reason)?;
            if json {
                output::json(&m);
            } else {
                println!(
                    "{} left on {}",
                    m.full_name,
                    m.left_on.map(output::d).unwrap_or_default()
                );
            }
        }
        MemberCmd::Roles { member, roles } => {
            let id = person(store, cid, "member", &member)?;
            let m = store.update_member(
                &id,
                MemberPatch {
                    roles: Some(roles.into_iter().map(input::role).collect()),
                    ..Default::default()
                },
            )?;
            if json {
                output::json(&m);
            } else {
                println!(
                    "{}: {}",
                    m.full_name,
                    m.roles
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        MemberCmd::Duplicates => {
            let list = store.possible_duplicates(cid)?;
            if json {
                output::json(&list);
            } else {
                for f in &list {
                    println!(
                        "flag {}: {} ({}, {}) id {}  ~  {} ({}, {}) id {}",
                        f.id,
                        f.a.full_name,
                        f.a.birth.year(),
                        f.a.hamlet,
                        f.a.id,
                        f.b.full_name,
                        f.b.birth.year(),
                        f.b.hamlet,
                        f.b.id
                    );
                }
                println!(
                    "{}",
                    output::count(list.len(), "possible duplicate", "possible duplicates")
                );
            }
        }
        MemberCmd::Merge { flag, keep } => {
            let f = store
                .possible_duplicates(cid)?
                .into_iter()
                .find(|f| f.id == flag);
            let merged = match &f {
                Some(f) if f.a.id == keep => f.b.id.clone(),
                Some(f) => f.a.id.clone(),
                None => String::new(),
            };
            store.resolve_duplicate(
                &flag,
                DuplicateResolution::Merged {
                    kept: keep.clone(),
                    merged,
                },
            )?;
            if !json {
                println!("Merged into {keep}");
            }
        }
        MemberCmd::Dismiss { flag } => {
            store.resolve_duplicate(&flag, DuplicateResolution::Dismissed)?;
            if !json {
                println!("Dismissed");
            }
        }
    }
    Ok(())
}

fn visit(store: &mut Store, cid: &str, cmd: VisitCmd, json: bool) -> Result<()> {
    match cmd {
        VisitCmd::Log {
            volunteer,
            recipient,
            at,
            minutes,
            services,
            bp,
            pulse,
            glucose,
            weight,
            notes,
        } => {
            let started_at = match at {
                Some(a) => ishc_core::input::parse_instant("at", &a)?,
                None => chrono::Utc::now().with_timezone(&ishc_core::model::vietnam_offset()),
            };
            let bp = bp
                .map(|b| ishc_core::input::parse_bp("bp", &b))
                .transpose()?;
            let v = store.log_visit(NewVisit {
                volunteer_id: person(store, cid, "volunteer", &volunteer)?,
                recipient_id: person(store, cid, "recipient", &recipient)?,
                started_at,
                duration_min: minutes,
                services: services.into_iter().map(input::service).collect(),
                vitals: Vitals {
                    systolic: bp.map(|b| b.0),
                    diastolic: bp.map(|b| b.1),
                    pulse,
                    glucose_mmol_l: glucose,
                    weight_kg: weight,
                },
                notes,
            })?;
            if json {
                output::json(&v);
            } else {
                output::visit(&v);
                println!("visit id {}", v.record.id);
            }
        }
        VisitCmd::List { recipient } => {
            let rid = recipient
                .map(|r| person(store, cid, "recipient", &r))
                .transpose()?;
            let list = store.visits(cid, rid.as_deref(), None, None)?;
            if json {
                output::json(&list);
            } else {
                for v in &list {
                    output::visit(v);
                }
                println!("{}", output::count(list.len(), "visit", "visits"));
            }
        }
        VisitCmd::Void { visit, reason } => {
            let v = store.void_visit(&visit, &reason)?;
            if json {
                output::json(&v);
            } else {
                output::visit(&v);
            }
        }
    }
    Ok(())
}

fn loan(store: &mut Store, cid: &str, cmd: LoanCmd, json: bool) -> Result<()> {
    let today = store.today();
    match cmd {
        LoanCmd::Disburse {
            borrower,
            principal,
            months,
            rate,
            method,
            purpose,
            on,
        } => {
            let v = store.disburse_loan(NewLoan {
                borrower_id: person(store, cid, "borrower", &borrower)?,
                principal: input::amount("principal", &principal)?,
                disbursed_on: date_or("on", &on, today)?,
                term_months: months,
                monthly_rate_bp: ishc_core::input::parse_rate_bp("rate", &rate)?,
                method: method_of(method),
                purpose,
            })?;
            if json {
                output::json(&v);
            } else {
                output::loan(&v);
            }
        }
        LoanCmd::Repay { loan, amount, on } => {
            let r = store.repay_loan(
                &loan,
                input::amount("amount", &amount)?,
                date_or("on", &on, today)?,
            )?;
            if json {
                output::json(&r);
            } else {
                println!(
                    "Repayment {} recorded on {} (entry {})",
                    ishc_core::money::format_dong(r.entry.amount),
                    output::d(r.entry.entry_on),
                    r.entry.id
                );
                output::loan(&store.loan(
                    &r.entry.loan_id.clone().unwrap_or_default(),
                    r.entry.entry_on,
                )?);
            }
        }
        LoanCmd::Reverse { entry, reason, on } => {
            let e = store.reverse_entry(&entry, &reason, date_or("on", &on, today)?)?;
            if json {
                output::json(&e);
            } else {
                println!(
                    "Reversed entry {} with {} (entry {})",
                    entry,
                    ishc_core::money::format_dong(e.amount),
                    e.id
                );
            }
        }
        LoanCmd::WriteOff { loan, reason, on } => {
            let v = store.write_off_loan(&loan, date_or("on", &on, today)?, &reason)?;
            if json {
                output::json(&v);
            } else {
                output::loan(&v);
            }
        }
        LoanCmd::Show { loan, on } => {
            let v = store.loan(&loan, date_or("on", &on, today)?)?;
            if json {
                output::json(&v);
            } else {
                output::loan(&v);
            }
        }
        LoanCmd::Import {
            file,
            apply,
            year,
            method,
        } => {
            let options = ishc_core::loan_import::LoanBookOptions {
                year,
                default_method: method_of(method),
            };
            let bar = indicatif::ProgressBar::new(0);
            if json {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            let book = ishc_core::loan_import::read_loan_book_file(
                &file,
                &options,
                &mut |done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                },
            )?;
            bar.finish_and_clear();
            let plan = store.plan_loan_import(cid, &book)?;
            if !json {
                output::loan_import_plan(&plan, apply);
            }
            let imported = if apply {
                Some(store.import_loans(cid, &plan)?)
            } else {
                None
            };
            if json {
                output::json(&serde_json::json!({
                    "plan": plan,
                    "applied": apply,
                    "imported": imported,
                }));
            } else if let Some(s) = &imported {
                output::loan_import_summary(s);
            }
        }
        LoanCmd::List { on, all } => {
            let on = date_or("on", &on, today)?;
            let list = store.loans(cid, on, all)?;
            if json {
                output::json(&list);
            } else {
                output::loans(&list, &store.portfolio_at_risk(cid, on, 30)?);
            }
        }
    }
    Ok(())
}

fn savings(store: &mut Store, cid: &str, cmd: SavingsCmd, json: bool) -> Result<()> {
    let today = store.today();
    let e = match cmd {
        SavingsCmd::Deposit {
            member,
            amount,
            on,
            memo,
        } => {
            let id = person(store, cid, "member", &member)?;
            store.deposit(
                &id,
                input::amount("amount", &amount)?,
                date_or("on", &on, today)?,
                &memo,
            )?
        }
        SavingsCmd::Withdraw {
            member,
            amount,
            on,
            memo,
        } => {
            let id = person(store, cid, "member", &member)?;
            store.withdraw(
                &id,
                input::amount("amount", &amount)?,
                date_or("on", &on, today)?,
                &memo,
            )?
        }
        SavingsCmd::Reverse { entry, reason, on } => {
            store.reverse_entry(&entry, &reason, date_or("on", &on, today)?)?
        }
        SavingsCmd::Statement { member } => {
            let id = person(store, cid, "member", &member)?;
            let pb = store.passbook(&id)?;
            if json {
                output::json(&pb);
            } else {
                output::passbook(&pb);
            }
            return Ok(());
        }
    };
    if json {
        output::json(&e);
    } else {
        let bal = store.savings_balance(e.member_id.as_deref().unwrap_or_default())?;
        println!(
            "Recorded {} {} (entry {}); balance {}",
            e.kind.as_str(),
            ishc_core::money::format_dong(e.amount),
            e.id,
            ishc_core::money::format_dong(bal)
        );
    }
    Ok(())
}
