//! [`ClubStore`]: a club's database on the phone.
//!
//! A thin object, after application-services: every method locks the inner
//! [`ishc_core::store::Store`], converts the inputs (parsing dates and typed
//! text with the core's parsers, so errors name the input field), calls the
//! core and converts the result into the records of [`crate::types`]. No
//! rule lives here.

use crate::error::{guard, IshcError};
use crate::types::*;
use chrono::NaiveDate;
use ishc_core::backup::BackupPassphrase;
use ishc_core::clock::SystemClock;
use ishc_core::encryption::StoreKey;
use ishc_core::input::parse_date;
use ishc_core::model as m;
use ishc_core::ops::{DuplicateResolution, MemberPatch};
use ishc_core::store::{self as s, Store};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use zeroize::{Zeroize, Zeroizing};

type R<T> = Result<T, IshcError>;

/// A club's database on this phone: everything a volunteer, a treasurer or
/// a member does, offline. Safe to share between threads; calls are
/// serialised on one SQLite connection.
///
/// Who acts matters: set the acting member with [`ClubStore::set_acting_member`]
/// after sign-in. Money needs a treasurer or chair, visits a home-care
/// volunteer or chair (the rule the provincial server applies too).
///
/// Open **one** `ClubStore` per database file in a process and share it (the
/// UI and the background sync worker alike): two stores on one file would
/// each keep their own hybrid logical clock and acting member.
///
/// Dates are `YYYY-MM-DD` (or `DD/MM/YYYY` in inputs); an optional date
/// parameter left `null`/`nil` means today in Vietnam; a blank string is an
/// error (`date.invalid`), never today.
#[derive(uniffi::Object)]
pub struct ClubStore {
    pub(crate) inner: Arc<Mutex<Store>>,
}

/// A new monthly meeting.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewMeeting {
    /// Date (`YYYY-MM-DD` or `DD/MM/YYYY`).
    pub held_on: String,
    /// Topic (required).
    pub topic: String,
    /// Attendees, each once, with optional readings.
    pub attendees: Vec<Attendance>,
}

fn day(field: &str, value: &str) -> R<NaiveDate> {
    Ok(parse_date(field, value)?)
}

impl ClubStore {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic caught by `guard` may have poisoned the lock; the store
        // itself is consistent (each write is one SQLite transaction).
        let store = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // The test hook fails with the lock held, as a bug in the core would.
        #[cfg(feature = "fault-injection")]
        if crate::FAULT_ARMED.swap(false, std::sync::atomic::Ordering::SeqCst) {
            panic!("injected internal failure (fault-injection feature; expected in the bindings tests)");
        }
        store
    }

    /// `null` means today; anything else must be a date (a blank form field
    /// is `date.invalid`, never silently today).
    fn day_or_today(store: &Store, field: &str, value: Option<&str>) -> R<NaiveDate> {
        match value {
            Some(v) => day(field, v),
            None => Ok(store.today()),
        }
    }

    fn club_id(store: &Store) -> R<String> {
        Ok(store.the_club()?.id)
    }
}

#[uniffi::export]
impl ClubStore {
    /// Opens (or creates) the club database at `path` for this device,
    /// encrypted at rest (SQLCipher) with `key`: 32 random bytes the app
    /// keeps in the Android Keystore or the iOS Keychain, the same on every
    /// open. A new file is created encrypted; an unencrypted database left
    /// by an older app is encrypted in place first (a copy encrypted beside
    /// it, then renamed over it: nothing is lost if that fails). The key is
    /// wiped from this library's memory after use; the app's own copy is
    /// the app's to wipe.
    ///
    /// `device_id` names the phone until it is enrolled (then the server's
    /// id is used). Errors: `store.key_length` (field `key`) unless the key
    /// is 32 bytes, `store.key_invalid` (field `key`) for a key that does
    /// not open the file (the file is not changed), `device.id` for an
    /// empty id or one with spaces, `schema.too_new` for a database from a
    /// newer app, `internal.database` for a damaged file.
    #[uniffi::constructor]
    pub fn open(path: String, mut key: Vec<u8>, device_id: String) -> R<Arc<ClubStore>> {
        let key_or_error = StoreKey::from_slice(&key);
        key.zeroize();
        guard(|| {
            let key = key_or_error?;
            let path = Path::new(&path);
            let clock = || Arc::new(SystemClock);
            let store = match Store::open_encrypted(path, &key, &device_id, clock()) {
                Err(e) if e.code() == "store.not_encrypted" => {
                    tracing::info!("encrypting the unencrypted database in place");
                    Store::encrypt_in_place(path, &key)?;
                    Store::open_encrypted(path, &key, &device_id, clock())?
                }
                other => other?,
            };
            Ok(Arc::new(ClubStore {
                inner: Arc::new(Mutex::new(store)),
            }))
        })
    }

