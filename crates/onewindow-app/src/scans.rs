//! Scans arriving from the inbox: each complete file recognised, stored once under its SHA-256
//! and recorded, or quarantined with its reason; the inbox copy is removed only after that, so a
//! crash at any point loses nothing and imports nothing twice. Then: assigning scans to a case's
//! materials and binding them into the case file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, UNIX_EPOCH};

use base64::prelude::{Engine, BASE64_STANDARD};
use onewindow_domain::{MaterialForm, ShortfallPolicy};
pub use onewindow_scan_watch::{InboxWatcher, Ready, WatchConfig};
use onewindow_scans::{
    case_file, inspect, natural_key, read_cover, CaseFilePart, CaseFileSection, ContentStore, MediaType,
};
use onewindow_store::{NewScan, ScanRecorded, ScanRow};
use serde::Serialize;

use crate::views::{
    AssignedScanView, CaseMaterialView, IngestView, SaneDeviceView, SaneScanRequest, ScanInboxView, ScanPageView,
    ScanView,
};
use crate::{App, AppError, Result};

impl From<IngestOutcome> for IngestView {
    fn from(o: IngestOutcome) -> Self {
        IngestView { file: o.file, outcome: o.outcome.to_string(), sha256: o.sha256, pages: o.pages, reason: o.reason }
    }
}

/// A page filed by the cover sheet before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverFiling {
    pub sha256: String,
    pub original_name: String,
    pub case_number: String,
    pub material_code: String,
    /// True for the cover sheet itself.
    pub cover: bool,
}

impl From<CoverFiling> for crate::views::CoverFilingView {
    fn from(f: CoverFiling) -> Self {
        crate::views::CoverFilingView {
            sha256: f.sha256,
            original_name: f.original_name,
            case_number: f.case_number,
            material_code: f.material_code,
            cover: f.cover,
        }
    }
}

/// What became of one inbox file (one JSON line of `onewindow scan ingest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestOutcome {
    pub file: String,
    /// stored | duplicate | quarantined
    pub outcome: &'static str,
    pub sha256: Option<String>,
    pub pages: Option<u32>,
    pub reason: Option<String>,
}

fn scan_view(row: ScanRow) -> ScanView {
    ScanView {
        sha256: row.sha256,
        media_type: row.media_type,
        pages: row.pages,
        bytes: row.bytes,
        original_name: row.original_name,
        received_at: row.received_at.to_rfc3339(),
        case_number: row.case_number,
        material_code: row.material_code,
    }
}

impl App {
    fn scan_store(&self) -> Result<ContentStore> {
        let dir = self.data_dir.as_deref().ok_or_else(|| AppError::DataDir("没有数据目录，无法保存扫描件".into()))?;
        ContentStore::open(dir.join("scans")).map_err(|e| AppError::DataDir(format!("扫描件存储目录不可用：{e}")))
    }

    /// Takes one complete file from the inbox.
    pub async fn ingest_scan(&self, path: &Path) -> Result<IngestOutcome> {
        let store = self.scan_store()?;
        let file = path.display().to_string();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let now = self.now();
        let meta = std::fs::metadata(path).map_err(|e| AppError::invalid("file", format!("无法读取 {file}：{e}")))?;
        let mtime =
            meta.modified().ok().and_then(|m| m.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_nanos()).unwrap_or(0);
        let source_key = format!("{file}|{}|{mtime}", meta.len());
        let inspection = match inspect(path) {
            Ok(i) => i,
            Err(rejection) => {
                let stamp = onewindow_domain::time::local(now).format("%Y%m%d-%H%M%S").to_string();
                let moved = store
                    .quarantine(path, rejection.code, &rejection.reason, &stamp)
                    .map_err(|e| AppError::DataDir(format!("无法移入隔离区：{e}")))?;
                self.store
                    .record_quarantine(&name, rejection.code, &rejection.reason, &moved.display().to_string(), now)
                    .await?;
                return Ok(IngestOutcome {
                    file,
                    outcome: "quarantined",
                    sha256: None,
                    pages: None,
                    reason: Some(rejection.reason),
                });
            }
        };
        let stored =
            store.put(path, inspection.media_type).map_err(|e| AppError::DataDir(format!("无法保存扫描件：{e}")))?;
        let recorded = self
            .store
            .record_scan(&NewScan {
                sha256: stored.sha256.clone(),
                media_type: inspection.media_type.as_str().to_string(),
                pages: inspection.pages,
                bytes: stored.bytes,
                original_name: name,
                source_key,
                at: now,
            })
            .await?;
        // Safe in the store and the database: only now does the file leave the inbox.
        std::fs::remove_file(path).map_err(|e| AppError::DataDir(format!("无法从收件箱移除 {file}：{e}")))?;
        let (outcome, reason) = match recorded {
            ScanRecorded::New(_) | ScanRecorded::SameSource(_) => ("stored", None),
            ScanRecorded::Duplicate(_) => {
                ("duplicate", Some("与已保存的扫描件内容相同（重复扫描），未再次保存".to_string()))
            }
        };
        Ok(IngestOutcome { file, outcome, sha256: Some(stored.sha256), pages: Some(inspection.pages), reason })
    }

