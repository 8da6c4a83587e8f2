//! Readings taken on home-care visits and at meetings: plausibility checks
//! and blood-pressure flags.
//!
//! # Plausibility limits
//!
//! The ranges below are **plausibility limits for field entry, not clinical
//! norms**: they catch typing slips (a missing or doubled digit, a reading in
//! the wrong box, a weight in pounds) while accepting every reading a
//! volunteer could really take from an older person with a home cuff, a
//! finger-prick meter or a bathroom scale. A reading inside the limits may
//! still be alarming; [`bp_flag`] is what flags blood pressure.
//!
//! | Reading | Unit | Accepted (inclusive) | Constants |
//! |---|---|---|---|
//! | Systolic | mmHg | 60–260 | [`SYSTOLIC_MIN`], [`SYSTOLIC_MAX`] |
//! | Diastolic | mmHg | 30–160, and below systolic | [`DIASTOLIC_MIN`], [`DIASTOLIC_MAX`] |
//! | Pulse | beats/min | 25–250 | [`PULSE_MIN`], [`PULSE_MAX`] |
//! | Blood glucose | mmol/L | 1.0–35.0, finite | [`GLUCOSE_MIN_MMOL_L`], [`GLUCOSE_MAX_MMOL_L`] |
//! | Weight | kg | 20–200, finite | [`WEIGHT_MIN_KG`], [`WEIGHT_MAX_KG`] |
//!
//! Blood pressure is one reading: systolic without diastolic, or diastolic
//! without systolic, is an error naming the missing half.
//!
//! # Error codes
//!
//! | Code | Field | Rule |
//! |---|---|---|
//! | `vitals.out_of_range` | the reading | outside the limits above (or not a finite number) |
//! | `vitals.diastolic_not_below_systolic` | `diastolic` | diastolic ≥ systolic |
//! | `vitals.bp_incomplete` | the missing half | only one of systolic/diastolic given |

use crate::error::FieldError;
use crate::model::Vitals;
use serde::{Deserialize, Serialize};

/// Lowest accepted systolic blood pressure, mmHg (plausibility limit).
pub const SYSTOLIC_MIN: u16 = 60;
/// Highest accepted systolic blood pressure, mmHg (plausibility limit).
pub const SYSTOLIC_MAX: u16 = 260;
/// Lowest accepted diastolic blood pressure, mmHg (plausibility limit).
pub const DIASTOLIC_MIN: u16 = 30;
/// Highest accepted diastolic blood pressure, mmHg (plausibility limit).
pub const DIASTOLIC_MAX: u16 = 160;
/// Lowest accepted pulse, beats per minute (plausibility limit).
pub const PULSE_MIN: u16 = 25;
/// Highest accepted pulse, beats per minute (plausibility limit).
pub const PULSE_MAX: u16 = 250;
/// Lowest accepted blood glucose, mmol/L (plausibility limit).
pub const GLUCOSE_MIN_MMOL_L: f64 = 1.0;
/// Highest accepted blood glucose, mmol/L (plausibility limit; most home
/// meters read up to about 33 mmol/L).
pub const GLUCOSE_MAX_MMOL_L: f64 = 35.0;
/// Lowest accepted weight, kg (plausibility limit for adults).
pub const WEIGHT_MIN_KG: f64 = 20.0;
/// Highest accepted weight, kg (plausibility limit).
pub const WEIGHT_MAX_KG: f64 = 200.0;

/// Systolic pressure from which a reading is flagged as hypertension, mmHg.
/// See [`BpFlag`] for the sources.
pub const HYPERTENSION_SYSTOLIC: u16 = 140;
/// Diastolic pressure from which a reading is flagged as hypertension, mmHg.
pub const HYPERTENSION_DIASTOLIC: u16 = 90;
/// Systolic pressure from which a reading is flagged as a hypertensive
/// crisis, mmHg.
pub const CRISIS_SYSTOLIC: u16 = 180;
/// Diastolic pressure from which a reading is flagged as a hypertensive
/// crisis, mmHg.
pub const CRISIS_DIASTOLIC: u16 = 120;

