//! Records and enums shaped for the apps' screens.
//!
//! Conventions, the same in every record:
//! - money is [`Money`]: `dong`, an `i64` amount in đồng, and `text`, the
//!   same amount formatted as Vietnamese write it (`1.500.000 ₫`);
//! - a calendar date is an ISO 8601 string `YYYY-MM-DD` (Vietnam's calendar
//!   date; never a timestamp). Inputs also accept `DD/MM/YYYY`;
//! - an instant is an RFC 3339 string with its offset
//!   (`2026-03-02T08:30:00+07:00`); inputs also accept a local Vietnam time
//!   `2026-03-02 08:30`, taken at +07:00;
//! - ids are UUIDv7 strings.

use chrono::NaiveDate;
use ishc_core::composition::CompositionReport;
use ishc_core::loan::{InstallmentStatus, LoanPosition};
use ishc_core::model as m;
use ishc_core::ops;
use ishc_core::store as s;

/// An amount of money: đồng and the formatted text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Money {
    /// Amount in đồng (negative for an outflow where a record says so).
    pub dong: i64,
    /// The amount formatted for display, `1.500.000 ₫`.
    pub text: String,
}

impl From<i64> for Money {
    fn from(dong: i64) -> Self {
        Money {
            dong,
            text: ishc_core::money::format_dong(dong),
        }
    }
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.to_string()
}

pub(crate) fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(date)
}

/// Sex (*giới tính*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Sex {
    /// *Nam*.
    Male,
    /// *Nữ*.
    Female,
}

/// Household poverty status (*hoàn cảnh*), Decree 07/2021/NĐ-CP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Household {
    /// *Hộ nghèo*.
    Poor,
    /// *Hộ cận nghèo*.
    NearPoor,
    /// Neither.
    Neither,
}

/// A role in the club.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Role {
    /// *Chủ nhiệm*.
    Chair,
    /// *Phó chủ nhiệm*.
    ViceChair,
    /// *Thủ quỹ*: records money.
    Treasurer,
    /// *Kế toán*.
    Accountant,
    /// *Tình nguyện viên chăm sóc tại nhà*: logs visits.
    HomeCareVolunteer,
    /// *Người được chăm sóc*.
    CareRecipient,
    /// *Thành viên ban chủ nhiệm*.
    BoardMember,
}

/// A club member, or an older non-member registered only to receive care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Membership {
    /// A club member.
    Member,
    /// A care recipient who is not a member.
    RecipientOnly,
}

/// One of the club's two funds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Fund {
    /// *Quỹ tăng thu nhập*: the revolving loan fund.
    IncomeGeneration,
    /// *Quỹ hoạt động*.
    Activity,
}

/// A loan's interest method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum InterestMethod {
    /// *Lãi phẳng*: interest on the original principal.
    Flat,
    /// *Dư nợ giảm dần*: interest on the principal still outstanding.
    DecliningBalance,
}

/// A home-care service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Service {
    /// *Chăm sóc cá nhân*.
    PersonalCare,
    /// *Việc nhà*.
    Housework,
    /// *Theo dõi sức khỏe*.
    HealthMonitoring,
    /// *Trò chuyện, động viên*.
    Companionship,
    /// *Đưa đi khám, chuyển tuyến*.
    ClinicOrReferral,
    /// *Hỗ trợ tiếp cận chính sách*.
    Entitlements,
    /// *Khác*.
    Other,
}

/// The blood-pressure flag of a reading (a prompt to refer, not a diagnosis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum BpFlag {
    /// Below 140/90 mmHg.
    Normal,
    /// 140/90 mmHg or above (*tăng huyết áp*).
    Hypertension,
    /// 180/120 mmHg or above (*cơn tăng huyết áp*): refer now.
    HypertensiveCrisis,
}

/// A loan's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LoanStatus {
    /// Still owes.
    Active,
    /// Fully repaid.
    Repaid,
    /// Written off (*xóa nợ*).
    WrittenOff,
    /// Its disbursement was reversed.
    Reversed,
}

