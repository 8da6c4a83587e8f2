//! Loan arithmetic for the revolving loan fund: repayment schedules, the
//! allocation of repayments, outstanding balances, days past due and
//! portfolio at risk. Pure functions, no IO.
//!
//! Rates are integer basis points per month (1% a month = 100 bp) so no
//! floating point touches money. Money is `i64` đồng; products are taken in
//! `i128` and every division is an explicit integer rounding.
//!
//! # Terms
//!
//! [`validate_terms`]: principal more than 0 đồng, a whole number of thousands
//! of đồng and at most [`MAX_PRINCIPAL`]; term 1–60 months; rate 0–1,000 bp a
//! month; the last due date must be a representable calendar date.
//!
//! # Schedule rules
//!
//! One installment a month. Installment `n` (1-based) is due on the
//! disbursement date plus `n` months (chrono's `checked_add_months`), each
//! computed from the disbursement date rather than from the previous due date,
//! so a loan disbursed on 31 January falls due on 28 (or 29) February, 31
//! March, 30 April, 31 May and so on.
//!
//! *Principal parts* (both methods): every installment but the last gets
//! `floor(principal / term)` rounded **down** to a multiple of 1,000 đồng; the
//! last gets the remainder, so the parts sum exactly to the principal.
//!
//! *Flat* (*lãi phẳng*): total interest = `principal × rate × term / 10,000`
//! rounded half-up to the đồng. Every installment but the last gets
//! `floor(total_interest / term)` rounded down to a multiple of 1,000 đồng; the
//! last gets the remainder.
//!
//! *Declining balance* (*dư nợ giảm dần*): the exact interest of month `k` is
//! `outstanding_k × rate / 10,000`, where `outstanding_k` is the principal
//! still outstanding at the start of month `k` (the principal less the
//! principal parts of installments `1..k`). Total interest = `Σ outstanding_k
//! × rate / 10,000`, computed exactly (one sum, one division) and rounded
//! half-up to the đồng. Every installment but the last gets its exact interest
//! rounded down to a multiple of 1,000 đồng; the last gets the remainder (so
//! the last installment's interest part also carries the rounding of the
//! earlier months).
//!
//! A rate of 0 gives zero interest everywhere. Every part is ≥ 0.
//!
//! # Allocation rules
//!
//! [`position`] considers only repayments paid on or before `as_of`, in
//! `(paid_on, id)` order. Each is allocated to installments oldest first,
//! including installments not yet due (a prepayment), and within an
//! installment interest before principal. An installment is paid off on the
//! date of the repayment that completes it. Days past due count from the due
//! date of the oldest installment due *before* `as_of` that is not fully paid;
//! the due date itself is not past due.
//!
//! # Portfolio at risk
//!
//! [`portfolio_at_risk`] follows the SEEP Network's *Microfinance Financial
//! Reporting Standards* (PAR > n days): the outstanding principal of every loan
//! with an installment more than `n` days past due, over all outstanding
//! principal, here in basis points rounded half-up.

use crate::error::FieldError;
use crate::model::InterestMethod;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The terms a loan is disbursed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanTerms {
    /// Principal disbursed, đồng.
    pub principal: i64,
    /// Calendar date of disbursement.
    pub disbursed_on: NaiveDate,
    /// Term in months; one installment a month.
    pub term_months: u32,
    /// Interest rate per month in basis points (100 = 1% a month).
    pub monthly_rate_bp: u32,
    /// Flat or declining balance.
    pub method: InterestMethod,
}