    /// Sets who is acting: a member id (recorded as the author of every
    /// change). `null`/`nil` returns to local administration, which may
    /// register people but not record money or visits.
    pub fn set_acting_member(&self, member_id: Option<String>) -> R<()> {
        guard(|| {
            let mut s = self.lock();
            match member_id {
                Some(id) => {
                    s.member(&id)?;
                    s.set_author(&id);
                }
                None => s.set_author(s::DEFAULT_AUTHOR),
            }
            Ok(())
        })
    }

    /// This phone's device id.
    pub fn device_id(&self) -> R<String> {
        guard(|| Ok(self.lock().device_id().to_string()))
    }

    /// Today's calendar date in Vietnam by the phone's clock, `YYYY-MM-DD`.
    pub fn today(&self) -> R<String> {
        guard(|| Ok(date(self.lock().today())))
    }

    // ----- club -----

    /// Creates the club (on a phone that sets one up rather than enrolling).
    /// Errors: `text.required` (`name`), `club.commune_unknown`
    /// (`commune_code`), `club.founded_future` (`founded_on`), `date.invalid`.
    pub fn create_club(&self, club: NewClub) -> R<ClubInfo> {
        guard(|| {
            let founded_on = day("founded_on", &club.founded_on)?;
            let c = self.lock().create_club(s::NewClub {
                name: club.name,
                commune_code: club.commune_code,
                founded_on,
                activity_areas: club.activity_areas,
            })?;
            Ok(c.into())
        })
    }

    /// The club of this database (`not_found` before one is created or pulled).
    pub fn club(&self) -> R<ClubInfo> {
        guard(|| Ok(self.lock().the_club()?.into()))
    }

    // ----- members -----

    /// Registers a person. A possible double registration (same name ignoring
    /// case, diacritics and spacing, same birth year and hamlet) is flagged
    /// and returned, never merged. Errors name the field: `full_name`,
    /// `birth` (`birth.invalid`, `birth.range`), `ethnicity`, `phone`
    /// (`phone.*`), `joined_on`.
    pub fn register_member(&self, member: NewMember) -> R<Registration> {
        guard(|| {
            let mut s = self.lock();
            let club_id = Self::club_id(&s)?;
            let birth = ishc_core::input::parse_birth("birth", &member.birth)?;
            let ethnicity = ishc_core::ethnicity::parse_ethnicity(&member.ethnicity)?;
            let phone = match member.phone.as_deref().map(str::trim) {
                Some(p) if !p.is_empty() => Some(p.to_string()),
                _ => None,
            };
            let joined_on = Self::day_or_today(&s, "joined_on", member.joined_on.as_deref())?;
            let today = s.today();
            let r = s.register_member(
                &club_id,
                s::NewMember {
                    full_name: member.full_name,
                    sex: member.sex.into(),
                    birth,
                    ethnicity_code: ethnicity.code,
                    household: member.household.into(),
                    disabled: member.disabled,
                    lives_alone: member.lives_alone,
                    hamlet: member.hamlet,
                    phone,
                    joined_on,
                    roles: member.roles.into_iter().map(m::Role::from).collect(),
                    membership: member.membership.into(),
                },
            )?;
            Ok(Registration {
                member: member_info(r.member, today),
                possible_duplicates: r
                    .possible_duplicates
                    .into_iter()
                    .map(|d| member_info(d, today))
                    .collect(),
            })
        })
    }

