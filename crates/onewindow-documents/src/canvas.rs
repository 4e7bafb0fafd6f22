//! Pages in millimetres with the origin at the top left, as the documents are designed; every
//! element drawn is recorded with its box so that tests can check nothing leaves the printable area.

use barcoders::sym::code128::Code128;
use qrcode::{Color, EcLevel, QrCode};

use crate::font::Shaper;
use crate::DocumentError;

pub const PT_PER_MM: f32 = 72.0 / 25.4;
/// Top of the em box to baseline, as a share of the font size (CJK faces).
const ASCENT: f32 = 0.88;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// Whether `other` lies inside, with a tolerance for rounding.
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.01;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Fill(Rect),
    Stroke {
        rect: Rect,
        width: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// A picture stretched over `rect` (an electronic seal).
    Image {
        rect: Rect,
        image: std::sync::Arc<Picture>,
    },
}

/// A picture as the PDF embeds it: 8-bit RGB and its alpha, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub alpha: Vec<u8>,
}

/// A drawn element, for layout checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub kind: &'static str,
    pub label: String,
    pub rect: Rect,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub(crate) ops: Vec<Op>,
    pub elements: Vec<Element>,
}

/// Part of a run that must stay on one line: digits, Latin letters and what joins them in room
/// numbers and codes.
fn in_run(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | '#' | '_')
}

impl Page {
    /// One line of text of width `w` mm with its top at `y`, added after the page was laid out.
    pub(crate) fn push_text(&mut self, x: f32, y: f32, size: f32, w: f32, text: &str) {
        let h = size / PT_PER_MM;
        self.ops.push(Op::Text { x, y: y + h * ASCENT, size, text: text.to_string() });
        self.elements.push(Element { kind: "text", label: text.to_string(), rect: Rect { x, y, w, h } });
    }
}

/// Draws one page within a printable area.
pub struct PageBuilder<'a, 'f> {
    shaper: &'a Shaper<'f>,
    pub page: Page,
    pub area: Rect,
}

impl<'a, 'f> PageBuilder<'a, 'f> {
    pub(crate) fn new(shaper: &'a Shaper<'f>, width: f32, height: f32, area: Rect) -> Self {
        Self { shaper, page: Page { width, height, ops: Vec::new(), elements: Vec::new() }, area }
    }

    /// Width in mm of `text` at `size` points.
    pub fn measure(&self, text: &str, size: f32) -> f32 {
        self.shaper.measure(text) * size / PT_PER_MM
    }

    fn record(&mut self, kind: &'static str, label: &str, rect: Rect) {
        self.page.elements.push(Element { kind, label: label.to_string(), rect });
    }

