//! Writes scan-like files for the benchmarks: `make_scans DIR COUNT KIND` with KIND `a4-jpeg`
//! (2480×3508, 300 dpi A4 pages, distinct content) or `mixed` (distinct JPEG, PNG and TIFF pages).

use onewindow_scans::samples::{jpeg_bytes, png_bytes, tiff_bytes};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    let count: u32 = args.next().expect("COUNT").parse().expect("a number");
    let kind = args.next().unwrap_or_else(|| "mixed".into());
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..count {
        let (name, bytes) = match kind.as_str() {
            "a4-jpeg" => (format!("page{i:03}.jpg"), jpeg_bytes(2480, 3508, i as u8)),
            // Every file distinct, as scans of different papers are.
            _ => match i % 3 {
                0 => (format!("scan{i:04}.jpg"), jpeg_bytes(1240 + i, 1754, i as u8)),
                1 => (format!("scan{i:04}.png"), png_bytes(600 + i, 800, i % 2 == 0)),
                _ => (format!("scan{i:04}.tif"), tiff_bytes(1000 + i, 1400, 1)),
            },
        };
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}
