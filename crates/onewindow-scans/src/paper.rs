//! A picture of a paper as a scanner would deliver it, for the demo: the paper's title and the
//! applicant's name drawn in a real CJK font on a white page with a form's ruled lines, so a new
//! user reviewing a demo case has pages to look at.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{GrayImage, Luma};

/// A4 at 72 dpi: small files, still readable on screen.
const WIDTH: u32 = 595;
const HEIGHT: u32 = 842;

/// A grayscale PNG of a page: `title` large at the top, then each of `lines`, over ruled lines.
/// `font` is a TrueType/OpenType font or collection (`index` picks its face).
pub fn paper_page(title: &str, lines: &[String], font: &[u8], index: u32) -> Result<Vec<u8>, String> {
    let font = FontRef::try_from_slice_and_index(font, index).map_err(|e| e.to_string())?;
    let mut page = GrayImage::from_pixel(WIDTH, HEIGHT, Luma([255]));
    // A scanner's slight grey border and a form's frame.
    frame(&mut page, 24, 24, WIDTH - 24, HEIGHT - 24, 150);
    let title_w = text_width(&font, 26.0, title);
    draw(&mut page, &font, 26.0, (WIDTH as f32 - title_w).max(40.0) / 2.0, 70.0, title);
    rule(&mut page, 48, WIDTH - 48, 96, 80);
    let mut y = 140.0;
    for line in lines {
        draw(&mut page, &font, 15.0, 60.0, y, line);
        rule(&mut page, 56, WIDTH - 56, y as u32 + 8, 190);
        y += 44.0;
    }
    // The rest of the form: empty ruled lines, as on a paper filled in by hand.
    while y < HEIGHT as f32 - 90.0 {
        rule(&mut page, 56, WIDTH - 56, y as u32 + 8, 215);
        y += 44.0;
    }
    let mut png = Vec::new();
    page.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|e| e.to_string())?;
    Ok(png)
}

fn text_width(font: &FontRef<'_>, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    text.chars().map(|c| scaled.h_advance(font.glyph_id(c))).sum()
}

/// Draws `text` with its baseline at `y`; characters the font lacks are skipped.
fn draw(page: &mut GrayImage, font: &FontRef<'_>, size: f32, x: f32, y: f32, text: &str) {
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let mut caret = x;
    for c in text.chars() {
        let id = font.glyph_id(c);
        let glyph = id.with_scale_and_position(scale, ab_glyph::point(caret, y));
        caret += scaled.h_advance(id);
        let Some(outlined) = font.outline_glyph(glyph) else { continue };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let (px, py) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
            if px >= 0 && py >= 0 && (px as u32) < page.width() && (py as u32) < page.height() {
                let pixel = page.get_pixel_mut(px as u32, py as u32);
                let ink = (coverage.clamp(0.0, 1.0) * 235.0) as u8;
                pixel.0[0] = pixel.0[0].saturating_sub(ink);
            }
        });
    }
}

fn rule(page: &mut GrayImage, x0: u32, x1: u32, y: u32, shade: u8) {
    if y < page.height() {
        for x in x0..x1.min(page.width()) {
            page.put_pixel(x, y, Luma([shade]));
        }
    }
}

fn frame(page: &mut GrayImage, x0: u32, y0: u32, x1: u32, y1: u32, shade: u8) {
    rule(page, x0, x1, y0, shade);
    rule(page, x0, x1, y1, shade);
    for y in y0..y1 {
        page.put_pixel(x0, y, Luma([shade]));
        page.put_pixel(x1, y, Luma([shade]));
    }
}