/// Kind of a journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum EntryKind {
    /// *Tài trợ*.
    Grant,
    /// *Đóng góp*.
    Contribution,
    /// *Hội phí*.
    MembershipFee,
    /// Interest earned outside loans.
    InterestIncome,
    /// *Chi hoạt động*.
    Expense,
    /// *Giải ngân*.
    LoanDisbursement,
    /// *Trả nợ*.
    LoanRepayment,
    /// *Gửi tiết kiệm*.
    Deposit,
    /// *Rút tiết kiệm*.
    Withdrawal,
    /// The reversal of another entry.
    Reversal,
}

/// A club's cohort by founding year, as the plans count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Cohort {
    /// Founded before 2016.
    Before2016,
    /// Founded 2016–2020.
    Founded2016To2020,
    /// Founded 2021 or later.
    New,
}

macro_rules! mirror {
    ($ffi:ident <=> $core:path { $($v:ident),* $(,)? }) => {
        impl From<$core> for $ffi {
            fn from(x: $core) -> Self {
                use $core as C;
                match x { $(C::$v => $ffi::$v),* }
            }
        }
        impl From<$ffi> for $core {
            fn from(x: $ffi) -> Self {
                use $core as C;
                match x { $($ffi::$v => C::$v),* }
            }
        }
    };
}

mirror!(Sex <=> m::Sex { Male, Female });
mirror!(Membership <=> m::Membership { Member, RecipientOnly });
mirror!(Fund <=> m::Fund { IncomeGeneration, Activity });
mirror!(InterestMethod <=> m::InterestMethod { Flat, DecliningBalance });
mirror!(LoanStatus <=> s::LoanStatus { Active, Repaid, WrittenOff, Reversed });
mirror!(Cohort <=> s::Cohort { Before2016, Founded2016To2020, New });
mirror!(BpFlag <=> ishc_core::vitals::BpFlag { Normal, Hypertension, HypertensiveCrisis });
mirror!(Role <=> m::Role {
    Chair, ViceChair, Treasurer, Accountant, HomeCareVolunteer, CareRecipient, BoardMember
});
mirror!(Service <=> m::Service {
    PersonalCare, Housework, HealthMonitoring, Companionship, ClinicOrReferral, Entitlements, Other
});
mirror!(EntryKind <=> ops::EntryKind {
    Grant, Contribution, MembershipFee, InterestIncome, Expense, LoanDisbursement,
    LoanRepayment, Deposit, Withdrawal, Reversal
});

impl From<m::HouseholdStatus> for Household {
    fn from(h: m::HouseholdStatus) -> Self {
        match h {
            m::HouseholdStatus::Poor => Household::Poor,
            m::HouseholdStatus::NearPoor => Household::NearPoor,
            m::HouseholdStatus::Neither => Household::Neither,
        }
    }
}

impl From<Household> for m::HouseholdStatus {
    fn from(h: Household) -> Self {
        match h {
            Household::Poor => m::HouseholdStatus::Poor,
            Household::NearPoor => m::HouseholdStatus::NearPoor,
            Household::Neither => m::HouseholdStatus::Neither,
        }
    }
}

// ----- clubs -----

/// A club.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ClubInfo {
    /// Id.
    pub id: String,
    /// Name, e.g. `CLB Liên thế hệ tự giúp nhau ấp 3`.
    pub name: String,
    /// Official 2025 commune code.
    pub commune_code: u32,
    /// Commune name (`Xã Xuân Lộc`).
    pub commune_name: String,
    /// Province name (`Đồng Nai`).
    pub province_name: String,
    /// Founding date, `YYYY-MM-DD`.
    pub founded_on: String,
    /// Cohort by founding year.
    pub cohort: Cohort,
    /// The club's activity areas (the plan's eight by default).
    pub activity_areas: Vec<String>,
}

impl From<s::Club> for ClubInfo {
    fn from(c: s::Club) -> Self {
        ClubInfo {
            id: c.id,
            name: c.name,
            commune_code: c.commune_code,
            commune_name: c.commune_name,
            province_name: c.province_name,
            founded_on: date(c.founded_on),
            cohort: c.cohort.into(),
            activity_areas: c.activity_areas,
        }
    }
}

