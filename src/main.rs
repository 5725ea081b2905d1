//! The browser app's entry point, built by scripts/build.mjs: the console pages of `byok_sandbox_app`.

#[cfg(target_arch = "wasm32")]
fn main() {
    byok_sandbox_app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("byok-sandbox runs in the browser: serve it with `bash scripts/serve.sh`.");
}
