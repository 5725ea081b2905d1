//! The documentation drift checker: reads Markdown pages in IBM Cloud's documentation flavour,
//! runs their example commands in the sandbox's `ibmcloud` shell (one fresh sandbox per page, a
//! fixed seed) and compares what they print with the documented output, by shape
//! ([`byok_shell::docs`]).
//!
//! The rooms, each using only those below it: `cli` (the command line) -> `check` (a page run
//! and compared) -> `markdown` (code blocks and their kramdown attribute lines), `parts` (what a
//! block is: commands, a session, output), `fill` (placeholders from the sandbox) and `report`
//! (the findings, as text and JSON).

mod check;
pub mod cli;
mod fill;
mod markdown;
mod parts;
mod report;

pub use check::{check_page, Options};
pub use report::{BlockReport, Counts, Drift, Outcome, PageReport};