/// A new club.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewClub {
    /// Name (required, at most 200 characters).
    pub name: String,
    /// Official 2025 commune code.
    pub commune_code: u32,
    /// Founding date (`YYYY-MM-DD` or `DD/MM/YYYY`), not in the future.
    pub founded_on: String,
    /// Activity areas; `null`/`nil` for the plan's eight.
    pub activity_areas: Option<Vec<String>>,
}

// ----- members -----

/// A person in the register (member or care recipient).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MemberInfo {
    /// Id.
    pub id: String,
    /// Club id.
    pub club_id: String,
    /// Full name as typed (NFC).
    pub full_name: String,
    /// Given name (*tên*), the last word: lists sort by it.
    pub given_name: String,
    /// Sex.
    pub sex: Sex,
    /// Birth year.
    pub birth_year: i32,
    /// Birth date `YYYY-MM-DD` when known, else `null`/`nil` (year only).
    pub birth_date: Option<String>,
    /// Age in completed years today (Vietnam's date by the phone's clock).
    pub age: i32,
    /// 60 or over today (Law on the Elderly 2009, Article 2).
    pub older: bool,
    /// Official ethnic group code 1–54.
    pub ethnicity_code: u8,
    /// Official ethnic group name (`Kinh`, `Khmer`, ...).
    pub ethnicity_name: String,
    /// Household poverty status.
    pub household: Household,
    /// Has a disability.
    pub disabled: bool,
    /// Lives alone.
    pub lives_alone: bool,
    /// Hamlet (*ấp*, *tổ*).
    pub hamlet: String,
    /// Phone in canonical `+84…` form.
    pub phone: Option<String>,
    /// Phone for display, `0943 733 416`.
    pub phone_display: Option<String>,
    /// Join date `YYYY-MM-DD`.
    pub joined_on: String,
    /// Leave date `YYYY-MM-DD`, if left.
    pub left_on: Option<String>,
    /// Why they left.
    pub leave_reason: Option<String>,
    /// Roles, in display order.
    pub roles: Vec<Role>,
    /// Member or recipient only.
    pub membership: Membership,
}

pub(crate) fn member_info(mem: m::Member, today: NaiveDate) -> MemberInfo {
    let phone = mem
        .phone
        .as_deref()
        .and_then(|p| ishc_core::phone::parse_phone(p).ok());
    let (_, _, given) = ishc_core::text::split_name(&mem.full_name);
    MemberInfo {
        given_name: given,
        birth_year: mem.birth.year(),
        birth_date: match mem.birth {
            m::Birth::Date(d) => Some(date(d)),
            m::Birth::Year(_) => None,
        },
        age: mem.birth.age_on(today),
        older: mem.is_older_on(today),
        ethnicity_name: ishc_core::ethnicity::by_code(mem.ethnicity_code)
            .map(|e| e.name.to_string())
            .unwrap_or_default(),
        phone_display: phone.map(|p| p.display()),
        id: mem.id,
        club_id: mem.club_id,
        full_name: mem.full_name,
        sex: mem.sex.into(),
        ethnicity_code: mem.ethnicity_code,
        household: mem.household.into(),
        disabled: mem.disabled,
        lives_alone: mem.lives_alone,
        hamlet: mem.hamlet,
        phone: mem.phone,
        joined_on: date(mem.joined_on),
        left_on: opt_date(mem.left_on),
        leave_reason: mem.leave_reason,
        roles: mem.roles.into_iter().map(Role::from).collect(),
        membership: mem.membership.into(),
    }
}