    /// Changes fields of a person (fields left `null` stay). Errors as for
    /// registration; `not_found` for an unknown id.
    pub fn update_member(&self, member_id: String, update: MemberUpdate) -> R<MemberInfo> {
        guard(|| {
            let mut s = self.lock();
            let patch = MemberPatch {
                full_name: update.full_name,
                sex: update.sex.map(Into::into),
                birth: update
                    .birth
                    .map(|b| ishc_core::input::parse_birth("birth", &b))
                    .transpose()?,
                ethnicity_code: update
                    .ethnicity
                    .map(|e| ishc_core::ethnicity::parse_ethnicity(&e).map(|e| e.code))
                    .transpose()?,
                household: update.household.map(Into::into),
                disabled: update.disabled,
                lives_alone: update.lives_alone,
                hamlet: update.hamlet,
                phone: update.phone.map(|p| {
                    let p = p.trim().to_string();
                    (!p.is_empty()).then_some(p)
                }),
                roles: update
                    .roles
                    .map(|r| r.into_iter().map(m::Role::from).collect()),
                ..Default::default()
            };
            let today = s.today();
            Ok(member_info(s.update_member(&member_id, patch)?, today))
        })
    }

    /// Records that a member left on `left_on` for `reason` (both required).
    pub fn record_leave(
        &self,
        member_id: String,
        left_on: String,
        reason: String,
    ) -> R<MemberInfo> {
        guard(|| {
            let left_on = day("left_on", &left_on)?;
            let mut s = self.lock();
            let today = s.today();
            Ok(member_info(
                s.record_leave(&member_id, left_on, &reason)?,
                today,
            ))
        })
    }

    /// A person by id (`not_found` if none).
    pub fn member(&self, member_id: String) -> R<MemberInfo> {
        guard(|| {
            let s = self.lock();
            Ok(member_info(s.member(&member_id)?, s.today()))
        })
    }

    /// The club's people in Vietnamese order by given name, with savings and
    /// loan outstanding today. `search` ignores case, diacritics and đ/d
    /// (`nguyen thi` finds `Nguyễn Thị`), or matches phone digits;
    /// `include_left` keeps people who left.
    pub fn list_members(&self, search: Option<String>, include_left: bool) -> R<Vec<MemberRow>> {
        guard(|| {
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            let today = s.today();
            let rows = s.list_members(&club_id, search.as_deref(), include_left, today)?;
            Ok(rows
                .into_iter()
                .map(|r| MemberRow {
                    member: member_info(r.member, today),
                    savings: r.savings_balance.into(),
                    loan_outstanding: r.loan_outstanding.into(),
                })
                .collect())
        })
    }

    /// Open possible-duplicate flags.
    pub fn possible_duplicates(&self) -> R<Vec<DuplicatePair>> {
        guard(|| {
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            let today = s.today();
            Ok(s.possible_duplicates(&club_id)?
                .into_iter()
                .map(|d| DuplicatePair {
                    id: d.id,
                    a: member_info(d.a, today),
                    b: member_info(d.b, today),
                })
                .collect())
        })
    }

    /// Merges a flagged pair: `merged_id` is folded into `kept_id`, whose
    /// visits and money then include the other's. Both records stay.
    /// Errors: `duplicate.resolved`, `duplicate.not_pair`.
    pub fn merge_duplicate(&self, flag_id: String, kept_id: String, merged_id: String) -> R<()> {
        guard(|| {
            Ok(self.lock().resolve_duplicate(
                &flag_id,
                DuplicateResolution::Merged {
                    kept: kept_id,
                    merged: merged_id,
                },
            )?)
        })
    }

    /// Dismisses a flag: two different people after all.
    pub fn dismiss_duplicate(&self, flag_id: String) -> R<()> {
        guard(|| {
            Ok(self
                .lock()
                .resolve_duplicate(&flag_id, DuplicateResolution::Dismissed)?)
        })
    }

    // ----- visits -----

