//! Scan files of every kind, whole or broken, made in code: for tests and benchmarks.

use std::io::Cursor;

pub fn jpeg_bytes(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x as u8).wrapping_add(seed), (y as u8).wrapping_mul(3), seed])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

pub fn png_bytes(w: u32, h: u32, gray: bool) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let img = if gray {
        image::DynamicImage::ImageLuma8(image::GrayImage::from_fn(w, h, |x, y| image::Luma([((x + y) % 256) as u8])))
    } else {
        image::DynamicImage::ImageRgba8(image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([x as u8, 10, 200, 128])))
    };
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// An uncompressed grey TIFF of `pages` pages, written by hand so that any size can be made fast.
pub fn tiff_bytes(w: u32, h: u32, pages: u32) -> Vec<u8> {
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    for p in 0..pages {
        let ifd_at = out.len() as u32;
        let entries: u16 = 8;
        let data_at = ifd_at + 2 + u32::from(entries) * 12 + 4;
        let next = if p + 1 < pages { data_at + w * h } else { 0 };
        out.extend_from_slice(&entries.to_le_bytes());
        let mut entry = |tag: u16, kind: u16, value: u32| {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        };
        entry(256, 4, w); // width
        entry(257, 4, h); // height
        entry(258, 3, 8); // bits per sample
        entry(259, 3, 1); // no compression
        entry(262, 3, 1); // black is zero
        entry(273, 4, data_at); // strip offset
        entry(278, 4, h); // rows per strip
        entry(279, 4, w * h); // strip byte count
        out.extend_from_slice(&next.to_le_bytes());
        out.extend((0..w * h).map(|i| ((i + p * 37) % 251) as u8));
    }
    out
}

pub fn pdf_bytes(pages: usize) -> Vec<u8> {
    let mut pdf = pdf_writer::Pdf::new();
    let catalog = pdf_writer::Ref::new(1);
    let tree = pdf_writer::Ref::new(2);
    let kids: Vec<_> = (0..pages).map(|i| pdf_writer::Ref::new(3 + i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(kids.iter().copied()).count(pages as i32);
    for k in &kids {
        pdf.page(*k).parent(tree).media_box(pdf_writer::Rect::new(0.0, 0.0, 595.0, 842.0));
    }
    pdf.finish()
}
