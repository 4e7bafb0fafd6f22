//! The pure core of OneWindow. No IO, no clock reads, no randomness: time and identifiers are
//! passed in, so every result is repeatable.

pub mod audit;
pub mod calendar;
pub mod case;
#[macro_use]
pub mod catalog;
pub mod courier;
pub mod followup;
pub mod identifiers;
pub mod org;
pub mod paper;
pub mod review;
pub mod search;
pub mod shortfall;
pub mod signin;
#[doc(hidden)]
pub mod synthetic;
pub mod time;
pub mod time_limit;

pub use calendar::WorkCalendar;
pub use case::{
    advance, advance_all, case_number, transition, verification_code, Agent, Applicant, ApplicantKind, CaseAction,
    CaseChange, CaseNumbersExhausted, CaseProgress, CaseState, CaseStep, IllegalTransition, ReceivedMaterial,
    MAX_DAILY_SEQUENCE,
};
pub use catalog::{
    AppliesTo, Bundle, Catalog, DeliveryMethod, Eligibility, FollowUpRules, Guide, InstantApproval, ItemLevel,
    Material, MaterialForm, ReviewRules, ServiceItem, ShortfallOverdue, ShortfallPolicy, ShortfallRules,
};
pub use identifiers::{mask_id, mask_phone, valid_as_other_kind, validate, IdError, IdKind, IdProblem, Identifier};
pub use org::{Department, Hall, HallLevel, Role, User};
pub use paper::DocumentKind;
pub use review::{CorrectionItem, EventDetail, ReminderChannel, SpecialProcedureKind, DEFAULT_DENIAL_GROUNDS};
pub use search::{EntryKind, Hit, MatchField, MatchTier, SearchEntry, SearchIndex};
pub use time_limit::{warning_threshold, LimitStatus, Pause, TimeLimit};
