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
    position_from(schedule(terms), terms, repayments.iter(), as_of)
}

/// [`position`] from the loan's schedule, already computed.
fn position_from<'a>(
    schedule: Vec<Installment>,
    terms: &LoanTerms,
    repayments: impl Iterator<Item = &'a Repayment>,
    as_of: NaiveDate,
) -> LoanPosition {
    let mut installments: Vec<InstallmentStatus> = schedule
        .into_iter()
        .map(|installment| InstallmentStatus {
            installment,
            principal_paid: 0,
            interest_paid: 0,
            paid_off_on: None,
        })
        .collect();

    let mut counted: Vec<&Repayment> = repayments
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
    check_positive(amount)?;
    validate_terms(terms)?;
    check_owed(terms, total_interest(terms), existing, amount)
}

/// Refuses a repayment amount that is not positive (the first half of
/// [`check_repayment`]).
fn check_positive(amount: i64) -> Result<(), FieldError> {
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
    Ok(())
}

/// Refuses a positive `amount` over what is still owed, given the
/// schedule's total interest (the second half of [`check_repayment`]).
fn check_owed(
    terms: &LoanTerms,
    total_interest: i64,
    existing: &[Repayment],
    amount: i64,
) -> Result<(), FieldError> {
    let repaid: i128 = existing
        .iter()
        .filter(|r| r.amount > 0)
        .map(|r| i128::from(r.amount))
        .sum();
    let owed = i128::from(terms.principal) + i128::from(total_interest) - repaid;
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

/// A new repayment checked as [`check_repayment`] checks it against
/// `existing` (same errors), and the [`position`] on its date with it
/// counted: what recording it needs, from one computation of the schedule.
pub fn check_and_position(
    terms: &LoanTerms,
    existing: &[Repayment],
    new: &Repayment,
) -> Result<LoanPosition, FieldError> {
    check_positive(new.amount)?;
    validate_terms(terms)?;
    let installments = schedule(terms);
    let total_interest = installments.iter().map(|i| i.interest).sum();
    check_owed(terms, total_interest, existing, new.amount)?;
    Ok(position_from(
        installments,
        terms,
        existing.iter().chain(std::iter::once(new)),
        new.paid_on,
    ))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn terms(
        principal: i64,
        months: u32,
        bp: u32,
        method: InterestMethod,
        on: NaiveDate,
    ) -> LoanTerms {
        LoanTerms {
            principal,
            disbursed_on: on,
            term_months: months,
            monthly_rate_bp: bp,
            method,
        }
    }

    /// Flat 5,000,000 đ, 12 months, 100 bp, disbursed 2026-01-15.
    fn flat_5m() -> LoanTerms {
        terms(5_000_000, 12, 100, InterestMethod::Flat, d(2026, 1, 15))
    }

    /// Declining balance, otherwise as [`flat_5m`].
    fn declining_5m() -> LoanTerms {
        terms(
            5_000_000,
            12,
            100,
            InterestMethod::DecliningBalance,
            d(2026, 1, 15),
        )
    }

    fn rep(id: &str, on: NaiveDate, amount: i64) -> Repayment {
        Repayment {
            id: id.to_string(),
            paid_on: on,
            amount,
        }
    }

    /// The schedule as `(number, due_on, principal, interest)` rows.
    fn rows(terms: &LoanTerms) -> Vec<(u32, NaiveDate, i64, i64)> {
        schedule(terms)
            .iter()
            .map(|i| (i.number, i.due_on, i.principal, i.interest))
            .collect()
    }

    // ---------------------------------------------------------------- terms

    #[test]
    fn validate_terms_accepts_the_bounds() {
        let on = d(2026, 1, 15);
        for t in [
            terms(1_000, 1, 0, InterestMethod::Flat, on),
            terms(
                MAX_PRINCIPAL,
                60,
                1_000,
                InterestMethod::DecliningBalance,
                on,
            ),
            flat_5m(),
        ] {
            assert_eq!(validate_terms(&t), Ok(()), "{t:?}");
        }
    }

    #[test]
    fn validate_terms_names_field_rule_and_figures() {
        let on = d(2026, 1, 15);
        let cases = [
            (
                terms(0, 12, 100, InterestMethod::Flat, on),
                "loan.principal_not_positive",
                "principal",
                "got 0 ₫",
            ),
            (
                terms(-5_000, 12, 100, InterestMethod::Flat, on),
                "loan.principal_not_positive",
                "principal",
                "got -5.000 ₫",
            ),
            (
                terms(1_500_500, 12, 100, InterestMethod::Flat, on),
                "loan.principal_not_thousands",
                "principal",
                "got 1.500.500 ₫",
            ),
            (
                terms(MAX_PRINCIPAL + 1_000, 12, 100, InterestMethod::Flat, on),
                "loan.principal_too_large",
                "principal",
                "1.000.000.000.000.000 ₫",
            ),
            (
                terms(1_000_000, 0, 100, InterestMethod::Flat, on),
                "loan.term_out_of_range",
                "term_months",
                "1 to 60 months; got 0",
            ),
            (
                terms(1_000_000, 61, 100, InterestMethod::Flat, on),
                "loan.term_out_of_range",
                "term_months",
                "got 61",
            ),
            (
                terms(1_000_000, 12, 1_001, InterestMethod::Flat, on),
                "loan.rate_out_of_range",
                "monthly_rate_bp",
                "0 to 1,000 bp (0% to 10% a month); got 1,001 bp",
            ),
            (
                terms(1_000_000, 12, 100, InterestMethod::Flat, NaiveDate::MAX),
                "loan.maturity_out_of_range",
                "disbursed_on",
                "plus 12 months",
            ),
        ];
        for (t, code, field, figures) in cases {
            let e = validate_terms(&t).expect_err(code);
            assert_eq!(e.code, code);
            assert_eq!(e.field, field);
            assert!(
                e.message.contains(figures),
                "{} lacks {figures:?}",
                e.message
            );
        }
    }

    #[test]
    fn formats_dong_with_dot_groups() {
        assert_eq!(fmt_dong(0), "0 ₫");
        assert_eq!(fmt_dong(999), "999 ₫");
        assert_eq!(fmt_dong(1_000), "1.000 ₫");
        assert_eq!(fmt_dong(1_500_000), "1.500.000 ₫");
        assert_eq!(fmt_dong(-1_500_000), "-1.500.000 ₫");
        assert_eq!(fmt_dong(i64::MIN), "-9.223.372.036.854.775.808 ₫");
    }

    // ------------------------------------------------------------- schedule

    #[test]
    fn golden_flat_5m_12_months_100bp() {
        // Total interest = 5,000,000 × 100 × 12 / 10,000 = 600,000.
        // Principal part = floor(5,000,000 / 12) = 416,666 → 416,000;
        //   last = 5,000,000 − 11 × 416,000 = 5,000,000 − 4,576,000 = 424,000.
        // Interest part = 600,000 / 12 = 50,000; last = 600,000 − 550,000 = 50,000.
        // Installments 1–11 total 466,000; installment 12 totals 474,000.
        // Due on the 15th of each month from Feb 2026 to Jan 2027.
        let expected = vec![
            (1, d(2026, 2, 15), 416_000, 50_000),
            (2, d(2026, 3, 15), 416_000, 50_000),
            (3, d(2026, 4, 15), 416_000, 50_000),
            (4, d(2026, 5, 15), 416_000, 50_000),
            (5, d(2026, 6, 15), 416_000, 50_000),
            (6, d(2026, 7, 15), 416_000, 50_000),
            (7, d(2026, 8, 15), 416_000, 50_000),
            (8, d(2026, 9, 15), 416_000, 50_000),
            (9, d(2026, 10, 15), 416_000, 50_000),
            (10, d(2026, 11, 15), 416_000, 50_000),
            (11, d(2026, 12, 15), 416_000, 50_000),
            (12, d(2027, 1, 15), 424_000, 50_000),
        ];
        assert_eq!(rows(&flat_5m()), expected);
        assert_eq!(total_interest(&flat_5m()), 600_000);
        let s = schedule(&flat_5m());
        assert!(s[..11].iter().all(|i| i.total() == 466_000));
        assert_eq!(s[11].total(), 474_000);
    }

    #[test]
    fn golden_declining_5m_12_months_100bp() {
        // Principal parts as flat: 416,000 × 11, last 424,000.
        // Outstanding at the start of month k = 5,000,000 − (k − 1) × 416,000;
        // exact interest = outstanding × 1%:
        //   k  outstanding  exact interest  scheduled (down to 1,000)
        //   1  5,000,000    50,000          50,000
        //   2  4,584,000    45,840          45,000
        //   3  4,168,000    41,680          41,000
        //   4  3,752,000    37,520          37,000
        //   5  3,336,000    33,360          33,000
        //   6  2,920,000    29,200          29,000
        //   7  2,504,000    25,040          25,000
        //   8  2,088,000    20,880          20,000
        //   9  1,672,000    16,720          16,000
        //  10  1,256,000    12,560          12,000
        //  11    840,000     8,400           8,000
        //  12    424,000     4,240           remainder
        // Σ outstanding = 12 × 5,000,000 − 416,000 × 66 = 32,544,000, so the
        // total interest = 32,544,000 × 100 / 10,000 = 325,440.
        // Months 1–11 scheduled: 316,000; last = 325,440 − 316,000 = 9,440.
        let interest = [
            50_000, 45_000, 41_000, 37_000, 33_000, 29_000, 25_000, 20_000, 16_000, 12_000, 8_000,
        ];
        let mut expected: Vec<_> = (1..=11u32)
            .map(|n| (n, d(2026, n + 1, 15), 416_000, interest[n as usize - 1]))
            .collect();
        expected.push((12, d(2027, 1, 15), 424_000, 9_440));
        assert_eq!(rows(&declining_5m()), expected);
        assert_eq!(total_interest(&declining_5m()), 325_440);
    }

    #[test]
    fn golden_flat_month_end_clamping() {
        // 3,000,000 đ, 6 months, 150 bp, disbursed 31 Jan 2026.
        // Total interest = 3,000,000 × 150 × 6 / 10,000 = 270,000.
        // Principal 3,000,000 / 6 = 500,000 each (no remainder);
        // interest 270,000 / 6 = 45,000 each. Each installment 545,000.
        // Due dates from 31 Jan, each from the disbursement date (not chained):
        // 28 Feb (2026 is not a leap year), 31 Mar, 30 Apr, 31 May, 30 Jun, 31 Jul.
        let t = terms(3_000_000, 6, 150, InterestMethod::Flat, d(2026, 1, 31));
        assert_eq!(
            rows(&t),
            vec![
                (1, d(2026, 2, 28), 500_000, 45_000),
                (2, d(2026, 3, 31), 500_000, 45_000),
                (3, d(2026, 4, 30), 500_000, 45_000),
                (4, d(2026, 5, 31), 500_000, 45_000),
                (5, d(2026, 6, 30), 500_000, 45_000),
                (6, d(2026, 7, 31), 500_000, 45_000),
            ]
        );
    }

    #[test]
    fn golden_zero_rate() {
        // 1,000,000 đ, 3 months, 0 bp, disbursed 10 Mar 2026: no interest.
        // Principal floor(1,000,000 / 3) = 333,333 → 333,000;
        // last = 1,000,000 − 666,000 = 334,000. Same for both methods.
        for method in [InterestMethod::Flat, InterestMethod::DecliningBalance] {
            let t = terms(1_000_000, 3, 0, method, d(2026, 3, 10));
            assert_eq!(
                rows(&t),
                vec![
                    (1, d(2026, 4, 10), 333_000, 0),
                    (2, d(2026, 5, 10), 333_000, 0),
                    (3, d(2026, 6, 10), 334_000, 0),
                ]
            );
        }
    }

    #[test]
    fn golden_one_month() {
        // 1,234,000 đ, 1 month, 123 bp, disbursed 31 Jan 2028 (a leap year).
        // Interest = 1,234,000 × 123 / 10,000 = 15,178.2 → 15,178 đ (the last,
        // only installment takes it unrounded to 1,000). Due 29 Feb 2028.
        for method in [InterestMethod::Flat, InterestMethod::DecliningBalance] {
            let t = terms(1_234_000, 1, 123, method, d(2028, 1, 31));
            assert_eq!(rows(&t), vec![(1, d(2028, 2, 29), 1_234_000, 15_178)]);
        }
    }

    #[test]
    fn total_interest_rounds_half_up() {
        // Flat: 1,005,000 × 1 × 1 / 10,000 = 100.5 → 101.
        let t = terms(1_005_000, 1, 1, InterestMethod::Flat, d(2026, 1, 1));
        assert_eq!(total_interest(&t), 101);
        // Flat: 1,004,000 × 1 × 1 / 10,000 = 100.4 → 100.
        let t = terms(1_004_000, 1, 1, InterestMethod::Flat, d(2026, 1, 1));
        assert_eq!(total_interest(&t), 100);
        // Declining, 2 months, 3 bp, 3,000 đ: parts 1,000 and 2,000;
        // Σ outstanding = 3,000 + 2,000 = 5,000; 5,000 × 3 / 10,000 = 1.5 → 2.
        let t = terms(3_000, 2, 3, InterestMethod::DecliningBalance, d(2026, 1, 1));
        assert_eq!(
            rows(&t),
            vec![(1, d(2026, 2, 1), 1_000, 0), (2, d(2026, 3, 1), 2_000, 2)]
        );
    }

    #[test]
    fn invalid_terms_give_an_empty_schedule() {
        let t = terms(1_500, 12, 100, InterestMethod::Flat, d(2026, 1, 1));
        assert!(schedule(&t).is_empty());
        let t = terms(
            1_000_000,
            1_000_000_000,
            100,
            InterestMethod::Flat,
            d(2026, 1, 1),
        );
        assert!(schedule(&t).is_empty());
    }

    // ----------------------------------------------------------- allocation
    //
    // All on the flat 5,000,000 đ / 12 months / 100 bp loan: installments of
    // 416,000 principal + 50,000 interest = 466,000 due on the 15th from
    // 15 Feb 2026 (the 12th is 424,000 + 50,000 = 474,000). Total owed
    // 5,600,000.

    /// `(principal_paid, interest_paid, paid_off_on)` of the first `n` installments.
    fn paid(p: &LoanPosition, n: usize) -> Vec<(i64, i64, Option<NaiveDate>)> {
        p.installments[..n]
            .iter()
            .map(|s| (s.principal_paid, s.interest_paid, s.paid_off_on))
            .collect()
    }

    #[test]
    fn allocation_partial_payment() {
        // 100,000 on 15 Feb: 50,000 interest first, then 50,000 principal.
        // As of 20 Feb installment 1 (due 15 Feb) still lacks 366,000: 5 days late.
        let p = position(
            &flat_5m(),
            &[rep("r1", d(2026, 2, 15), 100_000)],
            d(2026, 2, 20),
        );
        assert_eq!(paid(&p, 2), vec![(50_000, 50_000, None), (0, 0, None)]);
        assert_eq!(p.principal_repaid, 50_000);
        assert_eq!(p.interest_repaid, 50_000);
        assert_eq!(p.principal_outstanding, 4_950_000);
        assert_eq!(p.interest_outstanding, 550_000);
        assert_eq!(p.overdue_amount, 366_000);
        assert_eq!(p.days_past_due, 5);
        assert_eq!(p.as_of, d(2026, 2, 20));
    }

    #[test]
    fn allocation_exact_payments() {
        let reps = [
            rep("r1", d(2026, 2, 15), 466_000),
            rep("r2", d(2026, 3, 15), 466_000),
            rep("r3", d(2026, 4, 15), 466_000),
        ];
        let p = position(&flat_5m(), &reps, d(2026, 4, 15));
        assert_eq!(
            paid(&p, 4),
            vec![
                (416_000, 50_000, Some(d(2026, 2, 15))),
                (416_000, 50_000, Some(d(2026, 3, 15))),
                (416_000, 50_000, Some(d(2026, 4, 15))),
                (0, 0, None),
            ]
        );
        // 3 × 416,000 = 1,248,000 principal; 3 × 50,000 interest.
        assert_eq!(p.principal_repaid, 1_248_000);
        assert_eq!(p.interest_repaid, 150_000);
        assert_eq!(p.principal_outstanding, 3_752_000);
        assert_eq!(p.interest_outstanding, 450_000);
        assert_eq!((p.overdue_amount, p.days_past_due), (0, 0));
    }

    #[test]
    fn due_date_itself_is_not_past_due() {
        let reps = [
            rep("r1", d(2026, 2, 15), 466_000),
            rep("r2", d(2026, 3, 15), 466_000),
        ];
        // Installment 3 is due 15 Apr: not overdue on 15 Apr, overdue on 16 Apr.
        let on_due = position(&flat_5m(), &reps, d(2026, 4, 15));
        assert_eq!((on_due.overdue_amount, on_due.days_past_due), (0, 0));
        let day_after = position(&flat_5m(), &reps, d(2026, 4, 16));
        assert_eq!(
            (day_after.overdue_amount, day_after.days_past_due),
            (466_000, 1)
        );
    }

    #[test]
    fn allocation_missed_installment() {
        // Paid 15 Feb, missed 15 Mar.
        let reps = [rep("r1", d(2026, 2, 15), 466_000)];
        // 10 Apr: installment 2 unpaid since 15 Mar → 16 (rest of March) + 10 = 26 days.
        let p = position(&flat_5m(), &reps, d(2026, 4, 10));
        assert_eq!((p.overdue_amount, p.days_past_due), (466_000, 26));
        // 20 Apr: installments 2 and 3 (15 Apr) unpaid; oldest 15 Mar →
        // 31 (15 Mar → 15 Apr) + 5 = 36 days; 2 × 466,000 overdue.
        let p = position(&flat_5m(), &reps, d(2026, 4, 20));
        assert_eq!((p.overdue_amount, p.days_past_due), (932_000, 36));
        assert_eq!(p.principal_outstanding, 4_584_000);
        // A payment of one installment on 15 Apr goes to the oldest (no. 2);
        // installment 3 is then the oldest unpaid: 5 days on 20 Apr.
        let reps = [reps[0].clone(), rep("r2", d(2026, 4, 15), 466_000)];
        let p = position(&flat_5m(), &reps, d(2026, 4, 20));
        assert_eq!(
            paid(&p, 3),
            vec![
                (416_000, 50_000, Some(d(2026, 2, 15))),
                (416_000, 50_000, Some(d(2026, 4, 15))),
                (0, 0, None),
            ]
        );
        assert_eq!((p.overdue_amount, p.days_past_due), (466_000, 5));
    }

    #[test]
    fn allocation_prepayment_across_installments() {
        // 1,000,000 on 1 Feb, before anything is due: installments 1 and 2 in
        // full (2 × 466,000 = 932,000), the remaining 68,000 to installment 3:
        // 50,000 interest then 18,000 principal.
        let reps = [rep("r1", d(2026, 2, 1), 1_000_000)];
        let p = position(&flat_5m(), &reps, d(2026, 2, 1));
        assert_eq!(
            paid(&p, 4),
            vec![
                (416_000, 50_000, Some(d(2026, 2, 1))),
                (416_000, 50_000, Some(d(2026, 2, 1))),
                (18_000, 50_000, None),
                (0, 0, None),
            ]
        );
        assert_eq!(p.principal_repaid, 850_000);
        assert_eq!(p.interest_repaid, 150_000);
        assert_eq!(p.principal_outstanding, 4_150_000);
        assert_eq!(p.interest_outstanding, 450_000);
        assert_eq!((p.overdue_amount, p.days_past_due), (0, 0));
        // 20 Apr: installment 3 (due 15 Apr) lacks 466,000 − 68,000 = 398,000.
        let p = position(&flat_5m(), &reps, d(2026, 4, 20));
        assert_eq!((p.overdue_amount, p.days_past_due), (398_000, 5));
    }

    #[test]
    fn allocation_ignores_payments_after_as_of() {
        // Given newest first; the 20 Mar payment is after the 16 Mar position.
        let reps = [
            rep("r2", d(2026, 3, 20), 466_000),
            rep("r1", d(2026, 2, 15), 466_000),
        ];
        let p = position(&flat_5m(), &reps, d(2026, 3, 16));
        assert_eq!(p.principal_repaid + p.interest_repaid, 466_000);
        assert_eq!((p.overdue_amount, p.days_past_due), (466_000, 1));
        let later = position(&flat_5m(), &reps, d(2026, 3, 20));
        assert_eq!(later.installments[1].paid_off_on, Some(d(2026, 3, 20)));
        assert_eq!((later.overdue_amount, later.days_past_due), (0, 0));
    }

    #[test]
    fn allocation_full_payoff_and_excess() {
        let p = position(
            &flat_5m(),
            &[rep("r1", d(2026, 6, 1), 5_600_000)],
            d(2027, 6, 1),
        );
        assert_eq!((p.principal_outstanding, p.interest_outstanding), (0, 0));
        assert_eq!((p.overdue_amount, p.days_past_due), (0, 0));
        assert!(p
            .installments
            .iter()
            .all(|s| s.paid_off_on == Some(d(2026, 6, 1))));
        // An excess (refused by check_repayment) is not allocated.
        let p = position(
            &flat_5m(),
            &[rep("r1", d(2026, 6, 1), i64::MAX)],
            d(2027, 6, 1),
        );
        assert_eq!(
            (p.principal_repaid, p.interest_repaid),
            (5_000_000, 600_000)
        );
        assert_eq!((p.principal_outstanding, p.interest_outstanding), (0, 0));
    }

    #[test]
    fn position_tolerates_odd_inputs() {
        // Repayment before disbursement, zero and negative amounts, as_of
        // before disbursement, invalid terms.
        let reps = [
            rep("early", d(2025, 12, 1), 100_000),
            rep("zero", d(2026, 2, 1), 0),
            rep("neg", d(2026, 2, 1), -500_000),
            rep("min", d(2026, 2, 1), i64::MIN),
        ];
        let p = position(&flat_5m(), &reps, d(2026, 3, 1));
        assert_eq!((p.principal_repaid, p.interest_repaid), (50_000, 50_000));
        assert_eq!((p.overdue_amount, p.days_past_due), (366_000, 14));
        let p = position(&flat_5m(), &reps, d(1900, 1, 1));
        assert_eq!((p.principal_outstanding, p.days_past_due), (5_000_000, 0));
        let bad = terms(i64::MIN, 0, u32::MAX, InterestMethod::Flat, NaiveDate::MAX);
        let p = position(&bad, &reps, NaiveDate::MAX);
        assert!(p.installments.is_empty());
        assert_eq!(p.days_past_due, 0);
        let p = position(&bad, &reps, NaiveDate::MIN);
        assert_eq!(p.principal_outstanding, i64::MIN);
    }

    // ------------------------------------------------------ check_repayment

    #[test]
    fn check_repayment_refuses_overpayment_with_figures() {
        // Owed 5,000,000 + 600,000 − 466,000 = 5,134,000.
        let existing = [rep("r1", d(2026, 2, 15), 466_000)];
        let e = check_repayment(&flat_5m(), &existing, 5_134_001).expect_err("overpayment");
        assert_eq!(e.code, "loan.overpayment");
        assert_eq!(e.field, "amount");
        assert!(e.message.contains("5.134.001 ₫"), "{}", e.message);
        assert!(e.message.contains("5.134.000 ₫"), "{}", e.message);
    }

    #[test]
    fn check_repayment_accepts_exact_payoff() {
        let existing = [rep("r1", d(2026, 2, 15), 466_000)];
        assert_eq!(check_repayment(&flat_5m(), &existing, 5_134_000), Ok(()));
        assert_eq!(check_repayment(&flat_5m(), &[], 5_600_000), Ok(()));
        assert_eq!(check_repayment(&flat_5m(), &existing, 1), Ok(()));
        // Declining: 5,000,000 + 325,440.
        assert_eq!(check_repayment(&declining_5m(), &[], 5_325_440), Ok(()));
        let e = check_repayment(&declining_5m(), &[], 5_325_441).expect_err("over");
        assert!(e.message.contains("5.325.440 ₫"), "{}", e.message);
    }

    #[test]
    fn check_repayment_refuses_non_positive_amounts_and_paid_loans() {
        for amount in [0, -1, i64::MIN] {
            let e = check_repayment(&flat_5m(), &[], amount).expect_err("not positive");
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("loan.amount_not_positive", "amount")
            );
        }
        let paid_off = [rep("r1", d(2026, 2, 15), 5_600_000)];
        let e = check_repayment(&flat_5m(), &paid_off, 1_000).expect_err("paid off");
        assert_eq!(e.code, "loan.overpayment");
        assert!(e.message.contains("0 ₫ still owed"), "{}", e.message);
        let huge = [
            rep("a", d(2026, 2, 15), i64::MAX),
            rep("b", d(2026, 2, 15), i64::MAX),
        ];
        assert!(check_repayment(&flat_5m(), &huge, 1).is_err());
        let bad = terms(1_500, 12, 100, InterestMethod::Flat, d(2026, 1, 1));
        let e = check_repayment(&bad, &[], 1_000).expect_err("bad terms");
        assert_eq!(e.code, "loan.principal_not_thousands");
    }

    // ---------------------------------------------------- portfolio at risk

    #[test]
    fn golden_par_three_loans() {
        let as_of = d(2026, 4, 1);
        // A: flat 5,000,000, nothing paid. Oldest unpaid due 15 Feb:
        //    13 (rest of Feb) + 31 (Mar) + 1 = 45 days; outstanding 5,000,000.
        let a = position(&flat_5m(), &[], as_of);
        // B: flat 3,000,000 / 6 / 150 bp from 31 Jan, paid 545,000 on 28 Feb and
        //    31 Mar: current; outstanding 3,000,000 − 2 × 500,000 = 2,000,000.
        let b_terms = terms(3_000_000, 6, 150, InterestMethod::Flat, d(2026, 1, 31));
        let b_reps = [
            rep("b1", d(2026, 2, 28), 545_000),
            rep("b2", d(2026, 3, 31), 545_000),
        ];
        let b = position(&b_terms, &b_reps, as_of);
        // C: declining 5,000,000, paid installment 1 (416,000 + 50,000) only;
        //    installment 2 due 15 Mar: 16 + 1 = 17 days; outstanding 4,584,000.
        let c = position(
            &declining_5m(),
            &[rep("c1", d(2026, 2, 15), 466_000)],
            as_of,
        );
        assert_eq!((a.days_past_due, a.principal_outstanding), (45, 5_000_000));
        assert_eq!((b.days_past_due, b.principal_outstanding), (0, 2_000_000));
        assert_eq!((c.days_past_due, c.principal_outstanding), (17, 4_584_000));
        let all = [a, b, c];
        // Outstanding 5,000,000 + 2,000,000 + 4,584,000 = 11,584,000.
        // PAR30: A only. 5,000,000 × 10,000 / 11,584,000 = 4,316.30 → 4,316 bp.
        assert_eq!(
            portfolio_at_risk(&all, 30),
            PortfolioAtRisk {
                days: 30,
                outstanding: 11_584_000,
                at_risk: 5_000_000,
                ratio_bp: 4_316,
            }
        );
        // PAR1: A and C. 9,584,000 × 10,000 / 11,584,000 = 8,273.48 → 8,273 bp.
        let par1 = portfolio_at_risk(&all, 1);
        assert_eq!((par1.at_risk, par1.ratio_bp), (9_584_000, 8_273));
        // PAR over 17 days: strictly more than 17, so C is out again.
        assert_eq!(portfolio_at_risk(&all, 17).at_risk, 5_000_000);
        // PAR0: a loan 0 days late is not at risk; B stays out.
        assert_eq!(portfolio_at_risk(&all, 0).at_risk, 9_584_000);
        // PAR over 45 days: none.
        assert_eq!(portfolio_at_risk(&all, 45).ratio_bp, 0);
    }

    #[test]
    fn par_rounds_half_up_and_handles_empty() {
        let pos = |outstanding: i64, dpd: u32| LoanPosition {
            as_of: d(2026, 1, 1),
            installments: Vec::new(),
            principal_repaid: 0,
            interest_repaid: 0,
            principal_outstanding: outstanding,
            interest_outstanding: 0,
            overdue_amount: 0,
            days_past_due: dpd,
        };
        // 2,000,000 / 3,000,000 = 6,666.67 bp → 6,667.
        let r = portfolio_at_risk(&[pos(2_000_000, 31), pos(1_000_000, 0)], 30);
        assert_eq!(r.ratio_bp, 6_667);
        // 1 / 20,000 = 0.5 bp → 1.
        let r = portfolio_at_risk(&[pos(1, 31), pos(19_999, 0)], 30);
        assert_eq!(r.ratio_bp, 1);
        let r = portfolio_at_risk(&[], 30);
        assert_eq!((r.outstanding, r.at_risk, r.ratio_bp), (0, 0, 0));
        let r = portfolio_at_risk(&[pos(0, 90)], 30);
        assert_eq!(r.ratio_bp, 0);
        let r = portfolio_at_risk(&[pos(i64::MAX, 90), pos(i64::MAX, 90)], 30);
        assert_eq!((r.outstanding, r.ratio_bp), (i64::MAX, 10_000));
    }

    // ----------------------------------------------------------- properties

    fn arb_terms() -> impl Strategy<Value = LoanTerms> {
        (
            prop_oneof![1i64..=100_000, 1i64..=MAX_PRINCIPAL / 1_000],
            1u32..=60,
            0u32..=1_000,
            any::<bool>(),
            (1900i32..=2200, 1u32..=12, 1u32..=31),
        )
            .prop_filter_map("valid date", |(k, months, bp, flat, (y, m, day))| {
                Some(LoanTerms {
                    principal: k * 1_000,
                    disbursed_on: NaiveDate::from_ymd_opt(y, m, day)?,
                    term_months: months,
                    monthly_rate_bp: bp,
                    method: if flat {
                        InterestMethod::Flat
                    } else {
                        InterestMethod::DecliningBalance
                    },
                })
            })
    }

    /// Terms, repayments never exceeding the owed total, and an `as_of`.
    /// Repayment dates run from 40 days before disbursement to about 5 years
    /// after, sometimes bunched on a few days so that dates tie.
    fn arb_loan() -> impl Strategy<Value = (LoanTerms, Vec<Repayment>, NaiveDate)> {
        let day = prop_oneof![0i64..3, -40i64..2_000];
        (
            arb_terms(),
            prop::collection::vec((day, 0u32..=10_000), 0..12),
            -40i64..2_000,
        )
            .prop_map(|(t, raw, as_of_offset)| {
                let mut left = t.principal + total_interest(&t);
                let mut reps = Vec::new();
                for (i, (day, weight)) in raw.into_iter().enumerate() {
                    if left == 0 {
                        break;
                    }
                    // A share of what is left, at least 1 đồng.
                    let share = i128::from(left) * i128::from(weight) / 10_000;
                    let amount = i64::try_from(share).unwrap_or(left).clamp(1, left);
                    left -= amount;
                    reps.push(Repayment {
                        id: format!("r{i:02}"),
                        paid_on: t.disbursed_on + chrono::TimeDelta::days(day),
                        amount,
                    });
                }
                let as_of = t.disbursed_on + chrono::TimeDelta::days(as_of_offset);
                (t, reps, as_of)
            })
    }

    proptest! {
        #[test]
        fn check_and_position_is_check_then_position(
            (t, reps, on) in arb_loan(),
            amount in prop_oneof![-2i64..2, 1i64..5_000_000, 1i64..200_000_000],
        ) {
            let new = rep("new", on, amount);
            let apart = check_repayment(&t, &reps, amount).map(|()| {
                let mut all = reps.clone();
                all.push(new.clone());
                position(&t, &all, on)
            });
            prop_assert_eq!(check_and_position(&t, &reps, &new), apart);
        }

        #[test]
        fn schedule_sums_signs_and_dates(t in arb_terms()) {
            prop_assert_eq!(validate_terms(&t), Ok(()));
            let s = schedule(&t);
            prop_assert_eq!(s.len(), t.term_months as usize);
            prop_assert_eq!(s.iter().map(|i| i.principal).sum::<i64>(), t.principal);
            // Recompute the total interest independently of `schedule`.
            let p = i128::from(t.principal);
            let (n, r) = (i128::from(t.term_months), i128::from(t.monthly_rate_bp));
            let part = p / n / 1_000 * 1_000;
            let numerator = match t.method {
                InterestMethod::Flat => p * r * n,
                InterestMethod::DecliningBalance => (0..n).map(|k| (p - k * part) * r).sum(),
            };
            let expected_interest = (numerator * 2 + 10_000) / 20_000;
            prop_assert_eq!(i128::from(s.iter().map(|i| i.interest).sum::<i64>()), expected_interest);
            for (k, i) in s.iter().enumerate() {
                prop_assert!(i.principal >= 0 && i.interest >= 0, "{:?}", i);
                prop_assert_eq!(i.number as usize, k + 1);
                if k + 1 < s.len() {
                    prop_assert_eq!(i.principal % 1_000, 0);
                    prop_assert_eq!(i.interest % 1_000, 0);
                }
            }
            prop_assert!(s[0].due_on > t.disbursed_on);
            for w in s.windows(2) {
                prop_assert!(w[0].due_on < w[1].due_on);
            }
        }

        #[test]
        fn position_conserves_money((t, reps, as_of) in arb_loan()) {
            let p = position(&t, &reps, as_of);
            let counted: i64 = reps.iter().filter(|r| r.paid_on <= as_of).map(|r| r.amount).sum();
            prop_assert_eq!(p.principal_repaid + p.interest_repaid, counted);
            prop_assert!(p.principal_outstanding >= 0);
            prop_assert!(p.interest_outstanding >= 0);
            prop_assert!(p.overdue_amount >= 0);
            prop_assert_eq!(p.principal_outstanding, t.principal - p.principal_repaid);
            prop_assert_eq!(p.interest_outstanding, total_interest(&t) - p.interest_repaid);
            for s in &p.installments {
                prop_assert!(s.principal_paid >= 0 && s.principal_paid <= s.installment.principal);
                prop_assert!(s.interest_paid >= 0 && s.interest_paid <= s.installment.interest);
            }
            let late = p.installments.iter().any(|s| {
                s.installment.due_on < as_of
                    && (s.principal_paid < s.installment.principal
                        || s.interest_paid < s.installment.interest)
            });
            prop_assert_eq!(p.days_past_due > 0, late);
            prop_assert_eq!(p.overdue_amount > 0, late);
            // Every repayment made so far, checked one by one, was acceptable.
            for k in 0..reps.len() {
                prop_assert_eq!(check_repayment(&t, &reps[..k], reps[k].amount), Ok(()));
            }
        }

        #[test]
        fn position_ignores_repayment_order(
            (t, reps, as_of) in arb_loan(),
            seed in any::<u64>(),
        ) {
            let mut shuffled = reps.clone();
            // Deterministic Fisher–Yates from the seed.
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(position(&t, &reps, as_of), position(&t, &shuffled, as_of));
            let mut reversed = reps.clone();
            reversed.reverse();
            prop_assert_eq!(position(&t, &reps, as_of), position(&t, &reversed, as_of));
        }

        #[test]
        fn nothing_panics_on_arbitrary_input(
            principal in any::<i64>(),
            months in any::<u32>(),
            bp in any::<u32>(),
            flat in any::<bool>(),
            days in any::<i32>(),
            amounts in prop::collection::vec(any::<i64>(), 0..4),
            amount in any::<i64>(),
        ) {
            // Anywhere in chrono's calendar, up to its last day.
            let on = NaiveDate::MIN
                .checked_add_days(chrono::Days::new(u64::from(days.unsigned_abs()) % 192_000_000))
                .unwrap_or(NaiveDate::MAX);
            let method = if flat { InterestMethod::Flat } else { InterestMethod::DecliningBalance };
            let t = terms(principal, months % 200, bp, method, on);
            let reps: Vec<Repayment> = amounts.iter().enumerate()
                .map(|(i, &a)| rep(&i.to_string(), on, a))
                .collect();
            let _ = schedule(&t);
            let p = position(&t, &reps, on);
            let _ = check_repayment(&t, &reps, amount);
            let _ = portfolio_at_risk(&[p], 30);
        }
    }
}
