//! The case file: every material of a case in one PDF, a bookmark per material. JPEG pages go in
//! as they are (no re-encoding); PNG data is copied in where PDF can take it directly and otherwise
//! recompressed losslessly; TIFF pages are decoded and compressed losslessly. A scanned PDF is
//! attached whole (lossless, searchable as it was) behind a page that points to it.

use image::GenericImageView;
use pdf_writer::types::AnnotationType;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::inspect::MediaType;

/// A4 in points, with a 10 mm margin.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 28.35;

#[derive(Debug, Clone)]
pub struct CaseFilePart {
    pub media_type: MediaType,
    pub name: String,
    pub data: Vec<u8>,
    /// Clockwise quarter turns wanted: 0, 90, 180 or 270.
    pub rotation: u16,
}

#[derive(Debug, Clone)]
pub struct CaseFileSection {
    /// The material's name: the bookmark.
    pub title: String,
    pub parts: Vec<CaseFilePart>,
}

/// An image ready for the PDF: its stream, filter and parameters.
struct Embedded {
    width: u32,
    height: u32,
    data: Vec<u8>,
    filter: Filter,
    color: &'static str,
    bits: u8,
    /// PNG predictor parameters when the data is copied from a PNG: (colors, columns).
    png_predictor: Option<(u8, u32)>,
    /// A soft mask (alpha), Flate-compressed, when the image has one.
    alpha: Option<Vec<u8>>,
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

fn jpeg(data: &[u8]) -> Result<Embedded, String> {
    // The frame header (SOF) gives size and colour components.
    let mut i = 2;
    while i + 9 < data.len() {
        if data[i] != 0xFF {
            i += 1;
            continue;
        }
        let marker = data[i + 1];
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let height = u32::from(u16::from_be_bytes([data[i + 5], data[i + 6]]));
            let width = u32::from(u16::from_be_bytes([data[i + 7], data[i + 8]]));
            let color = match data[i + 9] {
                1 => "DeviceGray",
                4 => "DeviceCMYK",
                _ => "DeviceRGB",
            };
            return Ok(Embedded {
                width,
                height,
                data: data.to_vec(),
                filter: Filter::DctDecode,
                color,
                bits: 8,
                png_predictor: None,
                alpha: None,
            });
        }
        i += 2 + len;
    }
    Err("JPEG 缺少图像帧信息".into())
}

fn png(data: &[u8]) -> Result<Embedded, String> {
    // Non-interlaced 8-bit grey or RGB: the IDAT stream is already what PDF's Flate + PNG
    // predictor reads, so it is copied, not decoded.
    if data.len() > 33 && &data[12..16] == b"IHDR" {
        let width = u32::from_be_bytes([data[16], data[17], data[18], data[19]]);
        let height = u32::from_be_bytes([data[20], data[21], data[22], data[23]]);
        let (depth, color_type, interlace) = (data[24], data[25], data[28]);
        if depth == 8 && interlace == 0 && matches!(color_type, 0 | 2) {
            let mut idat = Vec::new();
            let mut i = 8;
            while i + 8 <= data.len() {
                let len = u32::from_be_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as usize;
                let kind = &data[i + 4..i + 8];
                if i + 12 + len > data.len() {
                    break;
                }
                if kind == b"IDAT" {
                    idat.extend_from_slice(&data[i + 8..i + 8 + len]);
                }
                i += 12 + len;
            }
            let colors = if color_type == 0 { 1 } else { 3 };
            let color = if color_type == 0 { "DeviceGray" } else { "DeviceRGB" };
            return Ok(Embedded {
                width,
                height,
                data: idat,
                filter: Filter::FlateDecode,
                color,
                bits: 8,
                png_predictor: Some((colors, width)),
                alpha: None,
            });
        }
    }
    decoded(image::load_from_memory_with_format(data, image::ImageFormat::Png).map_err(|e| e.to_string())?)
}

/// Any decoded image, compressed losslessly; alpha becomes a soft mask.
fn decoded(image: image::DynamicImage) -> Result<Embedded, String> {
    let (width, height) = image.dimensions();
    let has_alpha = image.color().has_alpha();
    let gray = !image.color().has_color();
    let alpha = has_alpha.then(|| deflate(&image.to_luma_alpha8().pixels().map(|p| p.0[1]).collect::<Vec<_>>()));
    let (data, color) =
        if gray { (image.to_luma8().into_raw(), "DeviceGray") } else { (image.to_rgb8().into_raw(), "DeviceRGB") };
    Ok(Embedded {
        width,
        height,
        data: deflate(&data),
        filter: Filter::FlateDecode,
        color,
        bits: 8,
        png_predictor: None,
        alpha,
    })
}

fn tiff_pages(data: &[u8]) -> Result<Vec<Embedded>, String> {
    tiff_images(data)?.into_iter().map(decoded).collect()
}

