//! byok-sandbox's app: the Yew console over the engine (`byok_engine`), its `ibmcloud` shell
//! (`byok_shell`) and its timeline (`byok_timeline`). Loading the library starts nothing; the
//! browser app starts from the binary (`start`). Natively (`cargo test`) the library is empty.
//!
//! The rooms: `frame` (the app's state, routes, chunks and chrome), `pages` (one folder per
//! section), `ui` (the pieces every page uses), `storage` (the browser's store and the open
//! sandbox's session) and `embedding` (the live sandbox for the page around the app).
#![cfg(target_arch = "wasm32")]

pub mod embedding;
pub mod frame;
pub mod pages;
pub mod storage;
pub mod ui;

pub use frame::{start, App};
