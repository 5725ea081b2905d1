//! `Requester`: how a page sends the sandbox's APIs a request as the user it acts as, and keeps
//! the answer as its outcome line. It holds the app's handle and the outcome, so a callback clones
//! one value instead of a preamble of handles, and a form's submit is one call.

use serde_json::Value;
use yew::prelude::*;

use super::error::{Outcome, ShownError};
use crate::frame::state::{use_app, Action, Handle};
use byok_engine::Response;

/// The app's handle and a component's last outcome. Cheap to clone: two handles.
#[derive(Clone, PartialEq)]
pub struct Requester {
    app: Handle,
    outcome: UseStateHandle<Outcome>,
}

/// A `Requester` for the calling component, with an outcome of its own (nothing yet).
#[hook]
pub fn use_requester() -> Requester {
    let app = use_app();
    let outcome = use_state(Outcome::default);
    Requester { app, outcome }
}

impl Requester {
    /// The last outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The last outcome drawn: nothing, the success line, or the error.
    pub fn view(&self) -> Html {
        self.outcome.view()
    }

    /// Sets the outcome (what a page's own handling of an answer found).
    pub fn set(&self, outcome: Outcome) {
        self.outcome.set(outcome);
    }

    /// Sends a request as the current user; the answer goes to `reply` as it comes.
    pub fn call(
        &self,
        method: &str,
        path: impl Into<String>,
        body: Option<Value>,
        reply: impl Fn(Response) + 'static,
    ) {
        self.app.dispatch(Action::Call {
            method: method.into(),
            path: path.into(),
            body,
            instance: None,
            reply: Callback::from(reply),
        });
    }

    /// Sends a request; the outcome becomes `success`, or the refusal.
    pub fn send(
        &self,
        method: &str,
        path: impl Into<String>,
        body: Option<Value>,
        success: impl Into<String>,
    ) {
        let (outcome, success) = (self.outcome.clone(), success.into());
        self.call(method, path, body, move |resp| {
            outcome.set(Outcome::of(&resp, success.clone()))
        });
    }

    /// Sends a request; a refusal becomes the outcome, and a success goes to `then`.
    pub fn send_then(
        &self,
        method: &str,
        path: impl Into<String>,
        body: Option<Value>,
        then: impl Fn(Response) + 'static,
    ) {
        let outcome = self.outcome.clone();
        self.call(method, path, body, move |resp| {
            match ShownError::of(&resp) {
                Some(e) => outcome.set(Outcome::Failed(e)),
                None => then(resp),
            }
        });
    }

    /// A callback (a click) that sends the request each time it fires, as `send` does.
    pub fn on<E: 'static>(
        &self,
        method: &str,
        path: impl Into<String>,
        body: Option<Value>,
        success: impl Into<String>,
    ) -> Callback<E> {
        let (me, method, path, success) = (
            self.clone(),
            method.to_string(),
            path.into(),
            success.into(),
        );
        Callback::from(move |_| me.send(&method, path.clone(), body.clone(), success.clone()))
    }
}
