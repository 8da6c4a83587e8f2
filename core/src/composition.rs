//! A club's composition checked against the plan's rules.
//!
//! The rules are those of the HelpAge International Intergenerational
//! Self-Help Club model as adopted nationally by Decision 1336/QĐ-TTg (2020)
//! and in Đồng Nai by plan 13335/KH-UBND: each club has 50–70 members, of
//! whom 60–70% are women, 60–70% are older people (60 or over) and 30–40%
//! are younger, with priority for people in difficult circumstances.
//!
//! | Code | Rule | Target (inclusive) |
//! |---|---|---|
//! | `composition.size` | active members | 50–70 |
//! | `composition.women` | share of women | 60–70% |
//! | `composition.older` | share aged 60 or over on the date | 60–70% |
//! | `composition.younger` | share under 60 on the date | 30–40% |
//! | `composition.priority` | members in a priority group | information only |
//!
//! Only active members on the reference date count
//! ([`Member::is_active_member_on`]): people who joined later or left on or
//! before the date, and care recipients who are not members, are left out.
//!
//! Shares are checked exactly in integer arithmetic (`60 × members ≤ 100 ×
//! women ≤ 70 × members`), so 60% exactly is met and 59.9% is not. Figures
//! show one decimal, rounded half up; for clubs of up to 199 members a figure
//! never rounds onto a bound the club misses, and beyond that `met` is what
//! counts.
//!
//! The priority rule: provincial plans under Decision 1336/QĐ-TTg state
//! the composition as "50–70 members, 60–70% women, 60–70% older people,
//! 30–40% younger people; priority to people in difficult circumstances"
//! (*ưu tiên người có hoàn cảnh khó khăn*), giving no share for the priority
//! groups; HelpAge describes the target group as older people from poor and
//! near-poor households or in difficult circumstances, again without a share.
//! No citable "at least N% priority members" rule was found (some district
//! plans set their own, e.g. 70% poor or near-poor, which is not this rule).
//! So the priority count is reported for information and the rule is met
//! whenever the club has members.

use crate::ethnicity::{by_code, KINH_CODE};
use crate::model::{HouseholdStatus, Member, Sex};
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

/// Stable code of the size rule.
pub const RULE_SIZE: &str = "composition.size";
/// Stable code of the women's share rule.
pub const RULE_WOMEN: &str = "composition.women";
/// Stable code of the older members' share rule.
pub const RULE_OLDER: &str = "composition.older";
/// Stable code of the younger members' share rule.
pub const RULE_YOUNGER: &str = "composition.younger";
/// Stable code of the (informational) priority members rule.
pub const RULE_PRIORITY: &str = "composition.priority";

/// Fewest active members a club should have.
pub const SIZE_MIN: u32 = 50;
/// Most active members a club should have.
pub const SIZE_MAX: u32 = 70;
/// Women's share, lowest and highest, percent.
pub const WOMEN_PERCENT: (u32, u32) = (60, 70);
/// Older members' (60 or over) share, lowest and highest, percent.
pub const OLDER_PERCENT: (u32, u32) = (60, 70);
/// Younger members' (under 60) share, lowest and highest, percent.
pub const YOUNGER_PERCENT: (u32, u32) = (30, 40);

const SOURCE: &str = "HelpAge ISHC model; Decision 1336/QĐ-TTg; Đồng Nai plan 13335/KH-UBND";

/// `count of total (p.p%)`, the share rounded half up to one decimal, in
/// integer arithmetic.
fn share_figure(count: u32, total: u32) -> String {
    if total == 0 {
        return format!("{count} of 0 (no members)");
    }
    let (c, t) = (u64::from(count), u64::from(total));
    let tenths = (c * 1000 + t / 2) / t;
    format!("{count} of {total} ({}.{}%)", tenths / 10, tenths % 10)
}

/// Whether `count / total` lies in `[min%, max%]`, exactly; never for an
/// empty club.
fn share_met(count: u32, total: u32, (min, max): (u32, u32)) -> bool {
    let (c, t) = (u64::from(count), u64::from(total));
    t > 0 && u64::from(min) * t <= 100 * c && 100 * c <= u64::from(max) * t
}

fn share_rule(rule: &str, what: &str, count: u32, total: u32, bounds: (u32, u32)) -> RuleResult {
    RuleResult {
        rule: rule.to_string(),
        description: format!(
            "{}–{}% of active members are {what} ({SOURCE}).",
            bounds.0, bounds.1
        ),
        met: share_met(count, total, bounds),
        figure: share_figure(count, total),
        target: format!("{}–{}%", bounds.0, bounds.1),
    }
}