/// Checks readings against plausible ranges and that diastolic is below
/// systolic. Errors name the field (`systolic`, `diastolic`, `pulse`,
/// `glucose_mmol_l`, `weight_kg`) and the range.
///
/// The limits are plausibility limits for field entry, not clinical norms
/// (see the [module documentation](self)). Absent readings are fine; the
/// first broken rule is reported, checking blood pressure, then pulse,
/// glucose and weight.
pub fn validate_vitals(vitals: &Vitals) -> Result<(), FieldError> {
    match (vitals.systolic, vitals.diastolic) {
        (Some(sys), Some(dia)) => {
            check_int(
                "systolic",
                "systolic blood pressure",
                sys,
                SYSTOLIC_MIN,
                SYSTOLIC_MAX,
                "mmHg",
            )?;
            check_int(
                "diastolic",
                "diastolic blood pressure",
                dia,
                DIASTOLIC_MIN,
                DIASTOLIC_MAX,
                "mmHg",
            )?;
            if dia >= sys {
                return Err(FieldError::new(
                    "vitals.diastolic_not_below_systolic",
                    "diastolic",
                    format!(
                        "diastolic blood pressure {dia} mmHg must be below systolic {sys} mmHg; \
                         were the two swapped?"
                    ),
                ));
            }
        }
        (Some(_), None) => {
            return Err(FieldError::new(
                "vitals.bp_incomplete",
                "diastolic",
                "diastolic blood pressure is missing: blood pressure needs both systolic and diastolic",
            ));
        }
        (None, Some(_)) => {
            return Err(FieldError::new(
                "vitals.bp_incomplete",
                "systolic",
                "systolic blood pressure is missing: blood pressure needs both systolic and diastolic",
            ));
        }
        (None, None) => {}
    }
    if let Some(pulse) = vitals.pulse {
        check_int(
            "pulse",
            "pulse",
            pulse,
            PULSE_MIN,
            PULSE_MAX,
            "beats per minute",
        )?;
    }
    if let Some(glucose) = vitals.glucose_mmol_l {
        check_float(
            "glucose_mmol_l",
            "blood glucose",
            glucose,
            GLUCOSE_MIN_MMOL_L,
            GLUCOSE_MAX_MMOL_L,
            "mmol/L",
        )?;
    }
    if let Some(weight) = vitals.weight_kg {
        check_float(
            "weight_kg",
            "weight",
            weight,
            WEIGHT_MIN_KG,
            WEIGHT_MAX_KG,
            "kg",
        )?;
    }
    Ok(())
}

fn out_of_range(field: &str, what: &str, shown: &str, range: &str) -> FieldError {
    FieldError::new(
        "vitals.out_of_range",
        field,
        format!("{what} {shown} is outside the plausible range {range}; check the reading"),
    )
}

fn check_int(
    field: &str,
    what: &str,
    value: u16,
    min: u16,
    max: u16,
    unit: &str,
) -> Result<(), FieldError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(out_of_range(
            field,
            what,
            &format!("{value} {unit}"),
            &format!("{min}–{max} {unit}"),
        ))
    }
}

fn check_float(
    field: &str,
    what: &str,
    value: f64,
    min: f64,
    max: f64,
    unit: &str,
) -> Result<(), FieldError> {
    // The messages are built only when a reading is refused: formatting
    // the range on every call cost more than the rest of a visit's checks.
    let range = || format!("{min:.1}–{max:.1} {unit}");
    if !value.is_finite() {
        Err(FieldError::new(
            "vitals.out_of_range",
            field,
            format!(
                "{what} must be a finite number in the plausible range {}",
                range()
            ),
        ))
    } else if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(out_of_range(
            field,
            what,
            &format!("{value} {unit}"),
            &range(),
        ))
    }
}

