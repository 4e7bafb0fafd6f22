//! The hall network and its people.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HallLevel {
    City,
    District,
    Town,
}

impl HallLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            HallLevel::City => "city",
            HallLevel::District => "district",
            HallLevel::Town => "town",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hall {
    /// 9 digits: the area's administrative division code and a 3-digit hall number.
    pub code: String,
    pub name: String,
    pub level: HallLevel,
    /// 江门市 or one of its county-level areas.
    pub area: String,
    pub address: String,
    pub phone: String,
    /// Window numbers, e.g. "A01".
    pub windows: Vec<String>,
    /// Days a result may wait at the issuance window before the list shows it as uncollected.
    #[serde(default = "default_uncollected_days")]
    pub uncollected_days: u32,
    /// Minutes without keyboard or mouse input after which a window's screen locks.
    #[serde(default = "default_idle_lock_minutes")]
    pub idle_lock_minutes: u32,
}

/// The screen of a shared window locks after this many idle minutes, unless its hall says.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 5;

fn default_idle_lock_minutes() -> u32 {
    DEFAULT_IDLE_LOCK_MINUTES
}

/// The days a result waits at the window before it counts as uncollected, unless a hall says.
pub const DEFAULT_UNCOLLECTED_DAYS: u32 = 30;

fn default_uncollected_days() -> u32 {
    DEFAULT_UNCOLLECTED_DAYS
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Department {
    pub code: String,
    pub name: String,
    pub area: String,
    /// Where an applicant may seek 行政复议 against the department's decisions (the people's
    /// government of its level), as its refusal and denial notices name it; empty when not set.
    #[serde(default)]
    pub review_authority: String,
    /// The court for 行政诉讼, as the notices name it; empty when not set.
    #[serde(default)]
    pub court: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Role {
    /// 综合窗口受理员
    WindowClerk,
    /// 后台审批人员
    Reviewer,
    /// 部门负责人: reviews like a reviewer, and reassigns, extends and ends cases of the department.
    DepartmentLead,
    /// 寄递调度员
    Dispatcher,
    /// 大厅管理员
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::WindowClerk, Role::Reviewer, Role::DepartmentLead, Role::Dispatcher, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::WindowClerk => "window_clerk",
            Role::Reviewer => "reviewer",
            Role::DepartmentLead => "department_lead",
            Role::Dispatcher => "dispatcher",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::WindowClerk => "综合窗口受理员",
            Role::Reviewer => "后台审批人员",
            Role::DepartmentLead => "部门负责人",
            Role::Dispatcher => "寄递调度员",
            Role::Supervisor => "大厅管理员",
            Role::Admin => "系统管理员",
        }
    }

    /// Works a department's queue: claims, reviews and decides its cases.
    pub fn reviews(self) -> bool {
        matches!(self, Role::Reviewer | Role::DepartmentLead)
    }

    /// Where a user of this role must be placed: (hall, window, department).
    pub fn placement(self) -> (bool, bool, bool) {
        match self {
            Role::WindowClerk => (true, true, false),
            Role::Reviewer | Role::DepartmentLead => (false, false, true),
            Role::Dispatcher | Role::Supervisor => (true, false, false),
            Role::Admin => (false, false, false),
        }
    }
}

/// A staff member as the application knows them (never with the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub hall_code: Option<String>,
    pub window: Option<String>,
    pub department_code: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn clerks_sit_at_a_window_and_reviewers_in_a_department() {
        assert_eq!(Role::WindowClerk.placement(), (true, true, false));
        assert_eq!(Role::Reviewer.placement(), (false, false, true));
    }
}