/// A registration form's content. Text is taken as typed and normalised to
/// NFC by the core.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewMember {
    /// Full name (required, at most 120 characters). Field `fullName`.
    pub full_name: String,
    /// Sex.
    pub sex: Sex,
    /// Birth year `1950` or date `1950-03-21` / `21/03/1950`. Field `birth`.
    pub birth: String,
    /// Ethnic group by name (`Kinh`, `Ê-đê`, `Khơ-me`) or code `1`–`54`.
    /// Field `ethnicity`.
    pub ethnicity: String,
    /// Household poverty status.
    pub household: Household,
    /// Has a disability.
    pub disabled: bool,
    /// Lives alone.
    pub lives_alone: bool,
    /// Hamlet.
    pub hamlet: String,
    /// Phone as written (`0943 733 416`, `+84 943.733.416`), or `null`.
    /// Field `phone`.
    pub phone: Option<String>,
    /// Join date (`YYYY-MM-DD` or `DD/MM/YYYY`); `null` for today. Field `joinedOn`.
    pub joined_on: Option<String>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Member or recipient only.
    pub membership: Membership,
}

/// Changes to a person; `null`/`nil` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct MemberUpdate {
    /// New full name.
    pub full_name: Option<String>,
    /// New sex.
    pub sex: Option<Sex>,
    /// New birth year (`1950`) or date (`1950-03-21`, `21/03/1950`).
    pub birth: Option<String>,
    /// New ethnic group (name or code).
    pub ethnicity: Option<String>,
    /// New household status.
    pub household: Option<Household>,
    /// New disability flag.
    pub disabled: Option<bool>,
    /// New lives-alone flag.
    pub lives_alone: Option<bool>,
    /// New hamlet.
    pub hamlet: Option<String>,
    /// New phone; an empty string removes it.
    pub phone: Option<String>,
    /// New roles (the whole list).
    pub roles: Option<Vec<Role>>,
}

/// The outcome of a registration: the person, and anyone already registered
/// who may be the same person (flagged for review, never merged silently).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Registration {
    /// The person registered.
    pub member: MemberInfo,
    /// Possible duplicates already in the register.
    pub possible_duplicates: Vec<MemberInfo>,
}

/// A row of the member list, with money.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MemberRow {
    /// The person.
    pub member: MemberInfo,
    /// Savings balance.
    pub savings: Money,
    /// Loan principal outstanding.
    pub loan_outstanding: Money,
}

/// Two people who may be the same person.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DuplicatePair {
    /// Flag id, to merge or dismiss.
    pub id: String,
    /// One record.
    pub a: MemberInfo,
    /// The other.
    pub b: MemberInfo,
}

// ----- visits -----

/// A home-care visit to log.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewVisit {
    /// The volunteer (an active home-care volunteer).
    pub volunteer_id: String,
    /// The care recipient.
    pub recipient_id: String,
    /// When the visit started: RFC 3339 or local `2026-03-02 08:30`. Field `started_at`.
    pub started_at: String,
    /// Length in minutes, 1–720.
    pub duration_min: u32,
    /// Services delivered (at least one).
    pub services: Vec<Service>,
    /// Systolic blood pressure, mmHg.
    pub systolic: Option<u16>,
    /// Diastolic blood pressure, mmHg.
    pub diastolic: Option<u16>,
    /// Pulse, beats per minute.
    pub pulse: Option<u16>,
    /// Blood glucose, mmol/L.
    pub glucose_mmol_l: Option<f64>,
    /// Weight, kg.
    pub weight_kg: Option<f64>,
    /// Notes.
    pub notes: String,
}

/// A logged visit.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VisitInfo {
    /// Id.
    pub id: String,
    /// Volunteer id.
    pub volunteer_id: String,
    /// Volunteer's name.
    pub volunteer_name: String,
    /// Recipient id.
    pub recipient_id: String,
    /// Recipient's name.
    pub recipient_name: String,
    /// Start, RFC 3339 with the offset it was recorded with.
    pub started_at: String,
    /// Vietnam calendar date of the visit, `YYYY-MM-DD`.
    pub visit_on: String,
    /// Minutes.
    pub duration_min: u32,
    /// Services delivered.
    pub services: Vec<Service>,
    /// Systolic, mmHg.
    pub systolic: Option<u16>,
    /// Diastolic, mmHg.
    pub diastolic: Option<u16>,
    /// Pulse, beats per minute.
    pub pulse: Option<u16>,
    /// Glucose, mmol/L.
    pub glucose_mmol_l: Option<f64>,
    /// Weight, kg.
    pub weight_kg: Option<f64>,
    /// The blood-pressure flag, when both pressures were taken.
    pub bp_flag: Option<BpFlag>,
    /// Notes.
    pub notes: String,
    /// Why it was voided, if it was.
    pub voided_reason: Option<String>,
}

