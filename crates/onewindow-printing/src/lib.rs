//! Printing at the edge of the system: printer profiles read from disk, the CJK fonts found on
//! the machine, and jobs handed to CUPS and followed until they are printed.

mod cups;
mod fonts;
mod profiles;

pub use cups::{Cups, JobState, PrintError};
pub use fonts::{system_fonts, FontError};
pub use profiles::{load_profiles, print_area, Profiles};
