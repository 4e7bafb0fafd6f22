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
