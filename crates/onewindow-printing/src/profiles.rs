//! Printer profiles: the defaults shipped in `printer-profiles/`, overridden by the workstation's
//! own files in `<data directory>/printer-profiles/`.

use std::path::Path;

use include_dir::{include_dir, Dir};
use onewindow_documents::{PaperSize, PrintArea};
use onewindow_domain::DocumentKind;
use onewindow_formats::printer::{parse_profile, write_profile, PrinterProfile};
use onewindow_formats::FileError;

static SHIPPED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../printer-profiles");

#[derive(Debug, Clone, Default)]
pub struct Profiles {
    pub profiles: Vec<PrinterProfile>,
}

impl Profiles {
    pub fn get(&self, name: &str) -> Option<&PrinterProfile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The first profile serving `kind`.
    pub fn default_for(&self, kind: DocumentKind) -> Option<&PrinterProfile> {
        self.profiles.iter().find(|p| p.serves.contains(&kind))
    }

    /// Writes `profile` into the workstation's folder, where it wins over the shipped one.
    pub fn save(data_dir: &Path, profile: &PrinterProfile) -> std::io::Result<()> {
        let dir = data_dir.join("printer-profiles");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{}.toml", profile.name)), write_profile(profile))
    }
}

/// The profiles, and the problems of any file that was skipped.
pub fn load_profiles(data_dir: Option<&Path>) -> (Profiles, Vec<FileError>) {
    let mut profiles = Vec::new();
    let mut problems = Vec::new();
    let take = |name: String, text: &str, profiles: &mut Vec<PrinterProfile>, problems: &mut Vec<FileError>| {
        match parse_profile(&name, text) {
            Ok(p) => {
                profiles.retain(|q: &PrinterProfile| q.name != p.name);
                profiles.push(p);
            }
            Err(e) => problems.extend(e),
        }
    };
    let mut shipped: Vec<_> = SHIPPED.files().filter(|f| f.path().extension().is_some_and(|e| e == "toml")).collect();
    shipped.sort_by_key(|f| f.path());
    for f in shipped {
        take(
            format!("printer-profiles/{}", f.path().display()),
            f.contents_utf8().unwrap_or_default(),
            &mut profiles,
            &mut problems,
        );
    }
    if let Some(dir) = data_dir.map(|d| d.join("printer-profiles")).filter(|d| d.is_dir()) {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => take(path.display().to_string(), &text, &mut profiles, &mut problems),
                Err(e) => problems.push(FileError {
                    file: path.display().to_string(),
                    line: None,
                    field: String::new(),
                    code: "unreadable",
                    message: format!("无法读取：{e}"),
                }),
            }
        }
    }
    (Profiles { profiles }, problems)
}

pub fn print_area(profile: &PrinterProfile) -> PrintArea {
    let m = &profile.margins_mm;
    PrintArea {
        paper: PaperSize { width: profile.paper.width_mm, height: profile.paper.height_mm },
        margins: [m.top, m.right, m.bottom, m.left],
        offset: (profile.offset_mm.x, profile.offset_mm.y),
    }
}