impl From<s::Visit> for VisitInfo {
    fn from(v: s::Visit) -> Self {
        let r = v.record;
        VisitInfo {
            id: r.id,
            volunteer_id: r.volunteer_id,
            volunteer_name: v.volunteer_name,
            recipient_id: r.recipient_id,
            recipient_name: v.recipient_name,
            started_at: r.started_at,
            visit_on: date(r.visit_on),
            duration_min: r.duration_min,
            services: r.services.into_iter().map(Service::from).collect(),
            systolic: r.vitals.systolic,
            diastolic: r.vitals.diastolic,
            pulse: r.vitals.pulse,
            glucose_mmol_l: r.vitals.glucose_mmol_l,
            weight_kg: r.vitals.weight_kg,
            bp_flag: v.bp_flag.map(BpFlag::from),
            notes: r.notes,
            voided_reason: v.voided,
        }
    }
}

/// A care recipient due for a visit.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RecipientDue {
    /// The recipient.
    pub member: MemberInfo,
    /// Date of the last visit, `YYYY-MM-DD`, or `null` if never visited.
    pub last_visit_on: Option<String>,
    /// Days since that visit, or `null` if never visited.
    pub days_since: Option<i64>,
}

// ----- money -----

/// A journal entry (money moved in one ledger). Never edited; corrected by a
/// reversal that points at it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LedgerEntry {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: EntryKind,
    /// Amount; its sign is its effect on the ledger's balance.
    pub amount: Money,
    /// Calendar date `YYYY-MM-DD`.
    pub entry_on: String,
    /// The member concerned, if any.
    pub member_id: Option<String>,
    /// The loan concerned, if any.
    pub loan_id: Option<String>,
    /// The entry this one reverses, if it is a reversal.
    pub reverses_id: Option<String>,
    /// Memo (for a reversal, its reason).
    pub memo: String,
    /// When it was recorded (RFC 3339, device time: shown, never used to order).
    pub recorded_at: String,
}

impl From<ops::JournalRecord> for LedgerEntry {
    fn from(j: ops::JournalRecord) -> Self {
        LedgerEntry {
            id: j.id,
            kind: j.kind.into(),
            amount: j.amount.into(),
            entry_on: date(j.entry_on),
            member_id: j.member_id,
            loan_id: j.loan_id,
            reverses_id: j.reverses_id,
            memo: j.memo,
            recorded_at: j.recorded_at,
        }
    }
}

/// A statement line: an entry with the running balance after it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct StatementLine {
    /// The entry.
    pub entry: LedgerEntry,
    /// Balance after it.
    pub balance: Money,
    /// Whether a later entry reverses it.
    pub reversed: bool,
}

impl From<s::StatementLine> for StatementLine {
    fn from(l: s::StatementLine) -> Self {
        StatementLine {
            entry: l.entry.into(),
            balance: l.balance.into(),
            reversed: l.reversed,
        }
    }
}

/// A member's savings passbook (*sổ tiết kiệm*).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Passbook {
    /// The member.
    pub member: MemberInfo,
    /// Every entry, oldest first, with the running balance.
    pub lines: Vec<StatementLine>,
    /// Balance now.
    pub balance: Money,
}

/// A fund's statement.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FundStatement {
    /// The fund.
    pub fund: Fund,
    /// Every entry, oldest first, with the running balance.
    pub lines: Vec<StatementLine>,
    /// Balance now.
    pub balance: Money,
}

