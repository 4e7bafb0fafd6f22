//! The Jiangmen demo: the hall network, catalog and staff as data files (`data/`), and a
//! deterministic generator of applicants and cases in every lifecycle state. Pure: the files are
//! compiled in, `now` is passed in and the randomness is seeded, so the same `now` gives the same
//! demo.

mod applicants;
mod cases;

use include_dir::{include_dir, Dir};
use onewindow_domain::{Catalog, Hall, Role, User};
use serde::Deserialize;

pub use cases::{plan_cases, DemoCase, DemoStep};

static DATA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "Demo@2026";

#[derive(Debug, Clone)]
pub struct DemoUser {
    pub user: User,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct Demo {
    pub halls: Vec<Hall>,
    pub catalog: Catalog,
    pub users: Vec<DemoUser>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HallsFile {
    halls: Vec<Hall>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersFile {
    users: Vec<UserEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserEntry {
    username: String,
    display_name: String,
    role: Role,
    hall: Option<String>,
    window: Option<String>,
    department: Option<String>,
    password: String,
}

fn text(path: &str) -> &'static str {
    DATA.get_file(path)
        .and_then(|f| f.contents_utf8())
        .unwrap_or_else(|| panic!("demo data file {path} is compiled in"))
}

/// The catalog files, as `(file name, text)`, for import or export.
pub fn catalog_files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<_> = DATA
        .get_dir("catalog")
        .expect("demo catalog folder is compiled in")
        .files()
        .filter_map(|f| Some((f.path().file_name()?.to_str()?, f.contents_utf8()?)))
        .collect();
    files.sort();
    files.push((onewindow_formats::catalog::BUNDLES_FILE, text("bundles.toml")));
    files
}

/// The demo's halls, catalog and staff. The data is compiled in and checked by this crate's
/// tests, so a failure here is a build defect, not a user error.
pub fn demo() -> Demo {
    let halls: HallsFile = toml::from_str(text("halls.toml")).expect("halls.toml is valid");
    let users: UsersFile = toml::from_str(text("users.toml")).expect("users.toml is valid");
    let catalog = onewindow_formats::catalog::parse_catalog(catalog_files())
        .unwrap_or_else(|errors| panic!("demo catalog is valid: {errors:?}"));
    let users = users
        .users
        .into_iter()
        .map(|u| DemoUser {
            user: User {
                username: u.username,
                display_name: u.display_name,
                role: u.role,
                hall_code: u.hall,
                window: u.window,
                department_code: u.department,
            },
            password: u.password,
        })
        .collect();
    Demo { halls: halls.halls, catalog, users }
}

#[cfg(test)]
mod tests;