    /// Logs a home-care visit. The returned visit carries the blood-pressure
    /// flag at once (crisis at 180/120 mmHg or above). Errors:
    /// `visit.not_volunteer`, `visit.not_recipient`, `instant.invalid`
    /// (`started_at`), `visit.duration`, `visit.no_service`, `vitals.*`.
    pub fn log_visit(&self, visit: NewVisit) -> R<VisitInfo> {
        guard(|| {
            let started_at = ishc_core::input::parse_instant("started_at", &visit.started_at)?;
            let v = self.lock().log_visit(s::NewVisit {
                volunteer_id: visit.volunteer_id,
                recipient_id: visit.recipient_id,
                started_at,
                duration_min: visit.duration_min,
                services: visit.services.into_iter().map(m::Service::from).collect(),
                vitals: m::Vitals {
                    systolic: visit.systolic,
                    diastolic: visit.diastolic,
                    pulse: visit.pulse,
                    glucose_mmol_l: visit.glucose_mmol_l,
                    weight_kg: visit.weight_kg,
                },
                notes: visit.notes,
            })?;
            Ok(v.into())
        })
    }

    /// Voids a visit logged by mistake (it stays, marked voided with `reason`).
    pub fn void_visit(&self, visit_id: String, reason: String) -> R<VisitInfo> {
        guard(|| Ok(self.lock().void_visit(&visit_id, &reason)?.into()))
    }

    /// Visits, newest first: all, or one recipient's (for the history and
    /// blood-pressure trend), optionally between two dates (inclusive).
    pub fn visits(
        &self,
        recipient_id: Option<String>,
        from: Option<String>,
        to: Option<String>,
    ) -> R<Vec<VisitInfo>> {
        guard(|| {
            let from = from.map(|d| day("from", &d)).transpose()?;
            let to = to.map(|d| day("to", &d)).transpose()?;
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            Ok(s.visits(&club_id, recipient_id.as_deref(), from, to)?
                .into_iter()
                .map(VisitInfo::from)
                .collect())
        })
    }

    /// Care recipients not visited in the `days` days up to `as_of` (`null`:
    /// today): never visited first, then longest since.
    pub fn recipients_due(&self, days: u32, as_of: Option<String>) -> R<Vec<RecipientDue>> {
        guard(|| {
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            let today = s.today();
            let as_of = Self::day_or_today(&s, "as_of", as_of.as_deref())?;
            Ok(s.recipients_due(&club_id, as_of, days)?
                .into_iter()
                .map(|d| RecipientDue {
                    member: member_info(d.member, today),
                    last_visit_on: opt_date(d.last_visit_on),
                    days_since: d.days_since,
                })
                .collect())
        })
    }

    // ----- savings -----

    /// Records a savings deposit (*gửi tiết kiệm*) of `amount` đồng on
    /// `on` (`null`: today). Errors: `money.not_positive`, `savings.not_member`,
    /// `op.not_permitted` unless the acting member is treasurer or chair.
    pub fn deposit(
        &self,
        member_id: String,
        amount: i64,
        on: Option<String>,
        memo: String,
    ) -> R<LedgerEntry> {
        guard(|| {
            let mut s = self.lock();
            let on = Self::day_or_today(&s, "on", on.as_deref())?;
            Ok(s.deposit(&member_id, amount, on, &memo)?.into())
        })
    }

    /// Records a savings withdrawal (*rút tiết kiệm*). Errors as for a
    /// deposit, and `savings.insufficient` with the balance.
    pub fn withdraw(
        &self,
        member_id: String,
        amount: i64,
        on: Option<String>,
        memo: String,
    ) -> R<LedgerEntry> {
        guard(|| {
            let mut s = self.lock();
            let on = Self::day_or_today(&s, "on", on.as_deref())?;
            Ok(s.withdraw(&member_id, amount, on, &memo)?.into())
        })
    }

    /// A member's passbook with the running balance.
    pub fn passbook(&self, member_id: String) -> R<Passbook> {
        guard(|| {
            let s = self.lock();
            let p = s.passbook(&member_id)?;
            Ok(Passbook {
                member: member_info(p.member, s.today()),
                lines: p.lines.into_iter().map(StatementLine::from).collect(),
                balance: p.balance.into(),
            })
        })
    }

    /// A member's savings balance.
    pub fn savings_balance(&self, member_id: String) -> R<Money> {
        guard(|| Ok(self.lock().savings_balance(&member_id)?.into()))
    }