/// A fund inflow or outflow other than loans.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewFundEntry {
    /// Which fund.
    pub fund: Fund,
    /// Grant, contribution, membership fee, interest income or expense.
    pub kind: EntryKind,
    /// Amount in đồng, positive (the kind gives the direction).
    pub amount: i64,
    /// Date (`YYYY-MM-DD` or `DD/MM/YYYY`); `null` for today.
    pub entry_on: Option<String>,
    /// Memo.
    pub memo: String,
    /// The member concerned (a fee, a contribution), if any.
    pub member_id: Option<String>,
}

// ----- loans -----

/// A loan to disburse.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewLoan {
    /// The borrower, an active member.
    pub borrower_id: String,
    /// Principal, đồng (see `parseAmount` for typed amounts).
    pub principal: i64,
    /// Disbursement date (`YYYY-MM-DD` or `DD/MM/YYYY`); `null` for today.
    pub disbursed_on: Option<String>,
    /// Term in months.
    pub term_months: u32,
    /// Monthly rate in basis points (1% a month = 100; see `parseRate`).
    pub monthly_rate_bp: u32,
    /// Interest method.
    pub method: InterestMethod,
    /// Purpose (*mục đích vay*).
    pub purpose: String,
}

/// Where an installment stands on the view's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum InstallmentState {
    /// Fully paid.
    Paid,
    /// Due before the view's date and not fully paid.
    Overdue,
    /// Due on the view's date or later.
    Upcoming,
}

/// One installment of a loan's schedule with what was paid against it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Installment {
    /// 1-based number.
    pub number: u32,
    /// Due date `YYYY-MM-DD`.
    pub due_on: String,
    /// Principal part.
    pub principal: Money,
    /// Interest part.
    pub interest: Money,
    /// Principal plus interest.
    pub total: Money,
    /// Paid against it so far.
    pub paid: Money,
    /// Date it became fully paid.
    pub paid_off_on: Option<String>,
    /// Paid, overdue or upcoming.
    pub state: InstallmentState,
}

fn installment(i: &InstallmentStatus, as_of: NaiveDate) -> Installment {
    let inst = &i.installment;
    let paid = i.principal_paid + i.interest_paid;
    let state = if paid >= inst.total() {
        InstallmentState::Paid
    } else if inst.due_on < as_of {
        InstallmentState::Overdue
    } else {
        InstallmentState::Upcoming
    };
    Installment {
        number: inst.number,
        due_on: date(inst.due_on),
        principal: inst.principal.into(),
        interest: inst.interest.into(),
        total: inst.total().into(),
        paid: paid.into(),
        paid_off_on: opt_date(i.paid_off_on),
        state,
    }
}

/// A loan's position on a date.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LoanPositionInfo {
    /// The date, `YYYY-MM-DD`.
    pub as_of: String,
    /// Principal repaid.
    pub principal_repaid: Money,
    /// Interest repaid.
    pub interest_repaid: Money,
    /// Principal outstanding (*dư nợ gốc*).
    pub principal_outstanding: Money,
    /// Scheduled interest not yet paid.
    pub interest_outstanding: Money,
    /// Fell due before `as_of` and unpaid.
    pub overdue: Money,
    /// Days past due of the oldest unpaid installment (0 if none).
    pub days_past_due: u32,
    /// The schedule with payments.
    pub installments: Vec<Installment>,
}

impl From<&LoanPosition> for LoanPositionInfo {
    fn from(p: &LoanPosition) -> Self {
        LoanPositionInfo {
            as_of: date(p.as_of),
            principal_repaid: p.principal_repaid.into(),
            interest_repaid: p.interest_repaid.into(),
            principal_outstanding: p.principal_outstanding.into(),
            interest_outstanding: p.interest_outstanding.into(),
            overdue: p.overdue_amount.into(),
            days_past_due: p.days_past_due,
            installments: p
                .installments
                .iter()
                .map(|i| installment(i, p.as_of))
                .collect(),
        }
    }
}

