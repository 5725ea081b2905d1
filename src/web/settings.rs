//! Settings: the sandbox's timings, export and import, reset with a new or given seed.

use std::rc::Rc;

use yew::prelude::*;

use super::common::{input_value, Outcome};
use super::persist;
use super::state::{use_app, Action, AppState, Saved};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let app = use_app();
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
        let app = app.clone();
        Callback::from(move |_| {
            let text = serde_json::to_string(&app.saved()).unwrap_or_default();
            persist::download(&format!("byok-sandbox-{}.json", app.seed), &text);
        })
    };
    let import = {
        let (app, file, result) = (app.clone(), file.clone(), import_result.clone());
        Callback::from(move |_| {
            let Some(input) = file.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let (app, result) = (app.clone(), result.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = persist::read_file(input)
                    .await
                    .and_then(|text| Saved::parse(&text))
                    .and_then(AppState::from_saved);
                match loaded {
                    Ok(state) => {
                        app.dispatch(Action::Replace(Rc::new(AppState {
                            rev: app.rev + 1,
                            ..state
                        })));
                        result.set(Outcome::Done("Imported: this is now the sandbox".into()));
                    }
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
            let fresh = AppState::fresh(s);
            app.dispatch(Action::Replace(Rc::new(AppState {
                rev: app.rev + 1,
                ..fresh
            })));
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
                <p class="muted">{ format!("The sandbox saves itself in this browser after every change. Seed {}; {} inputs so far.", app.seed, app.journal.borrow().len()) }</p>
                <button onclick={export} data-testid="export">{ "Export to a file" }</button>
                <label>{ "Import a file" }<input type="file" accept="application/json,.json" ref={file} aria-label="Sandbox file" data-testid="import-file" /></label>
                <button onclick={import} data-testid="import">{ "Import" }</button>
                { import_result.view() }
            </div>
            <div class="card">
                <h2>{ "Start over" }</h2>
                <label>{ "Seed (empty for a random one)" }<input aria-label="Seed" value={(*seed).clone()} oninput={text(seed.clone())} /></label>
                <button class="danger" onclick={reset} data-testid="reset">{ "Reset the sandbox" }</button>
                <p class="muted">{ "Tip: open the page with ?seed=42 in the URL to start from a given seed." }</p>
            </div>
        </section>
    }
}