    /// Reverses an entry recorded by mistake (deposit, withdrawal, fund
    /// entry, repayment, disbursement): a new entry with the opposite amount
    /// points at it; the original stays. Errors: `journal.already_reversed`,
    /// `journal.reverse_reversal`, `loan.has_repayments`, `*.insufficient`.
    pub fn reverse_entry(
        &self,
        entry_id: String,
        reason: String,
        on: Option<String>,
    ) -> R<LedgerEntry> {
        guard(|| {
            let mut s = self.lock();
            let on = Self::day_or_today(&s, "on", on.as_deref())?;
            Ok(s.reverse_entry(&entry_id, &reason, on)?.into())
        })
    }

    // ----- funds -----

    /// Records a fund inflow or outflow other than loans. Errors:
    /// `money.not_positive`, `fund.kind`, `fund.insufficient`.
    pub fn record_fund_entry(&self, entry: NewFundEntry) -> R<LedgerEntry> {
        guard(|| {
            let mut s = self.lock();
            let club_id = Self::club_id(&s)?;
            let entry_on = Self::day_or_today(&s, "entry_on", entry.entry_on.as_deref())?;
            Ok(s.record_fund_entry(
                &club_id,
                s::NewFundEntry {
                    fund: entry.fund.into(),
                    kind: entry.kind.into(),
                    amount: entry.amount,
                    entry_on,
                    memo: entry.memo,
                    member_id: entry.member_id,
                },
            )?
            .into())
        })
    }

    /// A fund's statement with the running balance.
    pub fn fund_statement(&self, fund: Fund) -> R<FundStatement> {
        guard(|| {
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            let st = s.fund_statement(&club_id, fund.into())?;
            Ok(FundStatement {
                fund,
                lines: st.lines.into_iter().map(StatementLine::from).collect(),
                balance: st.balance.into(),
            })
        })
    }

    // ----- loans -----

    /// Disburses a loan from the income-generation fund. Errors: `loan.*`
    /// terms, `loan.not_member`, `fund.insufficient` (`principal`).
    pub fn disburse_loan(&self, loan: NewLoan) -> R<LoanInfo> {
        guard(|| {
            let mut s = self.lock();
            let disbursed_on =
                Self::day_or_today(&s, "disbursed_on", loan.disbursed_on.as_deref())?;
            Ok(s.disburse_loan(s::NewLoan {
                borrower_id: loan.borrower_id,
                principal: loan.principal,
                disbursed_on,
                term_months: loan.term_months,
                monthly_rate_bp: loan.monthly_rate_bp,
                method: loan.method.into(),
                purpose: loan.purpose,
            })?
            .into())
        })
    }

    /// Records a repayment (*trả nợ*) of `amount` đồng paid on `paid_on`
    /// (`null`: today), allocated oldest installment first, interest before
    /// principal. Errors: `money.not_positive`, `loan.overpayment` (with what
    /// is owed), `loan.closed`, `loan.repaid_before_disbursed`.
    pub fn repay_loan(
        &self,
        loan_id: String,
        amount: i64,
        paid_on: Option<String>,
    ) -> R<RepaymentReceipt> {
        guard(|| {
            let mut s = self.lock();
            let paid_on = Self::day_or_today(&s, "paid_on", paid_on.as_deref())?;
            Ok(s.repay_loan(&loan_id, amount, paid_on)?.into())
        })
    }

    /// Writes off a loan's outstanding principal (*xóa nợ*) on `on` (`null`:
    /// today) for `reason` (required). Errors: `loan.closed` (not active),
    /// `text.required` (`reason`).
    pub fn write_off_loan(
        &self,
        loan_id: String,
        on: Option<String>,
        reason: String,
    ) -> R<LoanInfo> {
        guard(|| {
            let mut s = self.lock();
            let on = Self::day_or_today(&s, "on", on.as_deref())?;
            Ok(s.write_off_loan(&loan_id, on, &reason)?.into())
        })
    }

    /// A loan with its schedule, repayments and position on `as_of`
    /// (`null`: today).
    pub fn loan(&self, loan_id: String, as_of: Option<String>) -> R<LoanInfo> {
        guard(|| {
            let s = self.lock();
            let as_of = Self::day_or_today(&s, "as_of", as_of.as_deref())?;
            Ok(s.loan(&loan_id, as_of)?.into())
        })
    }