/// A loan with its schedule, repayments and position.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LoanInfo {
    /// Id.
    pub id: String,
    /// Borrower id.
    pub borrower_id: String,
    /// Borrower's name.
    pub borrower_name: String,
    /// Principal.
    pub principal: Money,
    /// Disbursement date `YYYY-MM-DD`.
    pub disbursed_on: String,
    /// Term in months.
    pub term_months: u32,
    /// Monthly rate, basis points.
    pub monthly_rate_bp: u32,
    /// Monthly rate for display, `1%`.
    pub monthly_rate_text: String,
    /// Interest method.
    pub method: InterestMethod,
    /// Purpose.
    pub purpose: String,
    /// Active, repaid, written off or reversed.
    pub status: LoanStatus,
    /// Position on the date asked for.
    pub position: LoanPositionInfo,
    /// Repayments and their reversals, with the running total repaid.
    pub repayments: Vec<StatementLine>,
}

impl From<s::LoanView> for LoanInfo {
    fn from(v: s::LoanView) -> Self {
        let l = v.loan;
        LoanInfo {
            id: l.id,
            borrower_id: l.borrower_id,
            borrower_name: v.borrower_name,
            principal: l.principal.into(),
            disbursed_on: date(l.disbursed_on),
            term_months: l.term_months,
            monthly_rate_bp: l.monthly_rate_bp,
            monthly_rate_text: ishc_core::input::format_rate_bp(l.monthly_rate_bp),
            method: l.method.into(),
            purpose: l.purpose,
            status: v.status.into(),
            position: (&v.position).into(),
            repayments: v.repayments.into_iter().map(StatementLine::from).collect(),
        }
    }
}

/// What a recorded repayment left.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RepaymentReceipt {
    /// The repayment entry.
    pub entry: LedgerEntry,
    /// The loan's state after it.
    pub status: LoanStatus,
    /// The loan's position on the payment date after it.
    pub position: LoanPositionInfo,
}

impl From<s::RepaymentReceipt> for RepaymentReceipt {
    fn from(r: s::RepaymentReceipt) -> Self {
        RepaymentReceipt {
            entry: r.entry.into(),
            status: r.status.into(),
            position: (&r.position).into(),
        }
    }
}

/// Portfolio at risk (SEEP framework): outstanding principal of loans more
/// than `days` days past due over all outstanding principal.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PortfolioAtRisk {
    /// Threshold, days (30 for PAR30).
    pub days: u32,
    /// All outstanding principal.
    pub outstanding: Money,
    /// Outstanding principal of loans past the threshold.
    pub at_risk: Money,
    /// Ratio in basis points (10,000 = 100%).
    pub ratio_bp: u32,
}

/// A club activity (*hoạt động*) in one of the club's areas.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Activity {
    /// Id.
    pub id: String,
    /// The area key, one of the club's `activity_areas`.
    pub area: String,
    /// Date held, `YYYY-MM-DD`.
    pub held_on: String,
    /// What was done.
    pub title: String,
    /// Number of participants.
    pub participants: u32,
}

impl From<ops::ActivityRecord> for Activity {
    fn from(a: ops::ActivityRecord) -> Self {
        Activity {
            id: a.id,
            area: a.area,
            held_on: date(a.held_on),
            title: a.title,
            participants: a.participants,
        }
    }
}

/// The schedule a loan would have, for the disbursement screen: each
/// installment's due date and parts (all upcoming).
pub(crate) fn schedule_preview(terms: &ishc_core::loan::LoanTerms) -> Vec<Installment> {
    ishc_core::loan::schedule(terms)
        .into_iter()
        .map(|i| Installment {
            number: i.number,
            due_on: date(i.due_on),
            principal: i.principal.into(),
            interest: i.interest.into(),
            total: i.total().into(),
            paid: 0.into(),
            paid_off_on: None,
            state: InstallmentState::Upcoming,
        })
        .collect()
}

// ----- meetings -----

/// One attendee of a meeting, with an optional blood-pressure reading (mmHg).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Attendance {
    /// Member id.
    pub member_id: String,
    /// Systolic, mmHg.
    pub systolic: Option<u16>,
    /// Diastolic, mmHg.
    pub diastolic: Option<u16>,
}