    /// The newest `limit` scans, for the clerk's inbox; only the unassigned ones when asked.
    pub async fn recent_scans(&self, unassigned: bool, limit: u32) -> Result<Vec<ScanView>> {
        Ok(self.store.scans(unassigned, limit).await?.into_iter().map(scan_view).collect())
    }

    /// Puts a stored scan under a material of a case.
    pub async fn assign_scan(&self, number: &str, material_code: &str, sha256: &str, rotation: u16) -> Result<()> {
        if !matches!(rotation, 0 | 90 | 180 | 270) {
            return Err(AppError::invalid("rotation", "旋转角度只能是0、90、180或270度"));
        }
        let case = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let catalog = self.catalog_at(case.catalog_version).await?;
        let item =
            catalog.item(&case.service_item_code).ok_or_else(|| AppError::NotFound(case.service_item_code.clone()))?;
        let added = crate::review::added_materials(&self.store.case_events(number).await?);
        if !item.materials.iter().any(|m| m.code == material_code) && !added.iter().any(|(c, _)| c == material_code) {
            return Err(AppError::invalid(
                "material_code",
                format!("事项“{}”没有编码为“{material_code}”的材料", item.name),
            ));
        }
        if self.store.scan(sha256).await?.is_none() {
            return Err(AppError::NotFound(format!("未找到扫描件 {sha256}")));
        }
        Ok(self.store.assign_scan(number, material_code, sha256, rotation).await?)
    }

    /// All the scans of a case in one PDF, a bookmark per material, in the checklist's order.
    pub async fn case_file(&self, number: &str) -> Result<Vec<u8>> {
        let store = self.scan_store()?;
        let case = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let catalog = self.catalog_at(case.catalog_version).await?;
        let item = catalog.item(&case.service_item_code);
        let scans = self.store.case_scans(number).await?;
        let mut sections: Vec<CaseFileSection> = Vec::new();
        let order =
            |code: &str| item.and_then(|i| i.materials.iter().position(|m| m.code == code)).unwrap_or(usize::MAX);
        let mut codes: Vec<&str> = scans.iter().map(|s| s.material_code.as_str()).collect();
        codes.sort_by_key(|c| (order(c), c.to_string()));
        codes.dedup();
        for code in codes {
            let title = item
                .and_then(|i| i.materials.iter().find(|m| m.code == code))
                .map(|m| format!("{code} {}", m.name))
                .unwrap_or_else(|| code.to_string());
            let mut parts = Vec::new();
            for s in scans.iter().filter(|s| s.material_code == code) {
                let media_type = MediaType::parse(&s.scan.media_type)
                    .ok_or_else(|| AppError::Conflict(format!("未知的扫描件类型 {}", s.scan.media_type)))?;
                let path: PathBuf = store.path_of(&s.scan.sha256, media_type);
                let data = std::fs::read(&path)
                    .map_err(|e| AppError::DataDir(format!("扫描件 {} 缺失：{e}", s.scan.sha256)))?;
                parts.push(CaseFilePart { media_type, name: s.scan.original_name.clone(), data, rotation: s.rotation });
            }
            sections.push(CaseFileSection { title, parts });
        }
        case_file(&format!("办件 {number} 材料"), &sections).map_err(AppError::Printing)
    }
}

impl App {
    /// The workstation's scan inbox folder (created if needed).
    pub fn inbox_dir(&self) -> Result<PathBuf> {
        let dir = self.data_dir.as_deref().ok_or_else(|| AppError::DataDir("没有数据目录".into()))?.join("inbox");
        std::fs::create_dir_all(&dir).map_err(|e| AppError::DataDir(format!("无法创建扫描收件箱：{e}")))?;
        Ok(dir)
    }

    /// A folder of the station a clerk may open in the file manager: the scan inbox, or the
    /// exports the case files are written to (created if needed).
    pub fn station_folder(&self, folder: &str) -> Result<PathBuf> {
        let data = self.data_dir.as_deref().ok_or_else(|| AppError::DataDir("没有数据目录".into()))?;
        let dir = match folder {
            "inbox" => return self.inbox_dir(),
            "exports" => data.join("exports"),
            other => return Err(AppError::invalid("folder", format!("没有名为“{other}”的文件夹"))),
        };
        std::fs::create_dir_all(&dir).map_err(|e| AppError::DataDir(format!("无法创建导出文件夹：{e}")))?;
        Ok(dir)
    }

