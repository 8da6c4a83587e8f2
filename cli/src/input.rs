//! Turning command-line words into core values.

use crate::args::*;
use chrono::NaiveDate;
use ishc_core::error::{invalid, Result};
use ishc_core::model::{HouseholdStatus, Role, Service, Sex};
use ishc_core::store::Store;

/// A date argument, or `default` when absent.
pub fn date_or(field: &str, s: &Option<String>, default: NaiveDate) -> Result<NaiveDate> {
    match s {
        Some(s) => Ok(ishc_core::input::parse_date(field, s)?),
        None => Ok(default),
    }
}

/// A month as `2026-03` or `03/2026` (also `3/2026`): year and month.
/// Error `date.month` (field `field`) for anything else; a month outside
/// 1–12 is refused later by the report (`period.month`).
pub fn month(field: &str, s: &str) -> Result<(i32, u32)> {
    let t = s.trim();
    let parts = t
        .split_once('-')
        .or_else(|| t.split_once('/').map(|(m, y)| (y, m)));
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    match parts {
        Some((y, m)) if digits(y, 4..=4) && digits(m, 1..=2) => {
            match (y.parse::<i32>(), m.parse::<u32>()) {
                (Ok(y), Ok(m)) => Ok((y, m)),
                _ => month_error(field, s),
            }
        }
        _ => month_error(field, s),
    }
}

fn month_error<T>(field: &str, s: &str) -> Result<T> {
    invalid(
        "date.month",
        field,
        format!("'{s}' is not a month; write 2026-03 or 03/2026"),
    )
}

/// Finds one person by id, or by a name search that matches exactly one
/// person of the club (ignoring case and diacritics).
pub fn person(store: &Store, club_id: &str, field: &str, word: &str) -> Result<String> {
    if let Ok(m) = store.member(word) {
        return Ok(m.id);
    }
    let key = ishc_core::text::search_key(word);
    let found = store.list_members(club_id, Some(word), true, store.today())?;
    let exact: Vec<_> = found
        .iter()
        .filter(|s| ishc_core::text::search_key(&s.member.full_name) == key)
        .collect();
    match (exact.len(), found.len()) {
        (1, _) => Ok(exact[0].member.id.clone()),
        (_, 1) => Ok(found[0].member.id.clone()),
        (0, 0) => invalid(
            "member.unknown",
            field,
            format!("no person matches '{word}'"),
        ),
        (_, n) => {
            let pool = if exact.len() > 1 {
                exact
            } else {
                found.iter().collect()
            };
            let who: Vec<String> = pool
                .iter()
                .map(|s| {
                    format!(
                        "{} (born {}, {}, id {})",
                        s.member.full_name,
                        s.member.birth.year(),
                        s.member.hamlet,
                        s.member.id
                    )
                })
                .collect();
            invalid(
                "member.ambiguous",
                field,
                format!(
                    "'{word}' matches {n} people: {}; use the member id",
                    who.join("; ")
                ),
            )
        }
    }
}

pub fn sex(s: SexArg) -> Sex {
    match s {
        SexArg::Male => Sex::Male,
        SexArg::Female => Sex::Female,
    }
}

pub fn household(h: HouseholdArg) -> HouseholdStatus {
    match h {
        HouseholdArg::Poor => HouseholdStatus::Poor,
        HouseholdArg::NearPoor => HouseholdStatus::NearPoor,
        HouseholdArg::Neither => HouseholdStatus::Neither,
    }
}

pub fn role(r: RoleArg) -> Role {
    match r {
        RoleArg::Chair => Role::Chair,
        RoleArg::ViceChair => Role::ViceChair,
        RoleArg::Treasurer => Role::Treasurer,
        RoleArg::Accountant => Role::Accountant,
        RoleArg::HomeCareVolunteer => Role::HomeCareVolunteer,
        RoleArg::CareRecipient => Role::CareRecipient,
        RoleArg::BoardMember => Role::BoardMember,
    }
}

pub fn service(s: ServiceArg) -> Service {
    match s {
        ServiceArg::PersonalCare => Service::PersonalCare,
        ServiceArg::Housework => Service::Housework,
        ServiceArg::HealthMonitoring => Service::HealthMonitoring,
        ServiceArg::Companionship => Service::Companionship,
        ServiceArg::ClinicOrReferral => Service::ClinicOrReferral,
        ServiceArg::Entitlements => Service::Entitlements,
        ServiceArg::Other => Service::Other,
    }
}

pub fn amount(field: &str, s: &str) -> Result<i64> {
    Ok(ishc_core::money::parse_dong(s).map_err(|e| e.for_field(field))?)
}
