//! The timeline model: lanes, spans and markers derived from the activity log, driven through the
//! request face as the JavaScript API and the app drive it, and compared as readable text.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

// Shared by the modules below: driving the sandbox through its request face, and lanes as text.
mod helpers;

mod axis;
mod incremental;
mod layout;
mod model;
mod view;
