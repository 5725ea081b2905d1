//! The browser app's entry point, built by Trunk. For now a placeholder page; the console pages
//! come with the web-app issue.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "byok-sandbox runs in the browser: serve it with `bash scripts/serve.sh` (trunk serve)."
    );
}

#[cfg(target_arch = "wasm32")]
#[yew::function_component(App)]
fn app() -> yew::Html {
    let sandbox = byok_sandbox::engine::Sandbox::new(1);
    let instance = sandbox.instances()[0].clone();
    yew::html! {
        <main class="placeholder">
            <h1>{ "byok-sandbox" }</h1>
            <p>{ "Key Protect and Cloud Databases bring-your-own-key encryption, simulated in your browser." }</p>
            <p>{ format!("Virtual clock: {}. Key Protect instance {} in {}.", sandbox.now(), instance.guid, instance.region) }</p>
            <p>{ "The console pages are on their way." }</p>
        </main>
    }
}
