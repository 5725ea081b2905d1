//! The sections' pages, one folder (or file) each: Key Protect (`keys`), `iam`, `databases`, the
//! `timeline`, the `activity`, the `settings`, the `overview`, and the documentation's faces (the
//! `terminal`, the API `console`, the guided `tours`). They read the app's state and act through
//! it (`crate::frame::state`), and move with its routes (`crate::frame::router`).

pub mod activity;
pub mod console;
pub mod databases;
pub mod iam;
pub mod keys;
pub mod overview;
pub mod settings;
pub mod terminal;
pub mod timeline;
pub mod tours;
