//! The Settings page: its cards, and starting the sandbox over.

use yew::prelude::*;

use super::kept::KeptCopies;
use super::sandboxes::Sandboxes;
use super::share::Share;
use super::timings::Timings;
use crate::frame::state::{use_app, Action, Restart};
use crate::storage::persist;
use crate::ui::{input_value, DownloadScript};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    html! {
        <section>
            <h1>{ "Settings" }</h1>
            <Timings />
            <Share />
            <div class="card">
                <h2>{ "Sandboxes in this browser" }</h2>
                <p class="muted">{ "Each sandbox has a name: the address opens one with ?sandbox=NAME, and a link with ?seed= opens one of its own. Plain / is your default sandbox." }</p>
                <Sandboxes />
            </div>
            <KeptCopies />
            <div class="card">
                <h2>{ "Take the session home" }</h2>
                <p class="muted">{ "The ibmcloud and curl lines run in this tab's terminal and tours, as a bash script for a real account: the ids they printed become variables the script reads from the real output, and the sandbox's own commands (the clock, the acting user) become comments." }</p>
                <DownloadScript />
            </div>
            <StartOver />
        </section>
    }
}

/// Reset with a given seed, or a random one.
#[function_component(StartOver)]
fn start_over() -> Html {
    let app = use_app();
    let seed = use_state(String::new);
    let reset = {
        let seed = seed.clone();
        Callback::from(move |_| {
            let s = seed
                .trim()
                .parse::<u64>()
                .unwrap_or_else(|_| persist::random_seed());
            app.dispatch(Action::Replace(Box::new(Restart::fresh(s))));
        })
    };
    let on_seed = {
        let seed = seed.clone();
        Callback::from(move |e: InputEvent| seed.set(input_value(&e)))
    };
    html! {
        <div class="card">
            <h2>{ "Start over" }</h2>
            <label>{ "Seed (empty for a random one)" }<input aria-label="Seed" value={(*seed).clone()} oninput={on_seed} /></label>
            <button class="danger" onclick={reset} data-testid="reset">{ "Reset this sandbox" }</button>
            <p class="muted">{ "Tip: open the page with ?seed=42 in the URL to start from a given seed." }</p>
        </div>
    }
}
