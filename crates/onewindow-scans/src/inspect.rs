//! Recognising a scan by its bytes, never its name, and checking it is whole: a scanner that stops
//! mid-page leaves a truncated JPEG or PDF, and those must not pass as materials.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Pdf,
    Jpeg,
    Png,
    Tiff,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Tiff => "image/tiff",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [MediaType::Pdf, MediaType::Jpeg, MediaType::Png, MediaType::Tiff].into_iter().find(|m| m.as_str() == s)
    }

    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Tiff => "tif",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub media_type: MediaType,
    pub pages: u32,
    pub bytes: u64,
}

/// Why a file is not taken: a stable code and a zh-CN reason for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Rejection {
    pub code: &'static str,
    pub reason: String,
}

fn reject(code: &'static str, reason: impl Into<String>) -> Rejection {
    Rejection { code, reason: reason.into() }
}

fn read_tail(file: &mut File, len: u64, n: u64) -> std::io::Result<Vec<u8>> {
    let start = len.saturating_sub(n);
    file.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::with_capacity((len - start) as usize);
    file.read_to_end(&mut tail)?;
    Ok(tail)
}

pub fn inspect(path: &Path) -> Result<Inspection, Rejection> {
    let unreadable = |e: std::io::Error| reject("unreadable", format!("文件无法读取：{e}"));
    let mut file = File::open(path).map_err(unreadable)?;
    let bytes = file.metadata().map_err(unreadable)?.len();
    if bytes == 0 {
        return Err(reject("empty", "空文件（0字节），可能扫描未完成"));
    }
    let mut head = [0u8; 8];
    let n = file.read(&mut head).map_err(unreadable)?;
    let head = &head[..n];
    let media_type = if head.starts_with(b"%PDF-") {
        MediaType::Pdf
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        MediaType::Jpeg
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        MediaType::Png
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        MediaType::Tiff
    } else {
        return Err(reject("unsupported_type", "不支持的文件类型：只接收 PDF、JPEG、PNG 和 TIFF 扫描件"));
    };
    let pages = match media_type {
        MediaType::Jpeg => {
            let tail = read_tail(&mut file, bytes, 64).map_err(unreadable)?;
            // A whole JPEG ends with EOI (FFD9), allowing for trailing padding.
            let trimmed: &[u8] = {
                let end = tail.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
                &tail[..end]
            };
            if !trimmed.ends_with(&[0xFF, 0xD9]) {
                return Err(reject("truncated", "JPEG 文件不完整（缺少结束标记），请重新扫描"));
            }
            image::ImageReader::open(path)
                .and_then(|r| r.with_guessed_format())
                .map_err(unreadable)?
                .into_dimensions()
                .map_err(|e| reject("corrupt", format!("JPEG 文件已损坏：{e}")))?;
            1
        }
        MediaType::Png => {
            let tail = read_tail(&mut file, bytes, 12).map_err(unreadable)?;
            if tail.len() < 12 || &tail[4..8] != b"IEND" {
                return Err(reject("truncated", "PNG 文件不完整（缺少 IEND），请重新扫描"));
            }
            image::ImageReader::open(path)
                .and_then(|r| r.with_guessed_format())
                .map_err(unreadable)?
                .into_dimensions()
                .map_err(|e| reject("corrupt", format!("PNG 文件已损坏：{e}")))?;
            1
        }
        MediaType::Tiff => tiff_pages(&mut file, bytes).map_err(|reason| reject("corrupt", reason))?,
        MediaType::Pdf => {
            let tail = read_tail(&mut file, bytes, 1024).map_err(unreadable)?;
            if !tail.windows(5).any(|w| w == b"%%EOF") {
                return Err(reject("truncated", "PDF 文件不完整（缺少 %%EOF），请重新扫描"));
            }
            let doc = lopdf::Document::load(path).map_err(|e| reject("corrupt", format!("PDF 文件已损坏：{e}")))?;
            let pages = doc.get_pages().len() as u32;
            if pages == 0 {
                return Err(reject("corrupt", "PDF 文件没有页面"));
            }
            pages
        }
    };
    Ok(Inspection { media_type, pages, bytes })
}

/// Pages of a TIFF: the chain of image file directories, each checked to lie inside the file.
fn tiff_pages(file: &mut File, len: u64) -> Result<u32, String> {
    let mut header = [0u8; 8];
    file.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    file.read_exact(&mut header).map_err(|_| "TIFF 文件头不完整".to_string())?;
    let little = &header[..2] == b"II";
    let u16_of = |b: [u8; 2]| if little { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) };
    let u32_of = |b: [u8; 4]| if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) };
    let mut offset = u64::from(u32_of([header[4], header[5], header[6], header[7]]));
    let mut pages = 0;
    while offset != 0 {
        if offset + 2 > len || pages > 10_000 {
            return Err("TIFF 文件不完整或已损坏（目录越界），请重新扫描".into());
        }
        file.seek(SeekFrom::Start(offset)).map_err(|e| e.to_string())?;
        let mut count = [0u8; 2];
        file.read_exact(&mut count).map_err(|e| e.to_string())?;
        let entries = u64::from(u16_of(count));
        let next_at = offset + 2 + entries * 12;
        if next_at + 4 > len {
            return Err("TIFF 文件不完整或已损坏（目录越界），请重新扫描".into());
        }
        // The image data each directory points to must be in the file too (checked for the usual
        // single-strip scans; multi-strip offsets live in arrays elsewhere).
        let mut dir = vec![0u8; (entries * 12) as usize];
        file.read_exact(&mut dir).map_err(|e| e.to_string())?;
        let (mut strip_at, mut strip_len) = (None, None);
        for entry in dir.chunks(12) {
            let tag = u16_of([entry[0], entry[1]]);
            let kind = u16_of([entry[2], entry[3]]);
            let count = u32_of([entry[4], entry[5], entry[6], entry[7]]);
            let value = if kind == 3 {
                u64::from(u16_of([entry[8], entry[9]]))
            } else {
                u64::from(u32_of([entry[8], entry[9], entry[10], entry[11]]))
            };
            match (tag, count) {
                (273 | 324, 1) => strip_at = Some(value),
                (279 | 325, 1) => strip_len = Some(value),
                _ => {}
            }
        }
        if let Some(at) = strip_at {
            if at + strip_len.unwrap_or(0) > len {
                return Err("TIFF 文件不完整（图像数据缺失），请重新扫描".into());
            }
        }
        let mut next = [0u8; 4];
        file.read_exact(&mut next).map_err(|e| e.to_string())?;
        offset = u64::from(u32_of(next));
        pages += 1;
    }
    if pages == 0 {
        return Err("TIFF 文件没有图像".into());
    }
    Ok(pages)
}