/// Every page of a TIFF, decoded.
fn tiff_images(data: &[u8]) -> Result<Vec<image::DynamicImage>, String> {
    use image::codecs::tiff::TiffDecoder;
    use image::ImageDecoder;
    // image decodes one directory at a time; split a multi-page TIFF by re-reading from each
    // directory is not offered, so multi-page files are decoded page by page through `tiff`.
    let mut pages = Vec::new();
    let mut decoder = tiff::decoder::Decoder::new(std::io::Cursor::new(data)).map_err(|e| e.to_string())?;
    loop {
        let (w, h) = decoder.dimensions().map_err(|e| e.to_string())?;
        let color = decoder.colortype().map_err(|e| e.to_string())?;
        let image = match (decoder.read_image().map_err(|e| e.to_string())?, color) {
            (tiff::decoder::DecodingResult::U8(buf), tiff::ColorType::Gray(8)) => {
                image::DynamicImage::ImageLuma8(image::GrayImage::from_raw(w, h, buf).ok_or("TIFF 数据长度不符")?)
            }
            (tiff::decoder::DecodingResult::U8(buf), tiff::ColorType::RGB(8)) => {
                image::DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, buf).ok_or("TIFF 数据长度不符")?)
            }
            (tiff::decoder::DecodingResult::U8(buf), tiff::ColorType::RGBA(8)) => {
                image::DynamicImage::ImageRgba8(image::RgbaImage::from_raw(w, h, buf).ok_or("TIFF 数据长度不符")?)
            }
            (tiff::decoder::DecodingResult::U16(buf), tiff::ColorType::Gray(16)) => {
                image::DynamicImage::ImageLuma16(image::ImageBuffer::from_raw(w, h, buf).ok_or("TIFF 数据长度不符")?)
            }
            _ => {
                // Anything else (1-bit fax pages, palettes…): let image convert the first page.
                let first = TiffDecoder::new(std::io::Cursor::new(data)).map_err(|e| e.to_string())?;
                let _ = first.dimensions();
                image::DynamicImage::from_decoder(first).map_err(|e| e.to_string())?
            }
        };
        pages.push(image);
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(|e| e.to_string())?;
    }
    Ok(pages)
}

/// One page of a scan as a picture the page viewer shows: `(media type, bytes)`. JPEG and PNG
/// files are their own single page; a TIFF page is converted to PNG. PDFs have no picture here
/// (the case file shows them).
pub fn page_image(data: &[u8], media_type: MediaType, page: u32) -> Result<(&'static str, Vec<u8>), String> {
    match media_type {
        MediaType::Jpeg | MediaType::Png if page != 1 => Err(format!("图片只有1页，没有第{page}页")),
        MediaType::Jpeg => Ok(("image/jpeg", data.to_vec())),
        MediaType::Png => Ok(("image/png", data.to_vec())),
        MediaType::Tiff => {
            let mut pages = tiff_images(data)?;
            let count = pages.len();
            let index = (page as usize).checked_sub(1).filter(|i| *i < count);
            let image = index.map(|i| pages.swap_remove(i)).ok_or_else(|| format!("共{count}页，没有第{page}页"))?;
            let mut png = Vec::new();
            image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|e| e.to_string())?;
            Ok(("image/png", png))
        }
        MediaType::Pdf => Err("PDF 扫描件请在案卷中查看".into()),
    }
}

