//! byok-sandbox: Key Protect and Cloud Databases "bring your own key" encryption, simulated.
//!
//! `engine` is the whole simulation, pure Rust. `js` exports it to JavaScript as the `Sandbox` class
//! (the lib builds as a cdylib, so the class loads on its own). Loading the lib starts no app; the
//! browser app starts from the binary.

pub mod bench;
pub mod cli;
pub mod engine;
pub mod journal;
#[cfg(feature = "js-class")]
pub mod js;
pub mod scenario;
pub mod timeline;
#[cfg(target_arch = "wasm32")]
pub mod web;
