//! The content-addressed store: every accepted file kept once, under its SHA-256, written to a
//! temporary name, flushed and renamed into place, so a crash leaves either nothing or the whole
//! file. Thumbnails sit beside it; rejected files go to quarantine with a reason file.

use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::inspect::MediaType;

#[derive(Debug, Clone)]
pub struct ContentStore {
    root: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub path: PathBuf,
    pub bytes: u64,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ContentStore {
    /// A store under `root` (created if needed).
    pub fn open(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        for dir in ["objects", "thumbs", "tmp", "quarantine"] {
            fs::create_dir_all(root.join(dir))?;
        }
        // Half-written copies of a process that died: never renamed into place, so never counted.
        let stale = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
        for entry in fs::read_dir(root.join("tmp"))?.flatten() {
            if entry.metadata().and_then(|m| m.modified()).is_ok_and(|m| m < stale) {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(Self { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path_of(&self, sha256: &str, media_type: MediaType) -> PathBuf {
        self.root.join("objects").join(&sha256[..2]).join(format!("{sha256}.{}", media_type.extension()))
    }

    pub fn thumbnail_of(&self, sha256: &str) -> PathBuf {
        self.root.join("thumbs").join(format!("{sha256}.jpg"))
    }

    /// The SHA-256 of a file, streamed.
    pub fn hash(path: &Path) -> io::Result<String> {
        let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(hex(&hasher.finalize()))
    }

    /// Copies `source` into the store, hashing as it goes; a file already stored is not written
    /// again. The source is left where it is: the caller removes it once the record is safe.
    pub fn put(&self, source: &Path, media_type: MediaType) -> io::Result<Stored> {
        let mut input = File::open(source)?;
        let tmp = tempfile_in(&self.root.join("tmp"))?;
        let mut out = File::create(&tmp)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut bytes = 0u64;
        loop {
            let n = input.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            bytes += n as u64;
        }
        let sha256 = hex(&hasher.finalize());
        let path = self.path_of(&sha256, media_type);
        if path.exists() {
            drop(out);
            fs::remove_file(&tmp)?;
        } else {
            out.sync_all()?;
            drop(out);
            fs::create_dir_all(path.parent().expect("objects have a parent"))?;
            fs::rename(&tmp, &path)?;
            sync_dir(path.parent().expect("objects have a parent"));
        }
        Ok(Stored { sha256, path, bytes })
    }

    /// A small JPEG of the first page, for the clerk's inbox (images only; PDFs have none).
    pub fn make_thumbnail(&self, sha256: &str, media_type: MediaType) -> Option<PathBuf> {
        if media_type == MediaType::Pdf {
            return None;
        }
        let target = self.thumbnail_of(sha256);
        if target.exists() {
            return Some(target);
        }
        let image = image::ImageReader::open(self.path_of(sha256, media_type))
            .ok()?
            .with_guessed_format()
            .ok()?
            .decode()
            .ok()?;
        let thumb = image.thumbnail(240, 240).to_rgb8();
        let tmp = tempfile_in(&self.root.join("tmp")).ok()?;
        thumb.save_with_format(&tmp, image::ImageFormat::Jpeg).ok()?;
        fs::rename(&tmp, &target).ok()?;
        Some(target)
    }

    /// Moves a rejected file out of the inbox into quarantine, with `<name>.reason.txt` beside it.
    /// Returns where it went.
    pub fn quarantine(&self, source: &Path, code: &str, reason: &str, stamp: &str) -> io::Result<PathBuf> {
        let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
        let dir = self.root.join("quarantine");
        let mut target = dir.join(format!("{stamp}-{name}"));
        let mut n = 1;
        while target.exists() {
            target = dir.join(format!("{stamp}-{n}-{name}"));
            n += 1;
        }
        move_file(source, &target)?;
        let note = format!("{reason}\ncode: {code}\nfile: {name}\nat: {stamp}\n");
        fs::write(
            target.with_file_name(format!("{}.reason.txt", target.file_name().expect("named").to_string_lossy())),
            note,
        )?;
        Ok(target)
    }
}

/// A fresh name in `dir` for a file being written.
fn tempfile_in(dir: &Path) -> io::Result<PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    Ok(dir.join(format!(
        "{}-{}-{n}.part",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    )))
}

/// Rename, or copy and delete across filesystems.
fn move_file(from: &Path, to: &Path) -> io::Result<()> {
    match fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(_) => {
            fs::copy(from, to)?;
            fs::remove_file(from)
        }
    }
}

/// Makes a rename durable (best effort: not every platform can sync a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
