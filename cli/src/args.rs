//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The ISHC club book: members, home-care visits, savings, loans and funds.
#[derive(Debug, Parser)]
#[command(name = "ishc", version, about)]
pub struct Cli {
    /// The club database file (created if missing).
    #[arg(long, global = true, env = "ISHC_DB", default_value = "ishc.db")]
    pub db: PathBuf,
    /// Print JSON instead of tables (lists as JSON arrays).
    #[arg(long, global = true)]
    pub json: bool,
    /// This device's id, recorded on every change.
    #[arg(long, global = true, env = "ISHC_DEVICE", default_value = "cli")]
    pub device: String,
    /// The member acting (id or a name matching one person), recorded as the
    /// author of every change. Money needs a treasurer or chair, visits a
    /// home-care volunteer or chair. Without it, changes are local
    /// administration (`admin:cli`): setting up the club and its members.
    #[arg(long = "as", global = true, env = "ISHC_AS")]
    pub acting: Option<String>,
    /// Club id, when the database holds several clubs.
    #[arg(long, global = true)]
    pub club: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a month of a club's field work on the sample roster and print the results.
    Demo {
        /// Keep the demo database in this new file (default: a temporary file, removed after).
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// Create and show clubs.
    #[command(subcommand)]
    Club(ClubCmd),
    /// Register, list, show and import members.
    #[command(subcommand)]
    Member(MemberCmd),
    /// Log and list home-care visits.
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Care recipients due for a visit.
    #[command(subcommand)]
    Recipients(RecipientsCmd),
    /// Disburse, repay, reverse and show loans.
    #[command(subcommand)]
    Loan(LoanCmd),
    /// Members' savings: deposits, withdrawals, passbooks.
    #[command(subcommand)]
    Savings(SavingsCmd),
    /// The club's income-generation and activity funds.
    #[command(subcommand)]
    Fund(FundCmd),
    /// The club's composition against the plan's rules.
    Composition {
        /// Reference date (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// The plan's indicators (chỉ tiêu) for the club over a period, or with
    /// --province for every club of a province in this database, against the
    /// plans' targets.
    Indicators {
        /// First day, 2025-01-01 or 01/01/2025 (default 1 January this year).
        #[arg(long)]
        from: Option<String>,
        /// Last day (default today).
        #[arg(long)]
        to: Option<String>,
        /// A province's code (2025 units, e.g. 75 for Đồng Nai): its indicators across every club here.
        #[arg(long)]
        province: Option<u32>,
        /// A targets file (CSV, the layout of core/data/plan-targets.csv) instead of the presets.
        #[arg(long, requires = "province")]
        targets: Option<PathBuf>,
    },
    /// Reports: the club's monthly report (báo cáo tháng) on the terminal, as an
    /// Excel workbook or as a printable page.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Monthly meetings.
    #[command(subcommand)]
    Meeting(MeetingCmd),
    /// Activities in the club's areas.
    #[command(subcommand)]
    Activity(ActivityCmd),
    /// The local change log (operations waiting to sync).
    Log {
        /// Only operations not yet sent.
        #[arg(long)]
        unsent: bool,
    },
    /// Enrol this (new, empty) database with the provincial server using a club's one-time code, then sync.
    Enrol {
        /// Server URL, e.g. http://127.0.0.1:8080.
        #[arg(long)]
        server: String,
        /// The club's one-time enrolment code.
        #[arg(long)]
        code: String,
        /// A name for this device, shown to administrators.
        #[arg(long, default_value = "ishc-cli")]
        name: String,
    },
    /// Push this device's changes to the server and pull the others'.
    Sync {
        /// Only if no backoff after a failure is pending.
        #[arg(long)]
        if_due: bool,
    },
    /// Sync state: operations waiting, rejected operations with reasons, conflicts.
    Status,
    /// Values that lost a concurrent edit: list, restore or dismiss.
    #[command(subcommand)]
    Conflicts(ConflictsCmd),
    /// Back up the database with SQLite's backup API.
    Backup {
        /// Destination file.
        dest: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// The club's monthly report: funds, loans, savings, home care, meetings,
    /// members who joined and left. Printed when no file is given.
    Monthly {
        /// The month, 2026-03 or 03/2026.
        #[arg(long)]
        month: String,
        /// Write the report as an Excel workbook (one sheet per table) to this file.
        #[arg(long)]
        xlsx: Option<PathBuf>,
        /// Write the report as a printable HTML page (A4) to this file.
        #[arg(long)]
        html: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClubCmd {
    /// Create a club in a commune (official 2025 code).
    Create {
        /// Club name.
        #[arg(long)]
        name: String,
        /// Commune code, e.g. 26425 for Xã Xuân Lộc, Đồng Nai; a pre-2025 code of a
        /// commune merged into one in 2025 is stored as that commune.
        #[arg(long)]
        commune: u32,
        /// Founding date (default today).
        #[arg(long)]
        founded: Option<String>,
        /// Activity areas (repeat); default the plan's eight.
        #[arg(long = "area")]
        areas: Vec<String>,
    },
    /// Show the club.
    Show,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SexArg {
    Male,
    Female,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HouseholdArg {
    Poor,
    NearPoor,
    Neither,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Chair,
    ViceChair,
    Treasurer,
    Accountant,
    HomeCareVolunteer,
    CareRecipient,
    BoardMember,
}

#[derive(Debug, Args)]
pub struct MemberFields {
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// Sex.
    #[arg(long, value_enum)]
    pub sex: SexArg,
    /// Birth year (1950) or date (1950-03-21 or 21/03/1950).
    #[arg(long)]
    pub birth: String,
    /// Ethnic group name (default Kinh).
    #[arg(long, default_value = "Kinh")]
    pub ethnicity: String,
    /// Household status.
    #[arg(long, value_enum, default_value = "neither")]
    pub household: HouseholdArg,
    /// Hamlet or residential group.
    #[arg(long, default_value = "")]
    pub hamlet: String,
    /// Phone as written.
    #[arg(long)]
    pub phone: Option<String>,
    /// Join date (default today).
    #[arg(long)]
    pub joined: Option<String>,
    /// Roles (repeat).
    #[arg(long = "role", value_enum)]
    pub roles: Vec<RoleArg>,
    /// Has a disability.
    #[arg(long)]
    pub disabled: bool,
    /// Lives alone.
    #[arg(long)]
    pub lives_alone: bool,
    /// Register as a care recipient who is not a club member.
    #[arg(long)]
    pub recipient_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Register a member or a care recipient.
    Add(MemberFields),
    /// List members in Vietnamese order by given name, with balances.
    List {
        /// Search names ignoring case and diacritics, or phone digits.
        #[arg(long)]
        search: Option<String>,
        /// Include people who left.
        #[arg(long)]
        include_left: bool,
    },
    /// Show a member with their savings and loans.
    Show {
        /// Member id or a name matching one person.
        member: String,
    },
    /// Read a roster (.xlsx or .csv); with --apply, import it.
    Import {
        /// The roster file.
        file: PathBuf,
        /// Import the rows that can be taken, in one transaction.
        #[arg(long)]
        apply: bool,
        /// Join date for imported members (default today).
        #[arg(long)]
        joined: Option<String>,
    },
    /// Record that a member left.
    Leave {
        /// Member id or name.
        member: String,
        /// Leave date (default today).
        #[arg(long)]
        on: Option<String>,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Set a member's roles (replacing the current ones).
    Roles {
        /// Member id or name.
        member: String,
        /// Roles (repeat; none clears them).
        #[arg(long = "role", value_enum)]
        roles: Vec<RoleArg>,
    },
    /// Possible duplicate registrations.
    Duplicates,
    /// Merge a possible duplicate: keep one record, fold the other into it.
    Merge {
        /// Flag id.
        flag: String,
        /// The member id to keep.
        #[arg(long)]
        keep: String,
    },
    /// Dismiss a possible duplicate (two different people).
    Dismiss {
        /// Flag id.
        flag: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ServiceArg {
    PersonalCare,
    Housework,
    HealthMonitoring,
    Companionship,
    ClinicOrReferral,
    Entitlements,
    Other,
}

#[derive(Debug, Subcommand)]
pub enum VisitCmd {
    /// Log a home-care visit.
    Log {
        /// Volunteer id or name.
        #[arg(long)]
        volunteer: String,
        /// Recipient id or name.
        #[arg(long)]
        recipient: String,
        /// Start: RFC 3339 (2026-03-02T08:30:00+07:00) or "2026-03-02 08:30" in Vietnam time (default now).
        #[arg(long)]
        at: Option<String>,
        /// Duration in minutes.
        #[arg(long, default_value_t = 60)]
        minutes: u32,
        /// Services delivered (repeat).
        #[arg(long = "service", value_enum, required = true)]
        services: Vec<ServiceArg>,
        /// Blood pressure systolic/diastolic mmHg, e.g. 150/95.
        #[arg(long)]
        bp: Option<String>,
        /// Pulse per minute.
        #[arg(long)]
        pulse: Option<u16>,
        /// Blood glucose mmol/L.
        #[arg(long)]
        glucose: Option<f64>,
        /// Weight kg.
        #[arg(long)]
        weight: Option<f64>,
        /// Notes.
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// List visits, newest first.
    List {
        /// Only this recipient (id or name).
        #[arg(long)]
        recipient: Option<String>,
    },
    /// Void a visit logged by mistake (the record stays, marked void).
    Void {
        /// Visit id.
        visit: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecipientsCmd {
    /// Recipients not visited in the last N days.
    Due {
        /// Days (default 7).
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// Reference date (default today).
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MethodArg {
    Flat,
    Declining,
}

#[derive(Debug, Subcommand)]
pub enum LoanCmd {
    /// Disburse a loan from the income-generation fund.
    Disburse {
        /// Borrower id or name.
        #[arg(long)]
        borrower: String,
        /// Principal as people write it: 5tr, 5.000.000, 5 triệu.
        #[arg(long, allow_hyphen_values = true)]
        principal: String,
        /// Term in months.
        #[arg(long)]
        months: u32,
        /// Monthly interest rate: 1%, 0,8%, 0.5.
        #[arg(long)]
        rate: String,
        /// Interest method.
        #[arg(long, value_enum, default_value = "flat")]
        method: MethodArg,
        /// Purpose.
        #[arg(long, default_value = "")]
        purpose: String,
        /// Disbursement date (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Record a repayment.
    Repay {
        /// Loan id.
        loan: String,
        /// Amount as people write it: 1tr5, 500k, 1.500.000.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date paid (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Reverse a repayment or a disbursement entry recorded by mistake.
    Reverse {
        /// Journal entry id.
        entry: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Date (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Write off a loan's outstanding principal.
    WriteOff {
        /// Loan id.
        loan: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Date (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Show a loan with its schedule and what is overdue.
    Show {
        /// Loan id.
        loan: String,
        /// Position date (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// List loans, overdue first, with portfolio at risk.
    List {
        /// Position date (default today).
        #[arg(long)]
        on: Option<String>,
        /// Include repaid, written-off and reversed loans.
        #[arg(long)]
        all: bool,
    },
    /// Read a treasurer's loan book (sổ cho vay vốn quay vòng, .xlsx or .csv):
    /// show the loans and repayments it would create and every row it cannot
    /// take; with --apply, import them in one transaction.
    Import {
        /// The loan book file.
        file: PathBuf,
        /// Import the loans that can be taken, in one transaction.
        #[arg(long)]
        apply: bool,
        /// Year of month columns that do not name one (T1 … T12); overrides
        /// the year in the title (NĂM 2026).
        #[arg(long)]
        year: Option<i32>,
        /// Interest method of loans whose row does not state one.
        #[arg(long, value_enum, default_value = "flat")]
        method: MethodArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum SavingsCmd {
    /// Record a deposit.
    Deposit {
        /// Member id or name.
        member: String,
        /// Amount.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date (default today).
        #[arg(long)]
        on: Option<String>,
        /// Note.
        #[arg(long, default_value = "")]
        memo: String,
    },
    /// Record a withdrawal.
    Withdraw {
        /// Member id or name.
        member: String,
        /// Amount.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date (default today).
        #[arg(long)]
        on: Option<String>,
        /// Note.
        #[arg(long, default_value = "")]
        memo: String,
    },
    /// Print a member's passbook.
    Statement {
        /// Member id or name.
        member: String,
    },
    /// Reverse a savings entry recorded by mistake.
    Reverse {
        /// Journal entry id.
        entry: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Date (default today).
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FundArg {
    IncomeGeneration,
    Activity,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FundKindArg {
    Grant,
    Contribution,
    MembershipFee,
    InterestIncome,
    Expense,
}

#[derive(Debug, Subcommand)]
pub enum FundCmd {
    /// Show both funds' balances, or one fund's statement.
    Show {
        /// One fund's statement.
        #[arg(long, value_enum)]
        fund: Option<FundArg>,
    },
    /// Record an inflow or an expense.
    Add {
        /// Fund.
        #[arg(long, value_enum)]
        fund: FundArg,
        /// Kind.
        #[arg(long, value_enum)]
        kind: FundKindArg,
        /// Amount.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// What for.
        #[arg(long, default_value = "")]
        memo: String,
        /// Date (default today).
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum MeetingCmd {
    /// Record a meeting: attendees as ID or name, optionally with a reading: "Name=150/95".
    Record {
        /// Date held (default today).
        #[arg(long)]
        on: Option<String>,
        /// Topic.
        #[arg(long)]
        topic: String,
        /// Attendee (repeat), `ID` or `ID=SYS/DIA`.
        #[arg(long = "attendee")]
        attendees: Vec<String>,
    },
    /// List meetings in a period.
    List {
        /// From (default 1 January this year).
        #[arg(long)]
        from: Option<String>,
        /// To (default today).
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActivityCmd {
    /// Record an activity in one of the club's areas.
    Record {
        /// Area key, e.g. health_care.
        #[arg(long)]
        area: String,
        /// What was done.
        #[arg(long)]
        title: String,
        /// Participants.
        #[arg(long)]
        participants: u32,
        /// Date (default today).
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCmd {
    /// List open conflicts.
    List,
    /// Restore the losing value (a new edit that wins).
    Restore {
        /// Conflict id.
        id: String,
    },
    /// Keep the current value.
    Dismiss {
        /// Conflict id.
        id: String,
    },
}
