//! Runs every script in tests/transcripts/ and compares the answers with the file.
//! `UPDATE_EXPECT=1 cargo test --test transcripts` rewrites the files; review the diff before committing.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/golden.rs"]
mod golden;
#[path = "support/transcript.rs"]
mod transcript;

#[test]
fn transcripts() {
    golden::check("tests/transcripts", transcript::Runner::run);
}