    pub async fn scan_inbox(&self) -> Result<ScanInboxView> {
        Ok(ScanInboxView { inbox: self.inbox_dir()?.display().to_string(), scans: self.recent_scans(true, 200).await? })
    }

    /// The case's checklist with the scans under each material.
    pub async fn case_materials(&self, number: &str) -> Result<Vec<CaseMaterialView>> {
        let case = self
            .store
            .case(number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("未找到办件编号为“{number}”的办件")))?;
        let catalog = self.catalog_at(case.catalog_version).await?;
        let item =
            catalog.item(&case.service_item_code).ok_or_else(|| AppError::NotFound(case.service_item_code.clone()))?;
        let received = self.store.case_materials(number).await?;
        let scans = self.store.case_scans(number).await?;
        // The item's checklist, then the papers reviewers asked for that it does not list.
        let added = crate::review::added_materials(&self.store.case_events(number).await?);
        let listed = item.materials.iter().map(|m| (m.code.clone(), m.name.clone(), m.policy, m.form));
        let asked = added.into_iter().map(|(code, name)| (code, name, ShortfallPolicy::Core, MaterialForm::Original));
        Ok(listed
            .chain(asked)
            .map(|(code, name, policy, form)| CaseMaterialView {
                received: received.iter().any(|r| r.material_code == code),
                scans: scans
                    .iter()
                    .filter(|s| s.material_code == code)
                    .map(|s| AssignedScanView { scan: scan_view(s.scan.clone()), rotation: s.rotation })
                    .collect(),
                code,
                name,
                policy,
                form,
            })
            .collect())
    }

    /// Moves a scan one place earlier or later within its material.
    pub async fn move_scan(&self, number: &str, sha256: &str, up: bool) -> Result<()> {
        Ok(self.store.move_scan(number, sha256, up).await?)
    }

    pub async fn unassign_scan(&self, number: &str, sha256: &str) -> Result<()> {
        Ok(self.store.unassign_scan(number, sha256).await?)
    }

    /// A stored scan by its hash, with the store that holds its file and its type.
    async fn stored_scan(&self, sha256: &str) -> Result<(ContentStore, ScanRow, MediaType)> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::invalid("sha256", "扫描件编号格式不正确"));
        }
        let store = self.scan_store()?;
        let scan =
            self.store.scan(sha256).await?.ok_or_else(|| AppError::NotFound(format!("未找到扫描件 {sha256}")))?;
        let media_type = MediaType::parse(&scan.media_type)
            .ok_or_else(|| AppError::Conflict(format!("未知的扫描件类型 {}", scan.media_type)))?;
        Ok((store, scan, media_type))
    }

    /// A scan's thumbnail as a `data:` URL for the inbox (none for PDFs).
    pub async fn scan_thumbnail(&self, sha256: &str) -> Result<Option<String>> {
        let (store, _, media_type) = self.stored_scan(sha256).await?;
        // Made on first look, not at ingest: the inbox keeps pace with the scanner.
        let path = store.make_thumbnail(sha256, media_type);
        Ok(path
            .and_then(|p| std::fs::read(p).ok())
            .map(|bytes| format!("data:image/jpeg;base64,{}", BASE64_STANDARD.encode(bytes))))
    }

    /// One page of a scan for the page viewer, as a `data:` URL.
    pub async fn scan_page(&self, sha256: &str, page: u32) -> Result<ScanPageView> {
        let (store, scan, media_type) = self.stored_scan(sha256).await?;
        let pages = scan.pages;
        if page == 0 || page > pages {
            return Err(AppError::invalid("page", format!("扫描件共{pages}页，没有第{page}页")));
        }
        let data = std::fs::read(store.path_of(sha256, media_type)).map_err(|e| {
            tracing::error!(error = %e, sha256, "scan file unreadable");
            AppError::NotFound(format!("扫描件 {sha256} 的文件不在本机的扫描件库中"))
        })?;
        let (mime, bytes) = onewindow_scans::page_image(&data, media_type, page).map_err(AppError::Conflict)?;
        Ok(ScanPageView {
            sha256: sha256.to_string(),
            page,
            pages,
            data_url: format!("data:{mime};base64,{}", BASE64_STANDARD.encode(bytes)),
        })
    }

    /// Writes the case file into the data directory's `exports/` and returns its path.
    pub async fn export_case_file(&self, number: &str) -> Result<String> {
        let pdf = self.case_file(number).await?;
        let dir = self.data_dir.as_deref().ok_or_else(|| AppError::DataDir("没有数据目录".into()))?.join("exports");
        std::fs::create_dir_all(&dir).map_err(|e| AppError::DataDir(e.to_string()))?;
        let path = dir.join(format!("{number}-材料.pdf"));
        std::fs::write(&path, pdf).map_err(|e| AppError::DataDir(format!("无法保存材料PDF：{e}")))?;
        Ok(path.display().to_string())
    }

    pub fn sane_devices(&self) -> Result<Vec<SaneDeviceView>> {
        let devices = onewindow_scans::sane::devices().map_err(|e| AppError::Printing(e.to_string()))?;
        Ok(devices.into_iter().map(|d| SaneDeviceView { name: d.name, description: d.description }).collect())
    }

    /// Scans into the station's inbox; the watcher then takes the pages like any other file.
    pub fn sane_scan(&self, request: &SaneScanRequest) -> Result<Vec<String>> {
        self.sane_scan_to(request, &self.inbox_dir()?)
    }

    /// Scans into `inbox`, page by page.
    pub fn sane_scan_to(&self, request: &SaneScanRequest, inbox: &Path) -> Result<Vec<String>> {
        let settings = onewindow_scans::sane::SaneSettings {
            device: request.device.clone(),
            resolution: request.resolution,
            mode: request.mode.clone(),
            duplex: request.duplex,
            pages: request.pages,
        };
        let stamp = onewindow_domain::time::local(self.now()).format("%Y%m%d-%H%M%S").to_string();
        let files = onewindow_scans::sane::acquire(&settings, inbox, &stamp).map_err(|e| match e {
            onewindow_scans::sane::SaneError::Invalid(m) => AppError::invalid("scanner", m),
            other => AppError::Printing(other.to_string()),
        })?;
        Ok(files.into_iter().map(|f| f.display().to_string()).collect())
    }

    /// Starts watching an inbox folder: each file is reported once it is complete, for
    /// [`App::ingest_scan`]. Dropping the watcher stops it.
    pub fn watch_inbox(&self, config: WatchConfig) -> Result<(InboxWatcher, Receiver<Ready>)> {
        InboxWatcher::start(config).map_err(|e| AppError::DataDir(format!("无法监视扫描收件箱：{e}")))
    }

    /// The files in `inbox` that are complete (stable for `settle`), waiting at most `timeout`.
    pub fn settled_inbox_files(&self, inbox: &Path, settle: Duration, timeout: Duration) -> Result<Vec<PathBuf>> {
        let ready = onewindow_scan_watch::settled_files(inbox, settle, timeout)
            .map_err(|e| AppError::DataDir(format!("无法读取扫描收件箱：{e}")))?;
        Ok(ready.into_iter().map(|r| r.path).collect())
    }
}