    /// One line of text with its top at `y`; returns its width.
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str) -> f32 {
        let w = self.measure(text, size);
        let h = size / PT_PER_MM;
        self.page.ops.push(Op::Text { x, y: y + h * ASCENT, size, text: text.to_string() });
        self.record("text", text, Rect { x, y, w, h });
        w
    }

    pub fn text_right(&mut self, right: f32, y: f32, size: f32, text: &str) -> f32 {
        let w = self.measure(text, size);
        self.text(right - w, y, size, text)
    }

    pub fn text_center(&mut self, center: f32, y: f32, size: f32, text: &str) -> f32 {
        let w = self.measure(text, size);
        self.text(center - w / 2.0, y, size, text)
    }

    /// One line shrunk (down to `min_size`) to fit `max_w`; wrapped when even that is too wide.
    /// Returns the height used.
    pub fn text_fit(&mut self, x: f32, y: f32, max_w: f32, size: f32, min_size: f32, text: &str) -> f32 {
        let mut s = size;
        while s > min_size && self.measure(text, s) > max_w {
            s -= 0.5;
        }
        if self.measure(text, s) <= max_w {
            self.text(x, y, s, text);
            s / PT_PER_MM
        } else {
            self.paragraph(x, y, max_w, min_size, text)
        }
    }

    /// Lines broken to fit `max_w` (between any two CJK characters, or at spaces); returns the
    /// height used.
    pub fn paragraph(&mut self, x: f32, y: f32, max_w: f32, size: f32, text: &str) -> f32 {
        let lines = self.wrap(text, size, max_w);
        let line_h = size / PT_PER_MM * 1.35;
        for (i, line) in lines.iter().enumerate() {
            self.text(x, y + i as f32 * line_h, size, line);
        }
        lines.len() as f32 * line_h
    }

    pub fn wrap(&self, text: &str, size: f32, max_w: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut buf = [0u8; 4];
        for source in text.split('\n') {
            let mut line = String::new();
            let mut width = 0.0;
            for c in source.chars() {
                let w = self.measure(c.encode_utf8(&mut buf), size);
                if !line.is_empty() && width + w > max_w {
                    // Never split a number or a Latin word ("12座18/02室" keeps "18/02" whole):
                    // the run it belongs to moves to the next line; failing that, break at the
                    // last space of a Latin phrase.
                    let run = if in_run(c) {
                        line.char_indices().rev().take_while(|(_, ch)| in_run(*ch)).last().map(|(i, _)| i)
                    } else {
                        None
                    };
                    let space = line.rfind(' ').filter(|_| c.is_ascii_alphanumeric()).map(|at| at + 1);
                    match run.or(space) {
                        Some(at) if at > 0 && line[..at].trim_end() != "" => {
                            let rest = line[at..].to_string();
                            line.truncate(at);
                            let kept = line.trim_end().len();
                            line.truncate(kept);
                            lines.push(std::mem::take(&mut line));
                            width = self.measure(&rest, size);
                            line = rest;
                        }
                        _ => {
                            lines.push(std::mem::take(&mut line));
                            width = 0.0;
                        }
                    }
                }
                line.push(c);
                width += w;
            }
            lines.push(line);
        }
        lines
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.page.ops.push(Op::Line { x1, y1, x2, y2, width });
        let rect = Rect { x: x1.min(x2), y: y1.min(y2), w: (x2 - x1).abs(), h: (y2 - y1).abs() };
        self.record("line", "", rect);
    }

    pub fn stroke(&mut self, rect: Rect, width: f32) {
        self.page.ops.push(Op::Stroke { rect, width });
        self.record("box", "", rect);
    }

    pub fn fill(&mut self, rect: Rect) {
        self.page.ops.push(Op::Fill(rect));
    }

    /// A Code128 symbol with quiet zones, bars `module` mm wide (choose whole printer dots:
    /// 0.25 mm = 2 dots at 203 dpi). Digits of even length use code set C, else set B. Returns the
    /// symbol's box.
    pub fn code128(&mut self, x: f32, y: f32, height: f32, module: f32, data: &str) -> Result<Rect, DocumentError> {
        let set = if data.len() % 2 == 0 && data.bytes().all(|b| b.is_ascii_digit()) { '\u{0106}' } else { '\u{0181}' };
        let symbol =
            Code128::new(format!("{set}{data}")).map_err(|e| DocumentError::Barcode(format!("{data}: {e}")))?;
        let modules = symbol.encode();
        let quiet = 10.0 * module;
        let mut cursor = x + quiet;
        let mut i = 0;
        while i < modules.len() {
            let bit = modules[i];
            let mut run = 1;
            while i + run < modules.len() && modules[i + run] == bit {
                run += 1;
            }
            if bit == 1 {
                self.page.ops.push(Op::Fill(Rect { x: cursor, y, w: run as f32 * module, h: height }));
            }
            cursor += run as f32 * module;
            i += run;
        }
        let rect = Rect { x, y, w: cursor + quiet - x, h: height };
        self.record("code128", data, rect);
        Ok(rect)
    }

    /// Width in mm of a Code128 symbol of `data` with quiet zones.
    pub fn code128_width(data: &str, module: f32) -> f32 {
        let chars =
            if data.len() % 2 == 0 && data.bytes().all(|b| b.is_ascii_digit()) { data.len() / 2 } else { data.len() };
        // Start, data, check: 11 modules each; stop: 13; quiet zones: 10 each side.
        ((chars + 2) * 11 + 13 + 20) as f32 * module
    }

    /// `image` over `rect`.
    pub fn image(&mut self, rect: Rect, image: std::sync::Arc<Picture>) {
        self.page.ops.push(Op::Image { rect, image });
        self.record("image", "", rect);
    }

    /// A QR code `size` mm square including its 4-module quiet zone.
    pub fn qr(&mut self, x: f32, y: f32, size: f32, data: &str) -> Result<Rect, DocumentError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|e| DocumentError::Barcode(format!("QR {data}: {e}")))?;
        let n = code.width();
        let module = size / (n + 8) as f32;
        let colors = code.to_colors();
        for row in 0..n {
            for col in 0..n {
                if colors[row * n + col] == Color::Dark {
                    let rect = Rect {
                        x: x + (col + 4) as f32 * module,
                        y: y + (row + 4) as f32 * module,
                        w: module,
                        h: module,
                    };
                    self.page.ops.push(Op::Fill(rect));
                }
            }
        }
        let rect = Rect { x, y, w: size, h: size };
        self.record("qr", data, rect);
        Ok(rect)
    }
}
