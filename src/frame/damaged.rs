//! The banner about a stored copy that could not be read.

use std::rc::Rc;

use yew::prelude::*;

use super::state::{use_app, Action, Damage, Restart};
use crate::storage::persist;
use crate::storage::session::use_session;

#[derive(Properties, PartialEq)]
pub struct DamagedProps {
    pub damage: Rc<Damage>,
}

/// A stored copy that could not be read: never blank the page; keep the copy until the user agrees.
#[function_component(Damaged)]
pub fn damaged(p: &DamagedProps) -> Html {
    let app = use_app();
    let session = use_session();
    let download = {
        let text = p.damage.text.clone();
        Callback::from(move |_| persist::download("byok-sandbox-damaged.json", &text))
    };
    let start_fresh = {
        let app = app.clone();
        Callback::from(move |_| {
            session.resume_over_damaged();
            app.dispatch(Action::Replace(Box::new(Restart::fresh(app.seed()))));
        })
    };
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ClearDamaged))
    };
    html! {
        <div class="banner error" role="alert" data-testid="damaged">
            if p.damage.blocks_sandbox {
                <p>{ format!("This sandbox could not be opened: {}. Its stored copy is kept as it was; this is a fresh sandbox that is not being saved.", p.damage.why) }</p>
                <button onclick={download}>{ "Download the damaged copy" }</button>
                <button onclick={start_fresh}>{ "Discard it and start fresh" }</button>
            } else {
                <p>{ format!("Note: {}.", p.damage.why) }</p>
                <button onclick={download}>{ "Download the damaged copy" }</button>
                <button onclick={dismiss}>{ "Dismiss" }</button>
            }
        </div>
    }
}
