//! The fonts printouts are drawn with: Noto Sans CJK SC (Debian's fonts-noto-cjk), which holds 𠮷,
//! then whatever else the chain names. `ONEWINDOW_FONTS` overrides the chain: `PATH[#INDEX]`
//! entries separated by `:`.

use std::path::Path;
use std::sync::Arc;

use onewindow_documents::{FontChain, FontFace};

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("找不到中文字体：请安装 fonts-noto-cjk，或用 ONEWINDOW_FONTS 指定字体文件（已查找：{0}）")]
    NotFound(String),
    #[error("字体文件 {0} 无法使用：{1}")]
    Unusable(String, String),
}

/// Face 2 of the Noto CJK collections is Simplified Chinese.
const DEFAULT_CHAIN: [(&str, u32); 4] = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
];

fn parse_entry(entry: &str) -> (String, u32) {
    match entry.rsplit_once('#') {
        Some((path, index)) => (path.to_string(), index.parse().unwrap_or(0)),
        None => (entry.to_string(), 0),
    }
}

pub fn system_fonts() -> Result<FontChain, FontError> {
    let configured = std::env::var("ONEWINDOW_FONTS").ok();
    let entries: Vec<(String, u32)> = match &configured {
        Some(list) => list.split(':').filter(|e| !e.is_empty()).map(parse_entry).collect(),
        None => DEFAULT_CHAIN.iter().map(|(p, i)| (p.to_string(), *i)).collect(),
    };
    let mut faces = Vec::new();
    for (path, index) in &entries {
        if !Path::new(path).exists() {
            continue;
        }
        let data = std::fs::read(path).map_err(|e| FontError::Unusable(path.clone(), e.to_string()))?;
        let name = Path::new(path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let face = FontFace::new(format!("{name}-{index}"), Arc::new(data), *index)
            .map_err(|e| FontError::Unusable(path.clone(), e.to_string()))?;
        faces.push(face);
    }
    if faces.is_empty() {
        let tried: Vec<_> = entries.iter().map(|(p, _)| p.as_str()).collect();
        return Err(FontError::NotFound(tried.join(", ")));
    }
    FontChain::new(faces).map_err(|e| FontError::Unusable(String::new(), e.to_string()))
}