/// Checks loan terms: principal positive and a whole number of thousands of
/// đồng, term 1–60 months, rate 0–1,000 bp a month. Errors name the field
/// (`principal`, `term_months`, `monthly_rate_bp`).
///
/// Codes: `loan.principal_not_positive`, `loan.principal_not_thousands`,
/// `loan.principal_too_large` (over [`MAX_PRINCIPAL`]),
/// `loan.term_out_of_range`, `loan.rate_out_of_range`, and
/// `loan.maturity_out_of_range` (field `disbursed_on`: the last due date would
/// fall outside the calendar chrono can represent).
pub fn validate_terms(terms: &LoanTerms) -> Result<(), FieldError> {
    let p = terms.principal;
    if p <= 0 {
        return Err(FieldError::new(
            "loan.principal_not_positive",
            "principal",
            format!("principal must be more than 0 ₫; got {}", fmt_dong(p)),
        ));
    }
    if p % PRINCIPAL_STEP != 0 {
        return Err(FieldError::new(
            "loan.principal_not_thousands",
            "principal",
            format!(
                "principal must be a whole number of thousands of đồng (a multiple of 1.000 ₫); got {}",
                fmt_dong(p)
            ),
        ));
    }
    if p > MAX_PRINCIPAL {
        return Err(FieldError::new(
            "loan.principal_too_large",
            "principal",
            format!(
                "principal must be at most {}; got {}",
                fmt_dong(MAX_PRINCIPAL),
                fmt_dong(p)
            ),
        ));
    }
    if !(MIN_TERM_MONTHS..=MAX_TERM_MONTHS).contains(&terms.term_months) {
        return Err(FieldError::new(
            "loan.term_out_of_range",
            "term_months",
            format!(
                "term must be {MIN_TERM_MONTHS} to {MAX_TERM_MONTHS} months; got {}",
                terms.term_months
            ),
        ));
    }
    if terms.monthly_rate_bp > MAX_RATE_BP {
        return Err(FieldError::new(
            "loan.rate_out_of_range",
            "monthly_rate_bp",
            format!(
                "monthly rate must be 0 to {} bp (0% to 10% a month); got {} bp",
                fmt_group(i128::from(MAX_RATE_BP), ','),
                fmt_group(i128::from(terms.monthly_rate_bp), ',')
            ),
        ));
    }
    if due_date(terms.disbursed_on, terms.term_months).is_none() {
        return Err(FieldError::new(
            "loan.maturity_out_of_range",
            "disbursed_on",
            format!(
                "disbursement date {} plus {} months is outside the supported calendar",
                terms.disbursed_on, terms.term_months
            ),
        ));
    }
    Ok(())
}

/// Principal must be a multiple of this many đồng (1,000 đồng).
pub const PRINCIPAL_STEP: i64 = 1_000;

/// Largest principal [`validate_terms`] accepts, đồng (10^15 đồng). Far above
/// any real loan; it keeps principal plus interest (at most 7 × principal at
/// 1,000 bp for 60 months) inside `i64`.
pub const MAX_PRINCIPAL: i64 = 1_000_000_000_000_000;

/// Shortest term, months.
pub const MIN_TERM_MONTHS: u32 = 1;

/// Longest term, months.
pub const MAX_TERM_MONTHS: u32 = 60;

/// Highest monthly rate, basis points a month (1,000 bp = 10% a month).
pub const MAX_RATE_BP: u32 = 1_000;

/// Installment parts (other than the last) are rounded down to a multiple of
/// this many đồng.
const PART_STEP: i128 = 1_000;

/// Basis points in one.
const BP: i128 = 10_000;

/// Due date of installment `n`: `disbursed_on + n` months, clamped to the end
/// of a shorter month; `None` when out of chrono's range.
fn due_date(disbursed_on: NaiveDate, n: u32) -> Option<NaiveDate> {
    disbursed_on.checked_add_months(Months::new(n))
}

/// `n / d` rounded half-up, for `n ≥ 0` and `d > 0`.
fn div_half_up(n: i128, d: i128) -> i128 {
    (n + d / 2) / d
}

/// Rounds `x ≥ 0` down to a multiple of 1,000.
fn floor_step(x: i128) -> i128 {
    x - x % PART_STEP
}

/// Converts an `i128` amount back to `i64`, saturating (only reachable on
/// inputs that failed validation).
fn to_i64(x: i128) -> i64 {
    i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX })
}

/// Groups the digits of `n` in threes with `sep` (`1500000` → `1.500.000`).
fn fmt_group(n: i128, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Formats đồng for messages as `1.500.000 ₫` (negatives `-1.500.000 ₫`).
/// A private stand-in for `money::format_dong`, with the same output.
fn fmt_dong(amount: i64) -> String {
    format!("{} ₫", fmt_group(i128::from(amount), '.'))
}

/// One scheduled installment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    /// 1-based installment number.
    pub number: u32,
    /// Due date: the disbursement date plus `number` months, clamped to the
    /// end of a shorter month.
    pub due_on: NaiveDate,
    /// Principal part, đồng.
    pub principal: i64,
    /// Interest part, đồng.
    pub interest: i64,
}

impl Installment {
    /// Principal plus interest, đồng.
    pub fn total(&self) -> i64 {
        self.principal + self.interest
    }
}

