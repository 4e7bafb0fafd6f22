//! The demo crate's integration tests: the demo data as the application will see it.

mod search;
