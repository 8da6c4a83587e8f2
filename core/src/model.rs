//! Domain types shared by the rules, the store and the command line.
//!
//! Vietnamese terms are given beside the English in docs; identifiers are
//! English. Dates without time are [`NaiveDate`] calendar dates; instants are
//! [`DateTime<FixedOffset>`] and keep the offset they were recorded with.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Sex as recorded on the roster (*giới tính*: *nam*, *nữ*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// *Nam*.
    Male,
    /// *Nữ*.
    Female,
}

/// Household poverty status (*hoàn cảnh*), as certified by the commune under
/// the national multidimensional poverty standard (Decree 07/2021/NĐ-CP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdStatus {
    /// *Hộ nghèo*.
    Poor,
    /// *Hộ cận nghèo*.
    NearPoor,
    /// Neither.
    #[default]
    Neither,
}

/// What is known of a person's birth: a full date or only the year, as club
/// rosters usually record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Birth {
    /// Full birth date.
    Date(NaiveDate),
    /// Birth year only.
    Year(i32),
}

impl Birth {
    /// The birth year.
    pub fn year(&self) -> i32 {
        match self {
            Birth::Date(d) => d.year(),
            Birth::Year(y) => *y,
        }
    }

    /// Age in completed years on `on`. With a year only, the person is taken
    /// to have had their birthday on 1 January, which is how commune
    /// registers count age when only the year is known.
    pub fn age_on(&self, on: NaiveDate) -> i32 {
        match self {
            Birth::Date(d) => {
                let mut age = on.year() - d.year();
                if (on.month(), on.day()) < (d.month(), d.day()) {
                    age -= 1;
                }
                age
            }
            Birth::Year(y) => on.year() - y,
        }
    }
}

/// Age from which a person is an older person (*người cao tuổi*): 60, per
/// Article 2 of the Law on the Elderly (Luật Người cao tuổi 2009).
pub const OLDER_PERSON_AGE: i32 = 60;

/// A role a member holds in the club.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// *Chủ nhiệm*.
    Chair,
    /// *Phó chủ nhiệm*.
    ViceChair,
    /// *Thủ quỹ*.
    Treasurer,
    /// *Kế toán*.
    Accountant,
    /// *Tình nguyện viên chăm sóc tại nhà*.
    HomeCareVolunteer,
    /// *Người được chăm sóc*.
    CareRecipient,
    /// *Thành viên ban chủ nhiệm*.
    BoardMember,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 7] = [
        Role::Chair,
        Role::ViceChair,
        Role::Treasurer,
        Role::Accountant,
        Role::HomeCareVolunteer,
        Role::CareRecipient,
        Role::BoardMember,
    ];

    /// Stable snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::ViceChair => "vice_chair",
            Role::Treasurer => "treasurer",
            Role::Accountant => "accountant",
            Role::HomeCareVolunteer => "home_care_volunteer",
            Role::CareRecipient => "care_recipient",
            Role::BoardMember => "board_member",
        }
    }
}

/// Whether a person record is a club member or only a registered care
/// recipient (an older non-member the volunteers visit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    /// A club member.
    #[default]
    Member,
    /// An older non-member registered to receive home care.
    RecipientOnly,
}

/// A person in a club's register: a member or a non-member care recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// UUIDv7, as text.
    pub id: String,
    /// Owning club id.
    pub club_id: String,
    /// Full name as typed, NFC, trimmed, inner spaces collapsed.
    pub full_name: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date or year.
    pub birth: Birth,
    /// Official ethnic group code (1–54, General Statistics Office list).
    pub ethnicity_code: u8,
    /// Household poverty status.
    pub household: HouseholdStatus,
    /// Has a disability.
    pub disabled: bool,
    /// Lives alone.
    pub lives_alone: bool,
    /// Hamlet or residential group (*ấp*, *tổ*), as typed.
    pub hamlet: String,
    /// Phone in canonical `+84…` form, if any.
    pub phone: Option<String>,
    /// Calendar date the person joined.
    pub joined_on: NaiveDate,
    /// Calendar date the person left, if they left.
    pub left_on: Option<NaiveDate>,
    /// Why they left.
    pub leave_reason: Option<String>,
    /// Roles held, sorted.
    pub roles: Vec<Role>,
    /// Member or recipient only.
    pub membership: Membership,
}

