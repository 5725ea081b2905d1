//! Component tests of the app in headless Chromium: render, let Yew flush, assert on the DOM, act
//! as a user would (type, click), flush again. No sleeps: `yew::scheduler::flush` returns when
//! rendering is done.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Shared by the modules below: mounting the app, finding and acting on its elements, and the
// page's own JS API.
mod helpers;

mod activity;
mod console;
mod databases;
mod keys;
mod sandboxes;
mod scenarios;
mod shell;
mod storage;
mod timeline;