fn priority_counts(active: &[&Member]) -> PriorityCounts {
    let mut p = PriorityCounts::default();
    for m in active {
        let poor = m.household == HouseholdStatus::Poor;
        let near_poor = m.household == HouseholdStatus::NearPoor;
        let minority = m.ethnicity_code != KINH_CODE && by_code(m.ethnicity_code).is_some();
        let any = poor || near_poor || minority || m.disabled || m.lives_alone;
        for (counter, yes) in [
            (&mut p.poor, poor),
            (&mut p.near_poor, near_poor),
            (&mut p.ethnic_minority, minority),
            (&mut p.disabled, m.disabled),
            (&mut p.lives_alone, m.lives_alone),
            (&mut p.total, any),
        ] {
            *counter = counter.saturating_add(u32::from(yes));
        }
    }
    p
}

/// Checks active members on `as_of` against the plan's composition rules:
/// 50–70 members, 60–70% women, 60–70% older, 30–40% younger (HelpAge ISHC
/// model as adopted by Decision 1336/QĐ-TTg and Đồng Nai plan 13335/KH-UBND).
///
/// Counts only [`Member::is_active_member_on`] `as_of`; older means
/// [`Member::is_older_on`] `as_of` (60 or over, so a member whose 60th
/// birthday is `as_of` is older). Ethnic minority means a known group other
/// than Kinh (codes 2–54). Rules come in the order size, women, older,
/// younger, priority; see the [module documentation](self) for each and for
/// why the priority rule is informational. With no active members every
/// rule is not met.
pub fn check_composition(members: &[Member], as_of: NaiveDate) -> CompositionReport {
    let active: Vec<&Member> = members
        .iter()
        .filter(|m| m.is_active_member_on(as_of))
        .collect();
    let count = |pred: &dyn Fn(&Member) -> bool| -> u32 {
        u32::try_from(active.iter().filter(|m| pred(m)).count()).unwrap_or(u32::MAX)
    };
    let total = count(&|_| true);
    let women = count(&|m| m.sex == Sex::Female);
    let older = count(&|m| m.is_older_on(as_of));
    let younger = total - older;
    let priority = priority_counts(&active);

    let rules = vec![
        RuleResult {
            rule: RULE_SIZE.to_string(),
            description: format!("A club has {SIZE_MIN}–{SIZE_MAX} active members ({SOURCE})."),
            met: (SIZE_MIN..=SIZE_MAX).contains(&total),
            figure: format!("{total} members"),
            target: format!("{SIZE_MIN}–{SIZE_MAX} members"),
        },
        share_rule(RULE_WOMEN, "women", women, total, WOMEN_PERCENT),
        share_rule(RULE_OLDER, "aged 60 or over", older, total, OLDER_PERCENT),
        share_rule(RULE_YOUNGER, "under 60", younger, total, YOUNGER_PERCENT),
        RuleResult {
            rule: RULE_PRIORITY.to_string(),
            description: format!(
                "Priority goes to people from poor and near-poor households and in \
                 difficult circumstances (ethnic minority, disability, living alone); \
                 the plans set no share, so this is for information ({SOURCE})."
            ),
            met: total > 0,
            figure: share_figure(priority.total, total),
            target: "priority, no set share".to_string(),
        },
    ];

    CompositionReport {
        as_of,
        members: total,
        women,
        older,
        younger,
        priority,
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Birth, Membership};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn as_of() -> NaiveDate {
        date(2025, 7, 1)
    }

    fn person(id: usize, sex: Sex, birth: Birth) -> Member {
        Member {
            id: format!("m{id:03}"),
            club_id: "club".to_string(),
            full_name: format!("Member {id}"),
            sex,
            birth,
            ethnicity_code: 1,
            household: HouseholdStatus::Neither,
            disabled: false,
            lives_alone: false,
            hamlet: "Ấp 1".to_string(),
            phone: None,
            joined_on: date(2024, 1, 1),
            left_on: None,
            leave_reason: None,
            roles: vec![],
            membership: Membership::Member,
        }
    }

    /// `n` active members, the first `women` women, the last `older` born in
    /// 1950 and the rest in 1980.
    fn club(n: usize, women: usize, older: usize) -> Vec<Member> {
        (0..n)
            .map(|i| {
                let sex = if i < women { Sex::Female } else { Sex::Male };
                let year = if i >= n - older { 1950 } else { 1980 };
                person(i, sex, Birth::Year(year))
            })
            .collect()
    }

    fn rule<'a>(r: &'a CompositionReport, code: &str) -> &'a RuleResult {
        r.rules.iter().find(|x| x.rule == code).expect(code)
    }

    fn met(r: &CompositionReport, code: &str) -> bool {
        rule(r, code).met
    }

    #[test]
    fn rule_codes_in_order() {
        let r = check_composition(&club(56, 38, 38), as_of());
        let codes: Vec<&str> = r.rules.iter().map(|x| x.rule.as_str()).collect();
        assert_eq!(
            codes,
            [
                RULE_SIZE,
                RULE_WOMEN,
                RULE_OLDER,
                RULE_YOUNGER,
                RULE_PRIORITY
            ]
        );
    }

    #[test]
    fn golden_typical_club() {
        let r = check_composition(&club(56, 38, 38), as_of());
        assert_eq!((r.members, r.women, r.older, r.younger), (56, 38, 38, 18));
        let women = rule(&r, RULE_WOMEN);
        assert_eq!(women.figure, "38 of 56 (67.9%)");
        assert_eq!(women.target, "60–70%");
        assert!(women.met);
        assert_eq!(rule(&r, RULE_SIZE).figure, "56 members");
        assert_eq!(rule(&r, RULE_SIZE).target, "50–70 members");
        assert_eq!(rule(&r, RULE_YOUNGER).figure, "18 of 56 (32.1%)");
        assert!(r.rules.iter().all(|x| x.met));
        assert!(r
            .rules
            .iter()
            .all(|x| x.description.contains("1336/QĐ-TTg")));
    }

    #[test]
    fn size_edges() {
        for (n, ok) in [(49, false), (50, true), (70, true), (71, false)] {
            let r = check_composition(&club(n, n * 65 / 100, n * 65 / 100), as_of());
            assert_eq!(met(&r, RULE_SIZE), ok, "{n}");
        }
    }

    #[test]
    fn women_share_edges() {
        // 30 of 50 = 60% exactly, 35 of 50 = 70% exactly.
        assert!(met(
            &check_composition(&club(50, 30, 32), as_of()),
            RULE_WOMEN
        ));
        assert!(met(
            &check_composition(&club(50, 35, 32), as_of()),
            RULE_WOMEN
        ));
        // 31 of 52 = 59.6%, 29 of 50 = 58%, 40 of 57 = 70.2%, 36 of 50 = 72%.
        for (n, w) in [(52, 31), (50, 29), (57, 40), (50, 36)] {
            let r = check_composition(&club(n, w, 35), as_of());
            assert!(!met(&r, RULE_WOMEN), "{w} of {n}");
        }
        let r = check_composition(&club(52, 31, 35), as_of());
        assert_eq!(rule(&r, RULE_WOMEN).figure, "31 of 52 (59.6%)");
    }

    #[test]
    fn older_and_younger_share_edges() {
        // 30 of 50 older = 60%, so 20 younger = 40%: both met.
        let r = check_composition(&club(50, 32, 30), as_of());
        assert!(met(&r, RULE_OLDER) && met(&r, RULE_YOUNGER));
        // 35 of 50 older = 70%, 15 younger = 30%: both met.
        let r = check_composition(&club(50, 32, 35), as_of());
        assert!(met(&r, RULE_OLDER) && met(&r, RULE_YOUNGER));
        // 29 of 50 = 58% older, 42% younger: neither met.
        let r = check_composition(&club(50, 32, 29), as_of());
        assert!(!met(&r, RULE_OLDER) && !met(&r, RULE_YOUNGER));
        // 36 of 50 = 72% older, 28% younger: neither met.
        let r = check_composition(&club(50, 32, 36), as_of());
        assert!(!met(&r, RULE_OLDER) && !met(&r, RULE_YOUNGER));
        // 41 of 59 = 69.5% older: met; 42 of 59 = 71.2%: not.
        assert!(met(
            &check_composition(&club(59, 38, 41), as_of()),
            RULE_OLDER
        ));
        assert!(!met(
            &check_composition(&club(59, 38, 42), as_of()),
            RULE_OLDER
        ));
    }

    #[test]
    fn turning_sixty_on_the_date_counts_as_older() {
        let members = [
            person(1, Sex::Female, Birth::Date(date(1965, 7, 1))),
            person(2, Sex::Female, Birth::Date(date(1965, 7, 2))),
            person(3, Sex::Female, Birth::Year(1965)),
            person(4, Sex::Female, Birth::Year(1966)),
        ];
        let r = check_composition(&members, as_of());
        assert_eq!((r.older, r.younger), (2, 2));
    }

    #[test]
    fn only_active_members_count() {
        let mut left_before = person(1, Sex::Female, Birth::Year(1950));
        left_before.left_on = Some(date(2025, 6, 30));
        let mut left_on_date = person(2, Sex::Female, Birth::Year(1950));
        left_on_date.left_on = Some(as_of());
        let mut leaves_later = person(3, Sex::Female, Birth::Year(1950));
        leaves_later.left_on = Some(date(2025, 7, 2));
        let mut joins_later = person(4, Sex::Female, Birth::Year(1950));
        joins_later.joined_on = date(2025, 7, 2);
        let mut joins_on_date = person(5, Sex::Female, Birth::Year(1950));
        joins_on_date.joined_on = as_of();
        let mut recipient = person(6, Sex::Female, Birth::Year(1930));
        recipient.membership = Membership::RecipientOnly;
        let stays = person(7, Sex::Male, Birth::Year(1990));
        let r = check_composition(
            &[
                left_before,
                left_on_date,
                leaves_later,
                joins_later,
                joins_on_date,
                recipient,
                stays,
            ],
            as_of(),
        );
        assert_eq!((r.members, r.women, r.older, r.younger), (3, 2, 2, 1));
    }

    #[test]
    fn zero_members_meets_nothing() {
        let mut recipient = person(1, Sex::Female, Birth::Year(1930));
        recipient.membership = Membership::RecipientOnly;
        for members in [vec![], vec![recipient]] {
            let r = check_composition(&members, as_of());
            assert_eq!((r.members, r.women, r.older, r.younger), (0, 0, 0, 0));
            assert_eq!(r.priority, PriorityCounts::default());
            assert_eq!(r.rules.len(), 5);
            assert!(r.rules.iter().all(|x| !x.met));
            assert_eq!(rule(&r, RULE_WOMEN).figure, "0 of 0 (no members)");
            assert_eq!(rule(&r, RULE_SIZE).figure, "0 members");
        }
    }

    #[test]
    fn priority_counts_each_person_once() {
        let mut poor = person(1, Sex::Female, Birth::Year(1950));
        poor.household = HouseholdStatus::Poor;
        let mut near_poor_minority = person(2, Sex::Female, Birth::Year(1950));
        near_poor_minority.household = HouseholdStatus::NearPoor;
        near_poor_minority.ethnicity_code = 32; // Chơ Ro
        let mut disabled_alone = person(3, Sex::Male, Birth::Year(1950));
        disabled_alone.disabled = true;
        disabled_alone.lives_alone = true;
        let neither = person(4, Sex::Female, Birth::Year(1980));
        let mut unknown_code = person(5, Sex::Female, Birth::Year(1980));
        unknown_code.ethnicity_code = 0;
        let mut left_poor = person(6, Sex::Female, Birth::Year(1950));
        left_poor.household = HouseholdStatus::Poor;
        left_poor.left_on = Some(date(2025, 1, 1));
        let r = check_composition(
            &[
                poor,
                near_poor_minority,
                disabled_alone,
                neither,
                unknown_code,
                left_poor,
            ],
            as_of(),
        );
        assert_eq!(
            r.priority,
            PriorityCounts {
                poor: 1,
                near_poor: 1,
                ethnic_minority: 1,
                disabled: 1,
                lives_alone: 1,
                total: 3,
            }
        );
        let p = rule(&r, RULE_PRIORITY);
        assert!(p.met, "informational rule is met when there are members");
        assert_eq!(p.figure, "3 of 5 (60.0%)");
    }

    #[test]
    fn figures_never_round_onto_a_missed_bound_below_200_members() {
        for total in 1..200u32 {
            for count in 0..=total {
                let figure = share_figure(count, total);
                for bounds in [WOMEN_PERCENT, OLDER_PERCENT, YOUNGER_PERCENT] {
                    for bound in [bounds.0, bounds.1] {
                        if figure.ends_with(&format!("({bound}.0%)")) {
                            assert_eq!(100 * count, bound * total, "{figure}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn rounding_half_up() {
        assert_eq!(share_figure(1, 3), "1 of 3 (33.3%)");
        assert_eq!(share_figure(2, 3), "2 of 3 (66.7%)");
        assert_eq!(share_figure(1, 8), "1 of 8 (12.5%)");
        assert_eq!(share_figure(1, 16), "1 of 16 (6.3%)");
        assert_eq!(share_figure(7, 7), "7 of 7 (100.0%)");
        assert_eq!(share_figure(0, 7), "0 of 7 (0.0%)");
    }
}