/// A monthly meeting (*sinh hoạt định kỳ*).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Meeting {
    /// Id.
    pub id: String,
    /// Date `YYYY-MM-DD`.
    pub held_on: String,
    /// Topic.
    pub topic: String,
    /// Attendees.
    pub attendees: Vec<Attendance>,
}

impl From<ops::MeetingRecord> for Meeting {
    fn from(r: ops::MeetingRecord) -> Self {
        Meeting {
            id: r.id,
            held_on: date(r.held_on),
            topic: r.topic,
            attendees: r
                .attendees
                .into_iter()
                .map(|a| Attendance {
                    member_id: a.member_id,
                    systolic: a.systolic,
                    diastolic: a.diastolic,
                })
                .collect(),
        }
    }
}

// ----- composition -----

/// One composition rule's outcome.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RuleOutcome {
    /// Stable rule code (`composition.women`).
    pub rule: String,
    /// The rule in English with its source.
    pub description: String,
    /// Met or not.
    pub met: bool,
    /// The club's figure, `38 of 56 (67.9%)`.
    pub figure: String,
    /// The target, `60–70%`.
    pub target: String,
}

/// A club's composition against the plan (HelpAge ISHC model; plan
/// 13335/KH-UBND): size 50–70, women 60–70%, older 60–70%, younger 30–40%.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Composition {
    /// Reference date, `YYYY-MM-DD`.
    pub as_of: String,
    /// Active members.
    pub members: u32,
    /// Women.
    pub women: u32,
    /// 60 or over.
    pub older: u32,
    /// Under 60.
    pub younger: u32,
    /// From poor households.
    pub poor: u32,
    /// From near-poor households.
    pub near_poor: u32,
    /// Ethnic minority.
    pub ethnic_minority: u32,
    /// With a disability.
    pub disabled: u32,
    /// Living alone.
    pub lives_alone: u32,
    /// In at least one priority group (each person once).
    pub priority_total: u32,
    /// Each rule.
    pub rules: Vec<RuleOutcome>,
}

impl From<CompositionReport> for Composition {
    fn from(c: CompositionReport) -> Self {
        Composition {
            as_of: date(c.as_of),
            members: c.members,
            women: c.women,
            older: c.older,
            younger: c.younger,
            poor: c.priority.poor,
            near_poor: c.priority.near_poor,
            ethnic_minority: c.priority.ethnic_minority,
            disabled: c.priority.disabled,
            lives_alone: c.priority.lives_alone,
            priority_total: c.priority.total,
            rules: c
                .rules
                .into_iter()
                .map(|r| RuleOutcome {
                    rule: r.rule,
                    description: r.description,
                    met: r.met,
                    figure: r.figure,
                    target: r.target,
                })
                .collect(),
        }
    }
}

// ----- sync review -----

/// A value that lost a concurrent edit, for a person to restore or dismiss.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ConflictInfo {
    /// Id.
    pub id: String,
    /// The person whose field it is.
    pub member_id: String,
    /// Their name now.
    pub member_name: String,
    /// The field (`phone`, `hamlet`, ...).
    pub field: String,
    /// The losing value, as JSON text (`"0943733416"`, `true`).
    pub losing_value: String,
    /// Who made the losing edit (member id or `admin:…`), if known.
    pub losing_author: Option<String>,
    /// Who made the winning edit, if known.
    pub winning_author: Option<String>,
    /// `open`, `restored` or `dismissed`.
    pub status: String,
}

/// A local operation the server refused; it stays on the phone.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RejectedOp {
    /// Operation id.
    pub op_id: String,
    /// What it was about (`journal`, `visit`, `member`, ...).
    pub entity: String,
    /// The record's id.
    pub entity_id: String,
    /// Stable code of the refusal.
    pub code: String,
    /// The server's reason, in English.
    pub reason: String,
    /// When it was recorded on the phone (RFC 3339).
    pub recorded_at: String,
}
