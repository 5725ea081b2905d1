//! Settings: the sandbox's timings, the sandboxes saved in this browser (`sandboxes.rs`), export
//! and import, reset with a new or given seed.

use yew::prelude::*;

use super::common::{input_value, Outcome};
use super::persist;
use super::sandboxes::{free_name, KeptCopies, Sandboxes};
use super::session::use_session;
use super::state::{use_app, Action, Entry, Restart, Saved};
use super::store::{self, Meta};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let app = use_app();
    let session = use_session();
    let outcome = use_state(Outcome::default);
    let import_result = use_state(Outcome::default);
    let seed = use_state(String::new);
    let timings = app.sb.borrow().timings();
    let reclamation = use_state(|| timings.reclamation_period.to_string());
    let provisioning = use_state(|| timings.provisioning_time.to_string());
    let propagation = use_state(|| timings.propagation_delay.to_string());
    let file = use_node_ref();
    let save_timings = {
        let (app, outcome, r, p, d) = (
            app.clone(),
            outcome.clone(),
            reclamation.clone(),
            provisioning.clone(),
            propagation.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = serde_json::json!({ "reclamationPeriod": *r, "provisioningTime": *p, "propagationDelay": *d });
            super::common::call(
                &app,
                "PUT",
                "/sandbox/v1/settings".into(),
                Some(body),
                outcome.clone(),
                "Timings saved".into(),
            );
        })
    };
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
    // An imported file becomes a sandbox of its own (named after the file), never replacing one.
    let import = {
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
                let created = async {
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
                    Ok::<String, String>(name)
                };
                match created.await {
                    Ok(name) => persist::go_to_sandbox(&name),
                    Err(why) => result.set(Outcome::Failed(super::common::ShownError {
                        status: 400,
                        code: "IMPORT_REFUSED".into(),
                        message: format!("Nothing was changed: {why}"),
                        hint: None,
                    })),
                }
            });
        })
    };
    let reset = {
        let (app, seed) = (app.clone(), seed.clone());
        Callback::from(move |_| {
            let s = seed
                .trim()
                .parse::<u64>()
                .unwrap_or_else(|_| persist::random_seed());
            app.dispatch(Action::Replace(Box::new(Restart::fresh(s))));
        })
    };
    let text =
        |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(input_value(&e)));
    html! {
        <section>
            <h1>{ "Settings" }</h1>
            <form class="card" onsubmit={save_timings} data-testid="timings">
                <h2>{ "Timings" }</h2>
                <label>{ "Reclamation period (1d to 9d)" }<input aria-label="Reclamation period" value={(*reclamation).clone()} oninput={text(reclamation.clone())} /></label>
                <label>{ "Provisioning time" }<input aria-label="Provisioning time" value={(*provisioning).clone()} oninput={text(provisioning.clone())} /></label>
                <label>{ "Key event propagation delay (0s to 4h)" }<input aria-label="Propagation delay" value={(*propagation).clone()} oninput={text(propagation.clone())} /></label>
                <button type="submit">{ "Save timings" }</button>
                { outcome.view() }
            </form>
            <div class="card">
                <h2>{ "Keep or share this sandbox" }</h2>
                <p class="muted">{ format!("This is the sandbox '{}'. It saves itself in this browser after every change, and every tab and embed showing it follows along. Seed {}; {} inputs so far.", session.name.borrow(), app.seed(), app.log.borrow().len()) }</p>
                <button onclick={export} data-testid="export">{ "Export to a file" }</button>
                <label>{ "Import a file as a new sandbox" }<input type="file" accept="application/json,.json" ref={file} aria-label="Sandbox file" data-testid="import-file" /></label>
                <button onclick={import} data-testid="import">{ "Import" }</button>
                { import_result.view() }
            </div>
            <div class="card">
                <h2>{ "Sandboxes in this browser" }</h2>
                <p class="muted">{ "Each sandbox has a name: the address opens one with ?sandbox=NAME, and a link with ?seed= opens one of its own. Plain / is your default sandbox." }</p>
                <Sandboxes />
            </div>
            <KeptCopies />
            <div class="card">
                <h2>{ "Start over" }</h2>
                <label>{ "Seed (empty for a random one)" }<input aria-label="Seed" value={(*seed).clone()} oninput={text(seed.clone())} /></label>
                <button class="danger" onclick={reset} data-testid="reset">{ "Reset this sandbox" }</button>
                <p class="muted">{ "Tip: open the page with ?seed=42 in the URL to start from a given seed." }</p>
            </div>
        </section>
    }
}
