//! The app's frame: the one state (`state`, `log`) and its routes (`router`), the app that opens
//! and runs the sandbox (`app`), the page around every section (`layout`, `header`, `clock`,
//! `damaged`), and the chunks the sections' pages come in (`split`, `sections`, `shell_chunk`).
//! Pages build on `state` and `router` only, which know nothing of them.

pub mod app;
pub mod clock;
pub mod damaged;
pub mod header;
pub mod layout;
pub mod log;
pub mod router;
pub mod sections;
pub mod shell_chunk;
pub mod split;
pub mod state;

pub use app::{start, App};
pub use router::Route;
