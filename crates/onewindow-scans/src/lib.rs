//! Scanned materials at the edge of the system: what a scan file is and whether it is whole, the
//! content-addressed store that keeps every accepted file exactly once, quarantine for the rest,
//! and the case file that binds a case's scans into one PDF.

mod case_file;
mod cover;
mod inspect;
mod paper;
#[doc(hidden)]
pub mod samples;
pub mod sane;
mod store;

pub use case_file::{case_file, page_image, CaseFilePart, CaseFileSection};
pub use cover::{natural_key, read_cover};
pub use inspect::{inspect, Inspection, MediaType, Rejection};
pub use paper::paper_page;
pub use store::{ContentStore, Stored};

/// An image file (PNG with transparency, as electronic seals come) as 8-bit RGB and alpha planes,
/// row by row, for the PDF to embed: `(width, height, rgb, alpha)`.
pub fn rgb_and_alpha(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>, Vec<u8>), String> {
    let image = image::load_from_memory(bytes).map_err(|e| format!("无法读取图片：{e}"))?.to_rgba8();
    let (width, height) = image.dimensions();
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    let mut alpha = Vec::with_capacity((width * height) as usize);
    for p in image.pixels() {
        rgb.extend_from_slice(&p.0[..3]);
        alpha.push(p.0[3]);
    }
    Ok((width, height, rgb, alpha))
}
