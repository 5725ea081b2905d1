//! The sandbox's timings: the reclamation period, provisioning time and key event propagation
//! delay, saved through the sandbox's own API (which validates them).

use yew::prelude::*;

use crate::frame::state::use_app;
use crate::ui::{input_value, use_requester};

#[function_component(Timings)]
pub fn timings() -> Html {
    let app = use_app();
    let requester = use_requester();
    let timings = app.sb.borrow().timings();
    let reclamation = use_state(|| timings.reclamation_period.to_string());
    let provisioning = use_state(|| timings.provisioning_time.to_string());
    let propagation = use_state(|| timings.propagation_delay.to_string());
    let save = {
        let (requester, r, p, d) = (
            requester.clone(),
            reclamation.clone(),
            provisioning.clone(),
            propagation.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = serde_json::json!({ "reclamationPeriod": *r, "provisioningTime": *p, "propagationDelay": *d });
            requester.send("PUT", "/sandbox/v1/settings", Some(body), "Timings saved");
        })
    };
    let text =
        |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(input_value(&e)));
    html! {
        <form class="card" onsubmit={save} data-testid="timings">
            <h2>{ "Timings" }</h2>
            <label>{ "Reclamation period (1d to 9d)" }<input aria-label="Reclamation period" value={(*reclamation).clone()} oninput={text(reclamation.clone())} /></label>
            <label>{ "Provisioning time" }<input aria-label="Provisioning time" value={(*provisioning).clone()} oninput={text(provisioning.clone())} /></label>
            <label>{ "Key event propagation delay (0s to 4h)" }<input aria-label="Propagation delay" value={(*propagation).clone()} oninput={text(propagation.clone())} /></label>
            <button type="submit">{ "Save timings" }</button>
            { requester.view() }
        </form>
    }
}
