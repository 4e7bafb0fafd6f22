//! Thin commands: take the arguments and the state, call one application function, map the error.

pub mod cases;
pub mod catalog;
pub mod courier;
pub mod followup;
pub mod intake;
pub mod printing;
pub mod review;
pub mod scans;
pub mod session;
pub mod staff;
pub mod station;