    /// The club's loans on `as_of` (`null`: today): active first, most days
    /// past due first; closed loans too if `include_closed`.
    pub fn loans(&self, as_of: Option<String>, include_closed: bool) -> R<Vec<LoanInfo>> {
        guard(|| {
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            let as_of = Self::day_or_today(&s, "as_of", as_of.as_deref())?;
            Ok(s.loans(&club_id, as_of, include_closed)?
                .into_iter()
                .map(LoanInfo::from)
                .collect())
        })
    }

    /// Portfolio at risk over `days` days (30 for PAR30) on `as_of`.
    pub fn portfolio_at_risk(&self, as_of: Option<String>, days: u32) -> R<PortfolioAtRisk> {
        guard(|| {
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            let as_of = Self::day_or_today(&s, "as_of", as_of.as_deref())?;
            let p = s.portfolio_at_risk(&club_id, as_of, days)?;
            Ok(PortfolioAtRisk {
                days: p.days,
                outstanding: p.outstanding.into(),
                at_risk: p.at_risk.into(),
                ratio_bp: p.ratio_bp,
            })
        })
    }

    // ----- meetings -----

    /// Records a monthly meeting with attendance and optional readings.
    pub fn record_meeting(&self, meeting: NewMeeting) -> R<Meeting> {
        guard(|| {
            let held_on = day("held_on", &meeting.held_on)?;
            let mut s = self.lock();
            let club_id = Self::club_id(&s)?;
            Ok(s.record_meeting(
                &club_id,
                s::NewMeeting {
                    held_on,
                    topic: meeting.topic,
                    attendees: meeting
                        .attendees
                        .into_iter()
                        .map(|a| ishc_core::ops::Attendance {
                            member_id: a.member_id,
                            systolic: a.systolic,
                            diastolic: a.diastolic,
                        })
                        .collect(),
                },
            )?
            .into())
        })
    }

    /// Meetings between two dates (inclusive), oldest first.
    pub fn meetings(&self, from: String, to: String) -> R<Vec<Meeting>> {
        guard(|| {
            let (from, to) = (day("from", &from)?, day("to", &to)?);
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            Ok(s.meetings(&club_id, from, to)?
                .into_iter()
                .map(Meeting::from)
                .collect())
        })
    }

    // ----- activities -----

    /// Records an activity in one of the club's areas (`area`, a key of
    /// `club().activityAreas`). Errors: `activity.area_unknown`, `text.required`
    /// (`title`).
    pub fn record_activity(
        &self,
        area: String,
        held_on: String,
        title: String,
        participants: u32,
    ) -> R<Activity> {
        guard(|| {
            let held_on = day("held_on", &held_on)?;
            let mut s = self.lock();
            let club_id = Self::club_id(&s)?;
            Ok(
                s.record_activity(&club_id, &area, held_on, &title, participants)?
                    .into(),
            )
        })
    }

    // ----- composition -----

    /// The club's composition on `as_of` (`null`: today) against the plan.
    pub fn composition(&self, as_of: Option<String>) -> R<Composition> {
        guard(|| {
            let s = self.lock();
            let club_id = Self::club_id(&s)?;
            let as_of = Self::day_or_today(&s, "as_of", as_of.as_deref())?;
            Ok(s.composition(&club_id, as_of)?.into())
        })
    }

    // ----- sync review -----

    /// Operations recorded here and not yet accepted by the server.
    pub fn pending_count(&self) -> R<i64> {
        guard(|| Ok(self.lock().pending_count()?))
    }

    /// Local operations the server refused, with the reasons.
    pub fn rejected_ops(&self) -> R<Vec<RejectedOp>> {
        guard(|| {
            Ok(self
                .lock()
                .rejected_ops()?
                .into_iter()
                .map(|r| RejectedOp {
                    op_id: r.op_id,
                    entity: r.entity,
                    entity_id: r.entity_id,
                    code: r.code,
                    reason: r.reason,
                    recorded_at: r.recorded_at,
                })
                .collect())
        })
    }

