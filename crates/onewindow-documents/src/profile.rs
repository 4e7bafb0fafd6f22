//! The paper a document is laid out on: its size, the printable area and the calibration offset.

/// Millimetres. A roll (thermal receipt paper) has no fixed height: the page is as long as the
/// content.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaperSize {
    pub width: f32,
    pub height: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintArea {
    pub paper: PaperSize,
    /// Top, right, bottom, left margins in mm: outside them the printer cannot print.
    pub margins: [f32; 4],
    /// Calibration: how far to move everything right and down, in mm.
    pub offset: (f32, f32),
}

impl PrintArea {
    pub const A4: PrintArea = PrintArea {
        paper: PaperSize { width: 210.0, height: Some(297.0) },
        margins: [12.0, 12.0, 12.0, 12.0],
        offset: (0.0, 0.0),
    };
    pub const ROLL_80: PrintArea =
        PrintArea { paper: PaperSize { width: 80.0, height: None }, margins: [4.0, 4.0, 6.0, 4.0], offset: (0.0, 0.0) };
    pub const LABEL_100X150: PrintArea = PrintArea {
        paper: PaperSize { width: 100.0, height: Some(150.0) },
        margins: [3.0, 3.0, 3.0, 3.0],
        offset: (0.0, 0.0),
    };
    pub const LABEL_76X130: PrintArea = PrintArea {
        paper: PaperSize { width: 76.0, height: Some(130.0) },
        margins: [2.5, 2.5, 2.5, 2.5],
        offset: (0.0, 0.0),
    };

    pub fn content_width(&self) -> f32 {
        self.paper.width - self.margins[1] - self.margins[3]
    }
}