impl App {
    /// Files the unassigned scans by the cover sheets among them: in name order (a stack scanned in
    /// one go arrives as 第1页, 第2页, …), each page goes under the material of the last cover sheet
    /// before it. Pages before any cover sheet stay in the inbox.
    pub async fn file_by_cover_sheets(&self) -> Result<Vec<CoverFiling>> {
        let store = self.scan_store()?;
        let mut scans = self.store.scans(true, 10_000).await?;
        scans.sort_by_key(|s| natural_key(&s.original_name));
        let mut target: Option<(String, String)> = None;
        let mut filed = Vec::new();
        for scan in scans {
            let Some(media_type) = MediaType::parse(&scan.media_type) else { continue };
            let data = std::fs::read(store.path_of(&scan.sha256, media_type))
                .map_err(|e| AppError::DataDir(format!("扫描件 {} 缺失：{e}", scan.sha256)))?;
            if let Some((case, material)) = read_cover(&data, media_type) {
                // A cover sheet of a case or material that does not exist is left for the clerk.
                let known = match self.store.case(&case).await? {
                    Some(row) => self
                        .catalog_at(row.catalog_version)
                        .await?
                        .item(&row.service_item_code)
                        .is_some_and(|i| i.materials.iter().any(|m| m.code == material)),
                    None => false,
                };
                if !known {
                    target = None;
                    continue;
                }
                self.store.mark_cover(&scan.sha256, &case, &material).await?;
                filed.push(CoverFiling {
                    sha256: scan.sha256,
                    original_name: scan.original_name,
                    case_number: case.clone(),
                    material_code: material.clone(),
                    cover: true,
                });
                target = Some((case, material));
            } else if let Some((case, material)) = &target {
                self.store.assign_scan(case, material, &scan.sha256, 0).await?;
                filed.push(CoverFiling {
                    sha256: scan.sha256,
                    original_name: scan.original_name,
                    case_number: case.clone(),
                    material_code: material.clone(),
                    cover: false,
                });
            }
        }
        Ok(filed)
    }
}