/// Blood-pressure classification used for flags.
///
/// Thresholds (office readings, mmHg), whichever of systolic or diastolic
/// reaches the higher class decides:
///
/// * hypertension from 140/90: Vietnam Ministry of Health guideline on the
///   diagnosis and treatment of hypertension (Decision 3192/QĐ-BYT, 2010) and
///   the Vietnam National Heart Association (VNHA/Hội Tim mạch Việt Nam) 2022
///   recommendations; the same threshold as the 2018 ESC/ESH guidelines;
/// * hypertensive crisis from 180/120: VNHA 2022 (*cơn tăng huyết áp*:
///   hypertensive urgency or emergency), as in the ESC position on
///   hypertensive emergencies (2019).
///
/// A flag is a prompt to refer, not a diagnosis: one home reading does not
/// diagnose hypertension.
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
///
/// Crisis if systolic ≥ 180 or diastolic ≥ 120 mmHg; hypertension if
/// systolic ≥ 140 or diastolic ≥ 90 mmHg; otherwise normal. The reading is
/// classified as given: call [`validate_vitals`] first to reject implausible
/// values.
pub fn bp_flag(vitals: &Vitals) -> Option<BpFlag> {
    let (sys, dia) = (vitals.systolic?, vitals.diastolic?);
    Some(if sys >= CRISIS_SYSTOLIC || dia >= CRISIS_DIASTOLIC {
        BpFlag::HypertensiveCrisis
    } else if sys >= HYPERTENSION_SYSTOLIC || dia >= HYPERTENSION_DIASTOLIC {
        BpFlag::Hypertension
    } else {
        BpFlag::Normal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp(sys: u16, dia: u16) -> Vitals {
        Vitals {
            systolic: Some(sys),
            diastolic: Some(dia),
            ..Vitals::default()
        }
    }

    fn err(v: &Vitals) -> FieldError {
        validate_vitals(v).expect_err("should be rejected")
    }

    #[test]
    fn empty_readings_are_valid() {
        assert_eq!(validate_vitals(&Vitals::default()), Ok(()));
        assert_eq!(bp_flag(&Vitals::default()), None);
    }

    #[test]
    fn bp_flag_golden_boundaries() {
        let cases = [
            (139, 89, BpFlag::Normal),
            (120, 80, BpFlag::Normal),
            (140, 80, BpFlag::Hypertension),
            (130, 90, BpFlag::Hypertension),
            (140, 90, BpFlag::Hypertension),
            (179, 119, BpFlag::Hypertension),
            (180, 100, BpFlag::HypertensiveCrisis),
            (150, 120, BpFlag::HypertensiveCrisis),
            (180, 120, BpFlag::HypertensiveCrisis),
        ];
        for (sys, dia, flag) in cases {
            assert_eq!(bp_flag(&bp(sys, dia)), Some(flag), "{sys}/{dia}");
        }
    }

    #[test]
    fn bp_flag_needs_both() {
        let only_sys = Vitals {
            systolic: Some(200),
            ..Vitals::default()
        };
        let only_dia = Vitals {
            diastolic: Some(130),
            ..Vitals::default()
        };
        assert_eq!(bp_flag(&only_sys), None);
        assert_eq!(bp_flag(&only_dia), None);
    }

    #[test]
    fn systolic_edges() {
        assert_eq!(validate_vitals(&bp(60, 30)), Ok(()));
        assert_eq!(validate_vitals(&bp(260, 160)), Ok(()));
        for sys in [59, 261, 0, u16::MAX] {
            let e = err(&bp(sys, 50));
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("vitals.out_of_range", "systolic"),
                "{sys}"
            );
            assert!(e.message.contains("60–260 mmHg"), "{}", e.message);
        }
    }

    #[test]
    fn diastolic_edges() {
        assert_eq!(validate_vitals(&bp(120, 30)), Ok(()));
        assert_eq!(validate_vitals(&bp(200, 160)), Ok(()));
        for dia in [29, 161, 0] {
            let e = err(&bp(200, dia));
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("vitals.out_of_range", "diastolic"),
                "{dia}"
            );
            assert!(e.message.contains("30–160 mmHg"), "{}", e.message);
        }
    }

    #[test]
    fn diastolic_must_be_below_systolic() {
        assert_eq!(validate_vitals(&bp(91, 90)), Ok(()));
        for (sys, dia) in [(90, 90), (80, 120)] {
            let e = err(&bp(sys, dia));
            assert_eq!(e.code, "vitals.diastolic_not_below_systolic");
            assert_eq!(e.field, "diastolic");
        }
    }

    #[test]
    fn half_a_blood_pressure_names_the_missing_half() {
        let e = err(&Vitals {
            systolic: Some(120),
            ..Vitals::default()
        });
        assert_eq!(
            (e.code.as_str(), e.field.as_str()),
            ("vitals.bp_incomplete", "diastolic")
        );
        let e = err(&Vitals {
            diastolic: Some(80),
            ..Vitals::default()
        });
        assert_eq!(
            (e.code.as_str(), e.field.as_str()),
            ("vitals.bp_incomplete", "systolic")
        );
    }

    #[test]
    fn pulse_edges() {
        let p = |v| Vitals {
            pulse: Some(v),
            ..Vitals::default()
        };
        assert_eq!(validate_vitals(&p(25)), Ok(()));
        assert_eq!(validate_vitals(&p(250)), Ok(()));
        for v in [24, 251, 0] {
            let e = err(&p(v));
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("vitals.out_of_range", "pulse")
            );
        }
    }

    #[test]
    fn glucose_edges() {
        let g = |v| Vitals {
            glucose_mmol_l: Some(v),
            ..Vitals::default()
        };
        assert_eq!(validate_vitals(&g(1.0)), Ok(()));
        assert_eq!(validate_vitals(&g(35.0)), Ok(()));
        assert_eq!(validate_vitals(&g(5.6)), Ok(()));
        for v in [
            0.99,
            35.01,
            0.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let e = err(&g(v));
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("vitals.out_of_range", "glucose_mmol_l"),
                "{v}"
            );
            assert!(e.message.contains("1.0–35.0 mmol/L"), "{}", e.message);
        }
    }

    #[test]
    fn weight_edges() {
        let w = |v| Vitals {
            weight_kg: Some(v),
            ..Vitals::default()
        };
        assert_eq!(validate_vitals(&w(20.0)), Ok(()));
        assert_eq!(validate_vitals(&w(200.0)), Ok(()));
        for v in [19.9, 200.1, f64::NAN, f64::INFINITY] {
            let e = err(&w(v));
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                ("vitals.out_of_range", "weight_kg"),
                "{v}"
            );
        }
    }

    #[test]
    fn full_plausible_reading() {
        let v = Vitals {
            systolic: Some(135),
            diastolic: Some(85),
            pulse: Some(72),
            glucose_mmol_l: Some(6.1),
            weight_kg: Some(52.5),
        };
        assert_eq!(validate_vitals(&v), Ok(()));
        assert_eq!(bp_flag(&v), Some(BpFlag::Normal));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(
            sys in proptest::option::of(proptest::num::u16::ANY),
            dia in proptest::option::of(proptest::num::u16::ANY),
            pulse in proptest::option::of(proptest::num::u16::ANY),
            g in proptest::option::of(proptest::num::f64::ANY),
            w in proptest::option::of(proptest::num::f64::ANY),
        ) {
            let v = Vitals { systolic: sys, diastolic: dia, pulse, glucose_mmol_l: g, weight_kg: w };
            let _ = validate_vitals(&v);
            proptest::prop_assert_eq!(bp_flag(&v).is_some(), sys.is_some() && dia.is_some());
        }
    }
}
