//! A club's composition checked against the plan's rules.

use crate::model::Member;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One rule's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    /// Stable rule code, e.g. `composition.size`.
    pub rule: String,
    /// English statement of the rule with its source.
    pub description: String,
    /// Whether the club meets it.
    pub met: bool,
    /// The club's figure, e.g. `"38 of 56 (67.9%)"`.
    pub figure: String,
    /// The target, e.g. `"60–70%"`.
    pub target: String,
}

/// Counts of priority members (each person counted once in `total`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityCounts {
    /// From poor households.
    pub poor: u32,
    /// From near-poor households.
    pub near_poor: u32,
    /// Of an ethnic minority (not Kinh).
    pub ethnic_minority: u32,
    /// With a disability.
    pub disabled: u32,
    /// Living alone.
    pub lives_alone: u32,
    /// Members in at least one priority group.
    pub total: u32,
}

/// A club's composition report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositionReport {
    /// Reference date.
    pub as_of: NaiveDate,
    /// Active members on `as_of`.
    pub members: u32,
    /// Of whom women.
    pub women: u32,
    /// Of whom aged 60 or over.
    pub older: u32,
    /// Of whom under 60.
    pub younger: u32,
    /// Priority members.
    pub priority: PriorityCounts,
    /// Each rule with its outcome.
    pub rules: Vec<RuleResult>,
}

/// Checks active members on `as_of` against the plan's composition rules:
/// 50–70 members, 60–70% women, 60–70% older, 30–40% younger (HelpAge ISHC
/// model as adopted by Decision 1336/QĐ-TTg and Đồng Nai plan 13335/KH-UBND).
pub fn check_composition(members: &[Member], as_of: NaiveDate) -> CompositionReport {
    let _ = (members, as_of);
    todo!("helper D")
}
