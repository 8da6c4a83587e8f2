//! Readings taken on home-care visits and at meetings: plausibility checks
//! and blood-pressure flags.

use crate::error::FieldError;
use crate::model::Vitals;
use serde::{Deserialize, Serialize};

/// Checks readings against plausible ranges and that diastolic is below
/// systolic. Errors name the field (`systolic`, `diastolic`, `pulse`,
/// `glucose_mmol_l`, `weight_kg`) and the range.
pub fn validate_vitals(vitals: &Vitals) -> Result<(), FieldError> {
    let _ = vitals;
    todo!("helper D")
}

/// Blood-pressure classification used for flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BpFlag {
    /// Below 140/90.
    Normal,
    /// 140/90 or above (*tăng huyết áp*).
    Hypertension,
    /// 180/120 or above (*cơn tăng huyết áp*): needs referral.
    HypertensiveCrisis,
}

/// The flag for a reading with both systolic and diastolic, else `None`.
pub fn bp_flag(vitals: &Vitals) -> Option<BpFlag> {
    let _ = vitals;
    todo!("helper D")
}