impl Member {
    /// Whether the person is an active club member on `on` (joined on or
    /// before, not yet left, and a member rather than recipient only).
    pub fn is_active_member_on(&self, on: NaiveDate) -> bool {
        self.membership == Membership::Member
            && self.joined_on <= on
            && self.left_on.is_none_or(|l| l > on)
    }

    /// Whether the person is an older person (60 or over) on `on`.
    pub fn is_older_on(&self, on: NaiveDate) -> bool {
        self.birth.age_on(on) >= OLDER_PERSON_AGE
    }
}

/// Which of a club's two funds an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fund {
    /// Income-generation revolving loan fund (*quỹ tăng thu nhập / quỹ vốn quay vòng*).
    IncomeGeneration,
    /// Activity fund (*quỹ hoạt động*).
    Activity,
}

/// Interest method of a loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestMethod {
    /// Flat (*lãi phẳng*): each month's interest is the rate times the
    /// original principal.
    Flat,
    /// Declining balance (*dư nợ giảm dần*): each month's interest is the rate
    /// times the principal still outstanding, with equal principal parts.
    DecliningBalance,
}

/// A home-care service delivered on a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// *Chăm sóc cá nhân* (bathing, dressing, hygiene).
    PersonalCare,
    /// *Việc nhà* (cleaning, cooking, laundry).
    Housework,
    /// *Theo dõi sức khỏe* (readings, medication reminders).
    HealthMonitoring,
    /// *Trò chuyện, động viên*.
    Companionship,
    /// *Đưa đi khám, chuyển tuyến*.
    ClinicOrReferral,
    /// *Hỗ trợ tiếp cận chính sách, quyền lợi*.
    Entitlements,
    /// *Khác*.
    Other,
}

/// Optional readings taken on a visit or at a meeting.
///
/// Units: blood pressure in mmHg, pulse in beats per minute, blood glucose in
/// mmol/L, weight in kg. See [`crate::vitals`] for the plausible ranges.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Vitals {
    /// Systolic blood pressure, mmHg.
    pub systolic: Option<u16>,
    /// Diastolic blood pressure, mmHg.
    pub diastolic: Option<u16>,
    /// Pulse, beats per minute.
    pub pulse: Option<u16>,
    /// Blood glucose, mmol/L.
    pub glucose_mmol_l: Option<f64>,
    /// Weight, kg.
    pub weight_kg: Option<f64>,
}

/// An instant with its UTC offset, as recorded.
pub type Instant = DateTime<FixedOffset>;

/// The offset the clubs live in: Asia/Ho_Chi_Minh, UTC+07:00, no daylight saving.
pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

/// The calendar date in Vietnam of an instant: a repayment at 23:30 on
/// 31 January in Vietnam counts in January whatever offset it was stored with.
pub fn vietnam_date(at: &Instant) -> NaiveDate {
    at.with_timezone(&vietnam_offset()).date_naive()
}

/// The plan's eight activity areas (Đồng Nai plan 13335/KH-UBND; HelpAge ISHC model),
/// the default list for a new club.
pub const DEFAULT_ACTIVITY_AREAS: [&str; 8] = [
    "income_generation",
    "health_care",
    "home_care_volunteering",
    "self_help_and_community_support",
    "rights_and_entitlements",
    "communication",
    "sport_culture_and_arts",
    "resource_mobilisation",
];

/// An activity area as the clubs name it in Vietnamese: the plan's eight by
/// their keys ([`DEFAULT_ACTIVITY_AREAS`]), any other (a club's own area,
/// stored as typed) as it is.
pub fn activity_area_label_vi(area: &str) -> &str {
    match area {
        "income_generation" => "Phát triển sinh kế, tạo thu nhập",
        "health_care" => "Chăm sóc sức khỏe",
        "home_care_volunteering" => "Chăm sóc tại nhà dựa vào tình nguyện viên",
        "self_help_and_community_support" => "Tự giúp nhau và hỗ trợ cộng đồng",
        "rights_and_entitlements" => "Quyền và chế độ, chính sách",
        "communication" => "Truyền thông",
        "sport_culture_and_arts" => "Văn hóa, văn nghệ, thể dục thể thao",
        "resource_mobilisation" => "Huy động nguồn lực",
        other => other,
    }
}