    /// Values that lost a concurrent edit: open ones, or all if `all`.
    pub fn conflicts(&self, all: bool) -> R<Vec<ConflictInfo>> {
        guard(|| {
            let s = self.lock();
            s.conflicts(all)?
                .into_iter()
                .map(|c| {
                    let member_name = s
                        .member(&c.entity_id)
                        .map(|m| m.full_name)
                        .unwrap_or_default();
                    Ok(ConflictInfo {
                        id: c.id,
                        member_id: c.entity_id,
                        member_name,
                        field: c.field,
                        losing_value: c.losing_value.to_string(),
                        losing_author: c.losing_author,
                        winning_author: c.winning_author,
                        status: c.status,
                    })
                })
                .collect()
        })
    }

    /// Restores a conflict's losing value (a new edit, which wins).
    pub fn restore_conflict(&self, conflict_id: String) -> R<MemberInfo> {
        guard(|| {
            let mut s = self.lock();
            let today = s.today();
            Ok(member_info(s.restore_conflict(&conflict_id)?, today))
        })
    }

    /// Dismisses a conflict (the current value stands).
    pub fn dismiss_conflict(&self, conflict_id: String) -> R<()> {
        guard(|| Ok(self.lock().dismiss_conflict(&conflict_id)?))
    }

    /// Copies the database to `dest_path` with SQLite's online backup,
    /// encrypted with the store's key (its own salt): it opens with the
    /// same key, and only with it.
    pub fn backup_to(&self, dest_path: String) -> R<()> {
        guard(|| Ok(self.lock().backup_to(Path::new(&dest_path))?))
    }

    /// Writes an encrypted backup of the whole database to the new file
    /// `dest_path`, for the treasurer to restore onto a new phone with
    /// [`ClubStore::restore_backup`]. It is keyed with `passphrase`, which
    /// the treasurer chooses and must remember (SQLCipher's
    /// PBKDF2-HMAC-SHA512, 256,000 iterations, a random salt per file), not
    /// with this phone's key. Nothing is left at `dest_path` if it fails.
    ///
    /// Errors: `backup.passphrase_short` (field `passphrase`: at least 12
    /// characters, counted as written, spaces at the ends not counted),
    /// `backup.dest_exists` (field `path`), `internal.io`.
    pub fn write_backup(&self, dest_path: String, passphrase: String) -> R<()> {
        let passphrase = Zeroizing::new(passphrase);
        guard(|| {
            let passphrase = BackupPassphrase::new(&passphrase)?;
            Ok(self
                .lock()
                .write_backup(Path::new(&dest_path), &passphrase)?)
        })
    }

    /// Restores the backup at `backup_path` (made with `passphrase`) onto
    /// this phone as the new database at `path`, encrypted with this
    /// phone's `key` (as for [`ClubStore::open`]), and opens it
    /// (`device_id` as for [`ClubStore::open`]: used only if the backup's
    /// store was never enrolled). The store
    /// carries on as the old phone (its identity and unsent work): sync it
    /// as usual. If that sync is refused with `auth.device_revoked` (the old
    /// phone was lost and revoked), close this store and call
    /// [`enrol_restored`] with a new code. A wrong passphrase writes
    /// nothing; the backup is never changed.
    ///
    /// Errors: `backup.passphrase_short`, `backup.passphrase_invalid`
    /// (field `passphrase`), `backup.dest_exists` (field `path`),
    /// `store.key_length` (field `key`), `schema.too_new`, `internal.io`
    /// (no file at `backup_path`).
    #[uniffi::constructor]
    pub fn restore_backup(
        backup_path: String,
        passphrase: String,
        path: String,
        mut key: Vec<u8>,
        device_id: String,
    ) -> R<Arc<ClubStore>> {
        let passphrase = Zeroizing::new(passphrase);
        let key_or_error = StoreKey::from_slice(&key);
        key.zeroize();
        guard(|| {
            let key = key_or_error?;
            let passphrase = BackupPassphrase::new(&passphrase)?;
            let store = Store::restore_backup(
                Path::new(&backup_path),
                &passphrase,
                Path::new(&path),
                &key,
                &device_id,
                Arc::new(SystemClock),
            )?;
            Ok(Arc::new(ClubStore {
                inner: Arc::new(Mutex::new(store)),
            }))
        })
    }
}