/// The repayment schedule. Every installment's principal and interest parts
/// are rounded down to 1,000 đồng and the last installment takes the
/// remainder, so the parts sum exactly to the principal and to the total
/// interest. Assumes [`validate_terms`] passed; terms that fail it get an
/// empty schedule. The rules are in the [module documentation](self).
pub fn schedule(terms: &LoanTerms) -> Vec<Installment> {
    if validate_terms(terms).is_err() {
        return Vec::new();
    }
    let principal = i128::from(terms.principal);
    let term = i128::from(terms.term_months);
    let rate = i128::from(terms.monthly_rate_bp);
    let principal_part = floor_step(principal / term);

    // Exact interest of each month as a numerator over BP (đồng × bp).
    let numerators: Vec<i128> = (0..term)
        .map(|k| match terms.method {
            InterestMethod::Flat => principal * rate,
            InterestMethod::DecliningBalance => (principal - k * principal_part) * rate,
        })
        .collect();
    let total_interest = div_half_up(numerators.iter().sum(), BP);
    let flat_interest_part = floor_step(total_interest / term);

    let mut out = Vec::with_capacity(numerators.len());
    let (mut principal_left, mut interest_left) = (principal, total_interest);
    for (number, numerator) in (1..=terms.term_months).zip(numerators) {
        let (p, r) = if number == terms.term_months {
            (principal_left, interest_left)
        } else {
            let r = match terms.method {
                InterestMethod::Flat => flat_interest_part,
                InterestMethod::DecliningBalance => floor_step(numerator / BP),
            };
            (principal_part, r)
        };
        principal_left -= p;
        interest_left -= r;
        // Validated terms always have a representable maturity; the fallback
        // only keeps this function total.
        let due_on = due_date(terms.disbursed_on, number).unwrap_or(NaiveDate::MAX);
        out.push(Installment {
            number,
            due_on,
            principal: to_i64(p),
            interest: to_i64(r),
        });
    }
    out
}

/// Total scheduled interest, đồng (the sum of the schedule's interest parts;
/// 0 for terms that fail [`validate_terms`]).
pub fn total_interest(terms: &LoanTerms) -> i64 {
    schedule(terms).iter().map(|i| i.interest).sum()
}

/// A repayment as the allocation sees it (reversed repayments excluded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repayment {
    /// Repayment id.
    pub id: String,
    /// Calendar date paid (Vietnam).
    pub paid_on: NaiveDate,
    /// Amount paid, đồng, positive.
    pub amount: i64,
}

/// An installment with what has been paid against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentStatus {
    /// The scheduled installment.
    pub installment: Installment,
    /// Principal paid against it, đồng.
    pub principal_paid: i64,
    /// Interest paid against it, đồng.
    pub interest_paid: i64,
    /// Date the installment became fully paid.
    pub paid_off_on: Option<NaiveDate>,
}

/// A loan's position on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanPosition {
    /// The date the position is taken on.
    pub as_of: NaiveDate,
    /// Each installment with its payments.
    pub installments: Vec<InstallmentStatus>,
    /// Principal repaid, đồng.
    pub principal_repaid: i64,
    /// Interest repaid, đồng.
    pub interest_repaid: i64,
    /// Principal outstanding (*dư nợ gốc*), đồng.
    pub principal_outstanding: i64,
    /// Scheduled interest not yet paid, đồng.
    pub interest_outstanding: i64,
    /// What fell due before `as_of` and is unpaid (principal plus interest), đồng.
    pub overdue_amount: i64,
    /// Days past due: days from the due date of the oldest installment due
    /// before `as_of` and still unpaid, to `as_of`; 0 when nothing is overdue.
    pub days_past_due: u32,
}

/// Allocates repayments made on or before `as_of` to installments, oldest
/// first and interest before principal, and computes the position.
///
/// Repayments are taken in `(paid_on, id)` order whatever order they are given
/// in. Repayments with a non-positive amount are ignored, and any excess over
/// the whole schedule is not allocated (so `principal_repaid +
/// interest_repaid` is then less than the sum paid; [`check_repayment`] keeps
/// that from happening). An installment with nothing due (possible only when
/// the principal is under 1,000 đồng a month and the rate is low) is marked
/// paid off by the first repayment that reaches it. Never panics; terms that
/// fail [`validate_terms`] have an empty schedule, so nothing is allocated.
pub fn position(terms: &LoanTerms, repayments: &[Repayment], as_of: NaiveDate) -> LoanPosition {
    let mut installments: Vec<InstallmentStatus> = schedule(terms)
        .into_iter()
        .map(|installment| InstallmentStatus {
            installment,
            principal_paid: 0,
            interest_paid: 0,
            paid_off_on: None,
        })
        .collect();

    let mut counted: Vec<&Repayment> = repayments
        .iter()
        .filter(|r| r.paid_on <= as_of && r.amount > 0)
        .collect();
    counted.sort_by(|a, b| (a.paid_on, &a.id, a.amount).cmp(&(b.paid_on, &b.id, b.amount)));

    let (mut principal_repaid, mut interest_repaid) = (0i64, 0i64);
    for repayment in counted {
        let mut left = repayment.amount;
        for status in installments.iter_mut().filter(|s| s.paid_off_on.is_none()) {
            let interest = left.min(status.installment.interest - status.interest_paid);
            status.interest_paid += interest;
            left -= interest;
            let principal = left.min(status.installment.principal - status.principal_paid);
            status.principal_paid += principal;
            left -= principal;
            interest_repaid += interest;
            principal_repaid += principal;
            if is_paid(status) {
                status.paid_off_on = Some(repayment.paid_on);
            } else {
                break;
            }
        }
    }

    let mut overdue_amount = 0i64;
    let mut oldest_overdue: Option<NaiveDate> = None;
    for status in installments.iter().filter(|s| s.installment.due_on < as_of) {
        overdue_amount += unpaid(status);
        if oldest_overdue.is_none() && !is_paid(status) {
            oldest_overdue = Some(status.installment.due_on);
        }
    }
    let days_past_due = oldest_overdue.map_or(0, |due| {
        u32::try_from((as_of - due).num_days()).unwrap_or(u32::MAX)
    });
    let scheduled_interest: i64 = installments.iter().map(|s| s.installment.interest).sum();

    LoanPosition {
        as_of,
        principal_repaid,
        interest_repaid,
        principal_outstanding: terms.principal.saturating_sub(principal_repaid),
        interest_outstanding: scheduled_interest - interest_repaid,
        overdue_amount,
        days_past_due,
        installments,
    }
}

