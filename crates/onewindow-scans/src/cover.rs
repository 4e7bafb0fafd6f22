//! Reading a cover sheet (材料分隔页) back from a scanned page: its QR code names the case and the
//! material the following pages belong to.

use crate::inspect::MediaType;

/// `(case number, material code)` when `data` is a scanned cover sheet.
pub fn read_cover(data: &[u8], media_type: MediaType) -> Option<(String, String)> {
    if !matches!(media_type, MediaType::Jpeg | MediaType::Png | MediaType::Tiff) {
        return None;
    }
    let image = image::load_from_memory(data).ok()?;
    // A QR code of several centimetres survives a page scaled to ~1000 px, which keeps this quick.
    let image = if image.width() > 1200 {
        image.resize(1200, 1200 * image.height() / image.width(), image::imageops::FilterType::Triangle)
    } else {
        image
    };
    let gray = image.to_luma8();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(gray.width() as usize, gray.height() as usize, |x, y| {
            gray.get_pixel(x as u32, y as u32).0[0]
        });
    for grid in prepared.detect_grids() {
        if let Ok((_, content)) = grid.decode() {
            let mut parts = content.splitn(3, ':');
            if parts.next() == Some("OWCS") {
                let case = parts.next()?.to_string();
                let material = parts.next()?.to_string();
                if !case.is_empty() && !material.is_empty() {
                    return Some((case, material));
                }
            }
        }
    }
    None
}

/// Orders file names as people do: `第2页` before `第10页`.
pub fn natural_key(name: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut names = vec!["扫描 X 第10页.jpg", "扫描 X 第2页.jpg", "扫描 X 第1页.jpg"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(names, vec!["扫描 X 第1页.jpg", "扫描 X 第2页.jpg", "扫描 X 第10页.jpg"]);
    }
}
