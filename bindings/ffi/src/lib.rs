//! `ishc-ffi`: the one library the Android and iOS apps load.
//!
//! uniffi (proc-macros, pinned to an exact version in the workspace)
//! generates the Kotlin and Swift bindings from the built library ("library
//! mode"); they are never committed. The surface:
//!
//! - [`store::ClubStore`]: a club's database on the phone, with a method for
//!   every job in the core (members, visits, loans, savings, funds,
//!   meetings, composition, duplicates, conflicts);
//! - [`sync::SyncClient`]: async `sync()` and `sync_if_due()` on the
//!   library's tokio runtime, and a listener for its state;
//! - free functions for typed input: [`parse_amount`], [`format_amount`],
//!   [`parse_rate`], [`parse_phone`], [`check_readings`].
//!
//! Every method returns [`error::IshcError`] on failure; a panic in the core
//! is caught and returned as `internal.panic`, never unwound into the app.
//! Names are snake_case here and camelCase in Kotlin and Swift.

uniffi::setup_scaffolding!();

pub mod error;
pub mod store;
pub mod sync;
pub mod types;

pub use error::IshcError;

use error::guard;

/// Parses an amount of money as people write it: `1.500.000`, `1tr5`,
/// `500k`, `2 triệu`, `1,5 triệu`; returns đồng. Errors (field `amount`):
/// `money.empty`, `money.invalid`, `money.fraction` (less than 1 đồng), `money.ambiguous`,
/// `money.overflow`.
#[uniffi::export]
pub fn parse_amount(text: String) -> Result<i64, IshcError> {
    guard(|| Ok(ishc_core::money::parse_dong(&text)?))
}

/// Formats đồng as Vietnamese write it: `1.500.000 ₫`.
#[uniffi::export]
pub fn format_amount(dong: i64) -> String {
    ishc_core::money::format_dong(dong)
}

/// Parses a monthly interest rate (`1%`, `0,8%`, `1.25`) into basis points
/// per month (1% = 100). Errors (field `rate`): `rate.invalid`,
/// `rate.precision`, `rate.range` (0–10% a month).
#[uniffi::export]
pub fn parse_rate(text: String) -> Result<u32, IshcError> {
    guard(|| Ok(ishc_core::input::parse_rate_bp("rate", &text)?))
}

/// A phone number checked and shown as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PhoneNumber {
    /// Canonical `+84…` form.
    pub canonical: String,
    /// National display form, `0943 733 416`.
    pub display: String,
    /// A mobile number (else a landline).
    pub mobile: bool,
}

/// Checks a phone number as typed (spaces, dots, `+84`), for inline
/// validation in a form. Errors (field `phone`): `phone.*`.
#[uniffi::export]
pub fn parse_phone(text: String) -> Result<PhoneNumber, IshcError> {
    guard(|| {
        let p = ishc_core::phone::parse_phone(&text)?;
        Ok(PhoneNumber {
            display: p.display(),
            mobile: matches!(p.kind, ishc_core::phone::PhoneKind::Mobile { .. }),
            canonical: p.canonical,
        })
    })
}

/// The schedule a loan would have (for the disbursement screen, before
/// anything is recorded): `principal` đồng, `term_months`, `monthly_rate_bp`
/// (1% a month = 100), disbursed on `disbursed_on` (`YYYY-MM-DD` or
/// `DD/MM/YYYY`). Each installment's parts are rounded down to 1.000 ₫, the
/// last takes the remainder. Errors: the `loan.*` term rules, `date.invalid`.
#[uniffi::export]
pub fn loan_schedule(
    principal: i64,
    disbursed_on: String,
    term_months: u32,
    monthly_rate_bp: u32,
    method: types::InterestMethod,
) -> Result<Vec<types::Installment>, IshcError> {
    guard(|| {
        let terms = ishc_core::loan::LoanTerms {
            principal,
            disbursed_on: ishc_core::input::parse_date("disbursed_on", &disbursed_on)?,
            term_months,
            monthly_rate_bp,
            method: method.into(),
        };
        ishc_core::loan::validate_terms(&terms)?;
        Ok(types::schedule_preview(&terms))
    })
}

/// Checks home-care readings as they are typed, before a visit is saved,
/// and returns the blood-pressure flag the saved visit will carry (`null`
/// until both systolic and diastolic are given): hypertension from 140/90
/// mmHg, crisis from 180/120 mmHg (Ministry of Health Decision
/// 3192/QĐ-BYT; VNHA 2022). Units: mmHg, beats per minute, mmol/L, kg.
/// Errors name the field (`systolic`, `diastolic`, `pulse`,
/// `glucoseMmolL`, `weightKg`): `vitals.out_of_range`,
/// `vitals.diastolic_not_below_systolic`, `vitals.bp_incomplete`, exactly as
/// `logVisit` would refuse them.
#[uniffi::export]
pub fn check_readings(
    systolic: Option<u16>,
    diastolic: Option<u16>,
    pulse: Option<u16>,
    glucose_mmol_l: Option<f64>,
    weight_kg: Option<f64>,
) -> Result<Option<types::BpFlag>, IshcError> {
    guard(|| {
        let v = ishc_core::model::Vitals {
            systolic,
            diastolic,
            pulse,
            glucose_mmol_l,
            weight_kg,
        };
        ishc_core::vitals::validate_vitals(&v)?;
        Ok(ishc_core::vitals::bp_flag(&v).map(types::BpFlag::from))
    })
}

/// The library's version, to check that the bindings and the library match.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(feature = "fault-injection")]
pub(crate) static FAULT_ARMED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Test hook (only with the `fault-injection` feature, never in the apps):
/// the next exported call panics inside the core, to show that the panic
/// comes back as `IshcError.Internal` with code `internal.panic`.
#[cfg(feature = "fault-injection")]
#[uniffi::export]
pub fn arm_internal_failure() {
    FAULT_ARMED.store(true, std::sync::atomic::Ordering::SeqCst);
}