/// Whether both parts of an installment are fully paid.
fn is_paid(status: &InstallmentStatus) -> bool {
    status.principal_paid >= status.installment.principal
        && status.interest_paid >= status.installment.interest
}

/// What is still unpaid on an installment, đồng.
fn unpaid(status: &InstallmentStatus) -> i64 {
    (status.installment.principal - status.principal_paid)
        + (status.installment.interest - status.interest_paid)
}

/// Refuses a repayment of `amount` that is not positive or that exceeds what
/// is still owed (principal plus scheduled interest) after `existing`
/// repayments; the error (field `amount`) gives the figures.
///
/// Every existing repayment counts whatever its date (non-positive amounts are
/// ignored, as in [`position`]). Codes: `loan.amount_not_positive`,
/// `loan.overpayment`; terms that fail [`validate_terms`] are refused with
/// that error.
pub fn check_repayment(
    terms: &LoanTerms,
    existing: &[Repayment],
    amount: i64,
) -> Result<(), FieldError> {
    if amount <= 0 {
        return Err(FieldError::new(
            "loan.amount_not_positive",
            "amount",
            format!(
                "a repayment must be more than 0 ₫; got {}",
                fmt_dong(amount)
            ),
        ));
    }
    validate_terms(terms)?;
    let repaid: i128 = existing
        .iter()
        .filter(|r| r.amount > 0)
        .map(|r| i128::from(r.amount))
        .sum();
    let owed = i128::from(terms.principal) + i128::from(total_interest(terms)) - repaid;
    let owed = to_i64(owed.max(0));
    if amount > owed {
        return Err(FieldError::new(
            "loan.overpayment",
            "amount",
            format!(
                "repayment of {} is more than the {} still owed (principal plus scheduled interest, less repayments)",
                fmt_dong(amount),
                fmt_dong(owed)
            ),
        ));
    }
    Ok(())
}

/// Portfolio at risk: the outstanding principal of loans more than `days`
/// days past due, over all outstanding principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioAtRisk {
    /// Threshold in days (30 for PAR30).
    pub days: u32,
    /// Outstanding principal of all loans, đồng.
    pub outstanding: i64,
    /// Outstanding principal of loans past the threshold, đồng.
    pub at_risk: i64,
    /// `at_risk / outstanding` in basis points (0 when nothing is outstanding).
    pub ratio_bp: u32,
}

/// Portfolio at risk over `days` days for a set of loan positions
/// (SEEP Network framework, ratio "portfolio at risk > 30 days").
///
/// `outstanding` = Σ `principal_outstanding`; `at_risk` = Σ
/// `principal_outstanding` of positions with `days_past_due > days` (the whole
/// balance of each such loan, not only its overdue part); `ratio_bp` =
/// `at_risk × 10,000 / outstanding` rounded half-up, 0 when nothing is
/// outstanding. Positions should share one `as_of` date.
pub fn portfolio_at_risk(positions: &[LoanPosition], days: u32) -> PortfolioAtRisk {
    let outstanding: i128 = positions
        .iter()
        .map(|p| i128::from(p.principal_outstanding.max(0)))
        .sum();
    let at_risk: i128 = positions
        .iter()
        .filter(|p| p.days_past_due > days)
        .map(|p| i128::from(p.principal_outstanding.max(0)))
        .sum();
    let ratio_bp = if outstanding == 0 {
        0
    } else {
        u32::try_from(div_half_up(at_risk * BP, outstanding)).unwrap_or(u32::MAX)
    };
    PortfolioAtRisk {
        days,
        outstanding: to_i64(outstanding),
        at_risk: to_i64(at_risk),
        ratio_bp,
    }
}
