//! Loan arithmetic for the revolving loan fund: repayment schedules, the
//! allocation of repayments, outstanding balances, days past due and
//! portfolio at risk. Pure functions, no IO.
//!
//! Rates are integer basis points per month (1% a month = 100 bp) so no
//! floating point touches money.

use crate::error::FieldError;
use crate::model::InterestMethod;
use chrono::NaiveDate;
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
pub fn validate_terms(terms: &LoanTerms) -> Result<(), FieldError> {
    let _ = terms;
    todo!("helper B")
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
/// interest. Assumes [`validate_terms`] passed.
pub fn schedule(terms: &LoanTerms) -> Vec<Installment> {
    let _ = terms;
    todo!("helper B")
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
pub fn position(terms: &LoanTerms, repayments: &[Repayment], as_of: NaiveDate) -> LoanPosition {
    let _ = (terms, repayments, as_of);
    todo!("helper B")
}

/// Refuses a repayment of `amount` that is not positive or that exceeds what
/// is still owed (principal plus scheduled interest) after `existing`
/// repayments; the error (field `amount`) gives the figures.
pub fn check_repayment(
    terms: &LoanTerms,
    existing: &[Repayment],
    amount: i64,
) -> Result<(), FieldError> {
    let _ = (terms, existing, amount);
    todo!("helper B")
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
pub fn portfolio_at_risk(positions: &[LoanPosition], days: u32) -> PortfolioAtRisk {
    let _ = (positions, days);
    todo!("helper B")
}
