//! The hall's printouts as PDF. Pure rendering: the document's data and the font bytes in, PDF
//! bytes out; finding fonts, reading cases and sending to printers happen elsewhere.
//!
//! pdf-writer writes every document (it is fast and exact, and with subsetter embeds only the glyphs
//! used); layout is ours, in millimetres, with every element's box recorded for layout tests.

mod canvas;
mod documents;
mod font;
mod profile;
pub mod samples;

use pdf_writer::{Content, Finish, Name, Pdf, Rect as PdfRect, Ref, Str, TextStr};

pub use canvas::{Element, Page, PageBuilder, Picture, Rect, PT_PER_MM};
pub use documents::*;
pub use font::{FontChain, FontFace};
pub use onewindow_domain::DocumentKind;
pub use profile::{PaperSize, PrintArea};

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("字体错误：{0}")]
    Font(String),
    #[error("条码生成失败：{0}")]
    Barcode(String),
    #[error("{0}")]
    Layout(String),
}

/// A rendered document: the PDF and, for checks, the pages' elements.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: Vec<Page>,
}

enum Shaped {
    Runs { x: f32, y: f32, size: f32, runs: Vec<font::Run> },
    Other(canvas::Op),
}

/// Writes `pages` as a PDF, moved by the printer's calibration offset (mm, right and down).
pub(crate) fn render(
    chain: &FontChain,
    pages: Vec<Page>,
    offset: (f32, f32),
    title: &str,
) -> Result<Rendered, DocumentError> {
    let mut shaper = font::Shaper::new(chain);
    // First the glyphs of every page, so each face's subset is known before any text is written.
    let shaped: Vec<Vec<Shaped>> = pages
        .iter()
        .map(|page| {
            page.ops
                .iter()
                .map(|op| match op {
                    canvas::Op::Text { x, y, size, text } => {
                        Shaped::Runs { x: *x, y: *y, size: *size, runs: shaper.runs(text) }
                    }
                    other => Shaped::Other(other.clone()),
                })
                .collect()
        })
        .collect();
    let remappers = font::remappers(&shaper.used);

    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let mut alloc = || {
        let r = next;
        next = Ref::new(next.get() + 1);
        r
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    let face_refs: Vec<Option<[Ref; 5]>> =
        shaper.used.iter().map(|u| (!u.is_empty()).then(|| [alloc(), alloc(), alloc(), alloc(), alloc()])).collect();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    // Each picture once (a seal repeated on every page is one object), with its alpha as a mask.
    let mut pictures: Vec<(std::sync::Arc<canvas::Picture>, Ref, Ref)> = Vec::new();
    for page in &pages {
        for op in &page.ops {
            if let canvas::Op::Image { image, .. } = op {
                if !pictures.iter().any(|(p, _, _)| std::sync::Arc::ptr_eq(p, image)) {
                    pictures.push((image.clone(), alloc(), alloc()));
                }
            }
        }
    }
    let picture_name = |image: &std::sync::Arc<canvas::Picture>| {
        let i = pictures.iter().position(|(p, _, _)| std::sync::Arc::ptr_eq(p, image)).expect("collected above");
        format!("Im{i}")
    };

    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id).kids(page_ids.iter().map(|(p, _)| *p)).count(pages.len() as i32);
    pdf.document_info(info_id).title(TextStr(title)).producer(TextStr("OneWindow 一窗通"));

    let font_name = |i: usize| format!("F{i}");
    for ((page, ops), (page_id, content_id)) in pages.iter().zip(&shaped).zip(&page_ids) {
        let (ox, oy) = offset;
        let px = |x: f32| (x + ox) * PT_PER_MM;
        let py = |y: f32| (page.height - (y + oy)) * PT_PER_MM;
        let mut content = Content::new();
        for op in ops {
            match op {
                Shaped::Runs { x, y, size, runs } => {
                    let mut cursor = *x;
                    for run in runs {
                        let mut bytes = Vec::with_capacity(run.glyphs.len() * 2);
                        for (glyph, _) in &run.glyphs {
                            let id = remappers[run.face].get(*glyph).unwrap_or(0);
                            bytes.extend_from_slice(&id.to_be_bytes());
                        }
                        let name = font_name(run.face);
                        content.begin_text();
                        content.set_font(Name(name.as_bytes()), *size);
                        content.next_line(px(cursor), py(*y));
                        content.show(Str(&bytes));
                        content.end_text();
                        cursor += run.width_em * size / PT_PER_MM;
                    }
                }
                Shaped::Other(canvas::Op::Fill(r)) => {
                    content.rect(px(r.x), py(r.y + r.h), r.w * PT_PER_MM, r.h * PT_PER_MM);
                    content.fill_nonzero();
                }
                Shaped::Other(canvas::Op::Stroke { rect: r, width }) => {
                    content.set_line_width(width * PT_PER_MM);
                    content.rect(px(r.x), py(r.y + r.h), r.w * PT_PER_MM, r.h * PT_PER_MM);
                    content.stroke();
                }
                Shaped::Other(canvas::Op::Line { x1, y1, x2, y2, width }) => {
                    content.set_line_width(width * PT_PER_MM);
                    content.move_to(px(*x1), py(*y1));
                    content.line_to(px(*x2), py(*y2));
                    content.stroke();
                }
                Shaped::Other(canvas::Op::Image { rect: r, image }) => {
                    let name = picture_name(image);
                    content.save_state();
                    content.transform([r.w * PT_PER_MM, 0.0, 0.0, r.h * PT_PER_MM, px(r.x), py(r.y + r.h)]);
                    content.x_object(Name(name.as_bytes()));
                    content.restore_state();
                }
                Shaped::Other(canvas::Op::Text { .. }) => unreachable!("text is shaped"),
            }
        }
        let data = font::deflate(&content.finish());
        pdf.stream(*content_id, &data).filter(pdf_writer::Filter::FlateDecode);
        let mut p = pdf.page(*page_id);
        p.parent(tree_id)
            .media_box(PdfRect::new(0.0, 0.0, page.width * PT_PER_MM, page.height * PT_PER_MM))
            .contents(*content_id);
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        for (i, refs) in face_refs.iter().enumerate() {
            if let Some(refs) = refs {
                fonts.pair(Name(font_name(i).as_bytes()), refs[0]);
            }
        }
        fonts.finish();
        let used: Vec<&std::sync::Arc<canvas::Picture>> = page
            .ops
            .iter()
            .filter_map(|op| match op {
                canvas::Op::Image { image, .. } => Some(image),
                _ => None,
            })
            .collect();
        if !used.is_empty() {
            let mut objects = resources.x_objects();
            for (image, id, _) in pictures.iter().filter(|(p, _, _)| used.iter().any(|u| std::sync::Arc::ptr_eq(u, p)))
            {
                objects.pair(Name(picture_name(image).as_bytes()), *id);
            }
            objects.finish();
        }
        resources.finish();
        p.finish();
    }
    for (image, id, mask_id) in &pictures {
        // The colours, then their alpha as the soft mask the colours point to.
        for (object, plane, mask) in [(*id, &image.rgb, Some(*mask_id)), (*mask_id, &image.alpha, None)] {
            let data = font::deflate(plane);
            let mut x = pdf.image_xobject(object, &data);
            x.filter(pdf_writer::Filter::FlateDecode);
            x.width(image.width as i32).height(image.height as i32);
            x.bits_per_component(8);
            match mask {
                Some(mask) => {
                    x.color_space().device_rgb();
                    x.s_mask(mask);
                }
                None => x.color_space().device_gray(),
            }
        }
    }
    for (i, refs) in face_refs.iter().enumerate() {
        if let Some(refs) = refs {
            // A subset tag per face and document, as PDF readers expect (six capitals).
            let tag: String =
                (0..6).map(|k| (b'A' + ((i * 7 + k * 3 + shaper.used[i].len()) % 26) as u8) as char).collect();
            font::write_face(&mut pdf, *refs, &chain.faces()[i], &shaper.used[i], &remappers[i], &tag)?;
        }
    }
    Ok(Rendered { pdf: pdf.finish(), pages })
}
