//! Keeping or sharing the sandbox: its export to a file, and a file imported as a new sandbox of
//! its own (named after the file), never replacing one.

use yew::prelude::*;

use super::sandboxes::free_name;
use crate::frame::state::{use_app, Entry, Saved};
use crate::storage::persist;
use crate::storage::session::use_session;
use crate::storage::store::{self, Meta};
use crate::ui::{Outcome, ShownError};

/// Makes the file chosen in `input` a new sandbox named like `base`; answers its name.
async fn import(input: web_sys::HtmlInputElement, base: String) -> Result<String, String> {
    let saved = persist::read_file(input)
        .await
        .and_then(|t| Saved::parse(&t))?;
    // Replayed once here, so a file that parses but does not replay is refused.
    let sb = saved.replay()?;
    let all = store::list().await?;
    let name = free_name(if base.is_empty() { "imported" } else { &base }, &all);
    let texts: Vec<String> = saved.journal.iter().map(Entry::to_text).collect();
    let meta = Meta {
        name: name.clone(),
        seed: saved.seed.clone(),
        actor: saved.actor.clone(),
        now: sb.now().to_string(),
        ..Meta::default()
    };
    store::create(&meta, &texts, None)
        .await?
        .ok_or("its name was taken meanwhile: try again")?;
    Ok(name)
}

#[function_component(Share)]
pub fn share() -> Html {
    let app = use_app();
    let session = use_session();
    let import_result = use_state(Outcome::default);
    let file = use_node_ref();
    let export = {
        let (app, session) = (app.clone(), session.clone());
        Callback::from(move |_| {
            let (app, session) = (app.clone(), session.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(saved) = session.saved(&app.actor).await {
                    let text = serde_json::to_string(&saved).unwrap_or_default();
                    let name = session.name.borrow().clone();
                    persist::download(&format!("byok-sandbox-{name}.json"), &text);
                }
            });
        })
    };
    let on_import = {
        let (file, result) = (file.clone(), import_result.clone());
        Callback::from(move |_| {
            let Some(input) = file.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let base = input
                .files()
                .and_then(|f| f.get(0))
                .map(|f| f.name())
                .unwrap_or_default();
            let base = persist::clean_name(base.strip_suffix(".json").unwrap_or(&base));
            let result = result.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match import(input, base).await {
                    Ok(name) => persist::go_to_sandbox(&name),
                    Err(why) => result.set(Outcome::Failed(ShownError {
                        status: 400,
                        code: "IMPORT_REFUSED".into(),
                        message: format!("Nothing was changed: {why}"),
                        hint: None,
                    })),
                }
            });
        })
    };
    html! {
        <div class="card">
            <h2>{ "Keep or share this sandbox" }</h2>
            <p class="muted">{ format!("This is the sandbox '{}'. It saves itself in this browser after every change, and every tab and embed showing it follows along. Seed {}; {} inputs so far.", session.name.borrow(), app.seed(), app.log.borrow().len()) }</p>
            <button onclick={export} data-testid="export">{ "Export to a file" }</button>
            <label>{ "Import a file as a new sandbox" }<input type="file" accept="application/json,.json" ref={file} aria-label="Sandbox file" data-testid="import-file" /></label>
            <button onclick={on_import} data-testid="import">{ "Import" }</button>
            { import_result.view() }
        </div>
    }
}