/// The whole case file.
pub fn case_file(title: &str, sections: &[CaseFileSection]) -> Result<Vec<u8>, String> {
    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let outline = alloc();
    let info = alloc();
    let font = alloc();
    let mut page_refs: Vec<Ref> = Vec::new();
    // (bookmark title, first page of the section)
    let mut marks: Vec<(String, Ref)> = Vec::new();
    let mut attachments: Vec<(String, Ref)> = Vec::new();

    for section in sections {
        let first_page = page_refs.len();
        for part in &section.parts {
            let images = match part.media_type {
                MediaType::Jpeg => vec![jpeg(&part.data)?],
                MediaType::Png => vec![png(&part.data)?],
                MediaType::Tiff => tiff_pages(&part.data)?,
                MediaType::Pdf => {
                    let file_ref = alloc();
                    let spec_ref = alloc();
                    pdf.embedded_file(file_ref, &part.data).subtype(Name(b"application#2Fpdf"));
                    let mut spec = pdf.file_spec(spec_ref);
                    spec.path(Str(part.name.as_bytes())).unic_file(TextStr(&part.name));
                    spec.insert(Name(b"EF")).dict().pair(Name(b"F"), file_ref).pair(Name(b"UF"), file_ref);
                    spec.finish();
                    attachments.push((part.name.clone(), spec_ref));
                    // A page pointing to the attachment, clickable.
                    let page = alloc();
                    let content = alloc();
                    let annot = alloc();
                    let mut c = Content::new();
                    c.begin_text().set_font(Name(b"F0"), 12.0).next_line(MARGIN, PAGE_H - MARGIN - 20.0);
                    c.show(Str(format!(
                        "Original PDF attached: {} - open the attachment (paperclip) to read it.",
                        ascii(&part.name)
                    )
                    .as_bytes()));
                    c.end_text();
                    pdf.stream(content, &c.finish());
                    let mut a = pdf.annotation(annot);
                    a.subtype(AnnotationType::FileAttachment).rect(Rect::new(
                        MARGIN,
                        PAGE_H - MARGIN - 60.0,
                        MARGIN + 24.0,
                        PAGE_H - MARGIN - 36.0,
                    ));
                    a.contents(TextStr(&part.name));
                    a.pair(Name(b"FS"), spec_ref);
                    a.finish();
                    let mut p = pdf.page(page);
                    p.parent(tree).media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).contents(content);
                    p.annotations([annot]);
                    p.resources().fonts().pair(Name(b"F0"), font);
                    p.finish();
                    page_refs.push(page);
                    continue;
                }
            };
            for img in images {
                let image_ref = alloc();
                let mask_ref = img.alpha.as_ref().map(|_| alloc());
                let mut x = pdf.image_xobject(image_ref, &img.data);
                x.width(img.width as i32).height(img.height as i32).bits_per_component(i32::from(img.bits));
                x.filter(img.filter);
                x.pair(Name(b"ColorSpace"), Name(img.color.as_bytes()));
                if let Some((colors, columns)) = img.png_predictor {
                    x.decode_parms()
                        .predictor(pdf_writer::types::Predictor::PngOptimum)
                        .colors(i32::from(colors))
                        .bits_per_component(8)
                        .columns(columns as i32);
                }
                if let Some(mask) = mask_ref {
                    x.s_mask(mask);
                }
                x.finish();
                if let (Some(mask), Some(alpha)) = (mask_ref, &img.alpha) {
                    let mut m = pdf.image_xobject(mask, alpha);
                    m.width(img.width as i32).height(img.height as i32).bits_per_component(8);
                    m.filter(Filter::FlateDecode);
                    m.pair(Name(b"ColorSpace"), Name(b"DeviceGray"));
                    m.finish();
                }
                // Fit inside the margins, turned as asked.
                let turned = part.rotation % 180 == 90;
                let (w, h) =
                    if turned { (img.height as f32, img.width as f32) } else { (img.width as f32, img.height as f32) };
                let scale = ((PAGE_W - 2.0 * MARGIN) / w).min((PAGE_H - 2.0 * MARGIN) / h);
                let (dw, dh) = (w * scale, h * scale);
                let (x0, y0) = ((PAGE_W - dw) / 2.0, (PAGE_H - dh) / 2.0);
                let (iw, ih) = (img.width as f32 * scale, img.height as f32 * scale);
                let matrix = match part.rotation % 360 {
                    90 => [0.0, -ih, iw, 0.0, x0, y0 + dh],
                    180 => [-iw, 0.0, 0.0, -ih, x0 + dw, y0 + dh],
                    270 => [0.0, ih, -iw, 0.0, x0 + dw, y0],
                    _ => [iw, 0.0, 0.0, ih, x0, y0],
                };
                let page = alloc();
                let content = alloc();
                let mut c = Content::new();
                c.save_state().transform(matrix).x_object(Name(b"Im0")).restore_state();
                pdf.stream(content, &c.finish());
                let mut p = pdf.page(page);
                p.parent(tree).media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).contents(content);
                p.resources().x_objects().pair(Name(b"Im0"), image_ref);
                p.finish();
                page_refs.push(page);
            }
        }
        if page_refs.len() > first_page {
            marks.push((section.title.clone(), page_refs[first_page]));
        }
    }
    if page_refs.is_empty() {
        return Err("该办件还没有扫描材料".into());
    }

    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    pdf.pages(tree).kids(page_refs.iter().copied()).count(page_refs.len() as i32);
    let item_refs: Vec<Ref> = marks.iter().map(|_| alloc()).collect();
    for (i, ((title, page), item)) in marks.iter().zip(&item_refs).enumerate() {
        let mut o = pdf.outline_item(*item);
        o.title(TextStr(title)).parent(outline);
        if i > 0 {
            o.prev(item_refs[i - 1]);
        }
        if i + 1 < item_refs.len() {
            o.next(item_refs[i + 1]);
        }
        o.dest().page(*page).fit();
    }
    let mut ol = pdf.outline(outline);
    if let (Some(first), Some(last)) = (item_refs.first(), item_refs.last()) {
        ol.first(*first).last(*last);
    }
    ol.count(item_refs.len() as i32);
    ol.finish();
    let names_ref = (!attachments.is_empty()).then(alloc);
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree).outlines(outline).page_mode(pdf_writer::types::PageMode::UseOutlines);
    if let Some(names_ref) = names_ref {
        cat.pair(Name(b"Names"), names_ref);
    }
    cat.finish();
    if let Some(names_ref) = names_ref {
        let mut names = pdf.indirect(names_ref).dict();
        let mut ef = names.insert(Name(b"EmbeddedFiles")).dict();
        let mut arr = ef.insert(Name(b"Names")).array();
        let mut sorted = attachments.clone();
        sorted.sort();
        for (name, spec) in &sorted {
            arr.item(TextStr(name));
            arr.item(*spec);
        }
        arr.finish();
        ef.finish();
        names.finish();
    }
    pdf.document_info(info).title(TextStr(title)).producer(TextStr("OneWindow 一窗通"));
    Ok(pdf.finish())
}

fn ascii(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii() && !c.is_control() { c } else { '_' }).collect()
}
