//! The live sandbox for the page around it: `window.byokSandbox` (for scripts on the same page) and a
//! small postMessage protocol (for a page that embeds the app in an iframe). Both act through the
//! app's reducer, so the UI follows, the journal records, and everything is saved as usual.
//!
//! postMessage (`embed.rs`, which also decides which origins may use it): the host sends
//! `{type: "byok-sandbox", id, method, args}` with a method of the `window.byokSandbox` object
//! below; the app answers `{type: "byok-sandbox-reply", id, result}` or `{..., id, error}`, and
//! sends `{type: "byok-sandbox-event", event}` for every new activity event.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

use super::outbox::{self, Note};
use crate::frame::state::{Action, AppState, Handle, Restart, Saved};
use crate::frame::{shell_chunk, split};
use crate::storage::persist;
use crate::storage::session::Session;
use byok_engine::{Duration, Request, Response};

/// Registered `on("event", callback)` listeners and how many events they have heard of.
#[derive(Default)]
pub struct Listeners {
    pub callbacks: Vec<(u32, js_sys::Function)>,
    pub next_id: u32,
    pub seen: usize,
    /// The sandbox the count is of: another one swapped in starts the count over.
    pub epoch: u64,
}

/// A value as a plain JavaScript object, through JSON (serde_json is in the app anyway; a second
/// serde backend for JS values would only add weight).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// A plain JavaScript object as `T`, through JSON.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or("not a JSON value")?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

fn error(msg: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&msg.to_string()).into()
}

/// The operations both faces offer, by name, on the current state.
pub struct Api {
    pub app: Handle,
    pub session: Rc<Session>,
    /// The state as of the last render or change made here: a reset or an import swaps the sandbox.
    pub latest: Rc<RefCell<Rc<AppState>>>,
    pub listeners: Rc<RefCell<Listeners>>,
}

impl Api {
    fn state(&self) -> Rc<AppState> {
        self.latest.borrow().clone()
    }

    /// A request; headers the caller left out (authorization, bluemix-instance) are those of the
    /// user the app acts as, as the app's own pages send them.
    pub fn request(&self, value: JsValue) -> Result<JsValue, JsValue> {
        let mut req: Request = from_js(&value)
            .map_err(|e| error(format!("a request is {{method, path, headers, body}}: {e}")))?;
        let state = self.state();
        let defaults = state.build_request(&req.method, &req.path, None, None);
        for (name, value) in defaults.headers {
            if !req.headers.keys().any(|k| k.eq_ignore_ascii_case(&name)) {
                req.headers.insert(name, value);
            }
        }
        let answer = Rc::new(RefCell::new(None::<Response>));
        let slot = answer.clone();
        self.app.dispatch(Action::Send {
            req,
            reply: Callback::from(move |r: Response| *slot.borrow_mut() = Some(r)),
        });
        let response = answer
            .borrow_mut()
            .take()
            .ok_or_else(|| error("the app did not answer"))?;
        to_js(&response)
    }

    /// Runs an `ibmcloud` command line (or a multi-line paste) in the app's terminal shell. While
    /// the shell's chunk is still on its way the answer is a promise that waits for it (`await`
    /// takes both); if the chunk cannot be fetched, the answer says so.
    pub fn exec(&self, input: &str) -> Result<JsValue, JsValue> {
        if shell_chunk::shell().is_some() {
            return exec_now(&self.app, input);
        }
        let (app, input) = (self.app.clone(), input.to_string());
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            let _ = split::load_shell().await;
            exec_now(&app, &input)
        })
        .into())
    }

    /// A runnable code block's check: the documented output against what the block printed, by
    /// shape (`byok_shell::docs`): `{matches, differences: [{expected, actual}]}`, each side
    /// `{number, text}` or null. In the shell's chunk: a promise while it arrives.
    pub fn compare(&self, expected: String, actual: String) -> Result<JsValue, JsValue> {
        if let Some(chunk) = shell_chunk::shell() {
            return comparison(&(chunk.compare)(&expected, &actual));
        }
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            let chunk = split::load_shell().await.map_err(|_| {
                error("the shell could not be downloaded: reload the page to try again")
            })?;
            comparison(&(chunk.compare)(&expected, &actual))
        })
        .into())
    }

    pub fn advance(&self, duration: &str) -> Result<JsValue, JsValue> {
        let d = Duration::parse(duration).map_err(error)?;
        self.app.dispatch(Action::Advance(d));
        Ok(JsValue::from_str(
            &self.state().sb.borrow().now().to_string(),
        ))
    }

    pub fn now(&self) -> JsValue {
        JsValue::from_str(&self.state().sb.borrow().now().to_string())
    }

    pub fn events(&self) -> Result<JsValue, JsValue> {
        to_js(self.state().sb.borrow().events())
    }

    pub fn users(&self) -> Result<JsValue, JsValue> {
        to_js(self.state().sb.borrow().users())
    }

    /// The export, as text. While the app is still reading the stored journal (just after it
    /// opened a long-lived sandbox) the text comes as a promise instead: `await` takes both.
    pub fn export_state(&self) -> Result<JsValue, JsValue> {
        let state = self.state();
        if let Some(saved) = state.saved() {
            return serde_json::to_string(&saved)
                .map(|s| JsValue::from_str(&s))
                .map_err(error);
        }
        let (session, actor) = (self.session.clone(), state.actor.clone());
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            let saved = session
                .saved(&actor)
                .await
                .ok_or_else(|| error("the stored journal could not be read"))?;
            serde_json::to_string(&saved)
                .map(|s| JsValue::from_str(&s))
                .map_err(error)
        })
        .into())
    }

    pub fn import_state(&self, text: &str) -> Result<JsValue, JsValue> {
        let restart = Saved::parse(text)
            .and_then(Restart::from_saved)
            .map_err(error)?;
        self.replace(restart);
        Ok(JsValue::TRUE)
    }

    pub fn reset(&self, seed: JsValue) -> Result<JsValue, JsValue> {
        let seed = match seed.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => n as u64,
            Some(_) => return Err(error("the seed must be a non-negative integer")),
            None => persist::random_seed(),
        };
        self.replace(Restart::fresh(seed));
        Ok(JsValue::from_f64(seed as f64))
    }

    /// Another sandbox in place of this one (its journal replaces this one's in the store).
    fn replace(&self, restart: Restart) {
        self.listeners.borrow_mut().seen = 0;
        self.app.dispatch(Action::Replace(Box::new(restart)));
    }

    /// `on("event", callback)`: the callback hears every new activity event; returns an id for `off`.
    pub fn on(&self, kind: &str, callback: JsValue) -> Result<JsValue, JsValue> {
        if kind != "event" {
            return Err(error(format!(
                "unknown kind '{kind}': the sandbox reports \"event\""
            )));
        }
        let f: js_sys::Function = callback
            .dyn_into()
            .map_err(|_| error("on(kind, callback) needs a function"))?;
        let mut l = self.listeners.borrow_mut();
        l.next_id += 1;
        let id = l.next_id;
        l.callbacks.push((id, f));
        Ok(JsValue::from_f64(id as f64))
    }

    pub fn off(&self, id: f64) -> JsValue {
        self.listeners
            .borrow_mut()
            .callbacks
            .retain(|(i, _)| *i as f64 != id);
        JsValue::UNDEFINED
    }

    /// Runs one method by name: the postMessage protocol's entry.
    pub fn call(&self, method: &str, args: &js_sys::Array) -> Result<JsValue, JsValue> {
        let arg = |i: u32| args.get(i);
        match method {
            "request" => self.request(arg(0)),
            "exec" => self.exec(&arg(0).as_string().unwrap_or_default()),
            "advance" => self.advance(&arg(0).as_string().unwrap_or_default()),
            "now" => Ok(self.now()),
            "events" => self.events(),
            "users" => self.users(),
            "exportState" => self.export_state(),
            "importState" => self.import_state(&arg(0).as_string().unwrap_or_default()),
            "reset" => self.reset(arg(0)),
            "compare" => self.compare(
                arg(0).as_string().unwrap_or_default(),
                arg(1).as_string().unwrap_or_default(),
            ),
            "setTheme" => super::theme::set(&arg(0)).map(|_| JsValue::TRUE),
            other => Err(error(format!("unknown method '{other}'"))),
        }
    }
}

/// A comparison as a plain object.
fn comparison(c: &byok_shell::docs::Comparison) -> Result<JsValue, JsValue> {
    let side = |l: &Option<byok_shell::docs::Line>| {
        l.as_ref()
            .map(|l| serde_json::json!({ "number": l.number, "text": l.text }))
    };
    let differences: Vec<serde_json::Value> = c
        .differences
        .iter()
        .map(|d| serde_json::json!({ "expected": side(&d.expected), "actual": side(&d.actual) }))
        .collect();
    to_js(&serde_json::json!({ "matches": c.matches, "differences": differences }))
}

/// A command line through the reducer's shell, answered as `{stdout, stderr, code}`; the host
/// hears that it ran.
fn exec_now(app: &Handle, input: &str) -> Result<JsValue, JsValue> {
    let answer = Rc::new(RefCell::new(None::<byok_shell::Output>));
    let slot = answer.clone();
    app.dispatch(Action::Exec {
        input: input.to_string(),
        reply: Callback::from(move |o| *slot.borrow_mut() = Some(o)),
    });
    let out = answer
        .borrow_mut()
        .take()
        .ok_or_else(|| error("the app did not answer"))?;
    outbox::push(Note::Command {
        line: input.to_string(),
        code: out.code,
    });
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"stdout".into(), &out.stdout.into());
    let _ = js_sys::Reflect::set(&object, &"stderr".into(), &out.stderr.into());
    let _ = js_sys::Reflect::set(&object, &"code".into(), &JsValue::from_f64(out.code as f64));
    Ok(object.into())
}

/// Tells the listeners about events that arrived since the last call, and returns them for an
/// embedding parent (`for_parent`). With neither, nothing is converted: a clock step can bring
/// thousands of events.
pub fn notify(api: &Api, for_parent: bool) -> Vec<JsValue> {
    let state = api.state();
    let sb = state.sb.borrow();
    let count = sb.event_count();
    let mut l = api.listeners.borrow_mut();
    let epoch = state.epoch();
    if l.epoch != epoch {
        l.epoch = epoch;
        if state.log.borrow().restarted {
            l.seen = 0;
        }
    }
    if l.seen > count {
        l.seen = 0;
    }
    if (l.callbacks.is_empty() && !for_parent) || l.seen == count {
        // Nobody to tell, or nothing new: nothing is converted.
        l.seen = count;
        return Vec::new();
    }
    let events = sb.events_after(l.seen);
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let Ok(value) = to_js(e) else { continue };
        for (_, f) in &l.callbacks {
            let _ = f.call1(&JsValue::NULL, &value);
        }
        if for_parent {
            out.push(value);
        }
    }
    l.seen = count;
    out
}

/// Installs `window.byokSandbox`. The closures live as long as the page.
pub fn install(api: Rc<Api>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let object = js_sys::Object::new();
    let method = |name: &str, f: JsValue| {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), &f);
    };
    macro_rules! expose {
        ($name:literal, $api:ident, || $body:expr) => {{
            let $api = api.clone();
            let f = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(move || $body);
            method($name, f.into_js_value());
        }};
        ($name:literal, $api:ident, |$($arg:ident: $ty:ty),*| $body:expr) => {{
            let $api = api.clone();
            let f = Closure::<dyn Fn($($ty),*) -> Result<JsValue, JsValue>>::new(move |$($arg: $ty),*| $body);
            method($name, f.into_js_value());
        }};
    }
    expose!("request", a, |req: JsValue| a.request(req));
    expose!("exec", a, |line: JsValue| a
        .exec(&line.as_string().unwrap_or_default()));
    expose!("advance", a, |d: JsValue| a
        .advance(&d.as_string().unwrap_or_default()));
    expose!("now", a, || Ok(a.now()));
    expose!("events", a, || a.events());
    expose!("users", a, || a.users());
    expose!("exportState", a, || a.export_state());
    expose!("importState", a, |text: JsValue| a
        .import_state(&text.as_string().unwrap_or_default()));
    expose!("reset", a, |seed: JsValue| a.reset(seed));
    expose!("compare", a, |expected: JsValue, actual: JsValue| a
        .compare(
            expected.as_string().unwrap_or_default(),
            actual.as_string().unwrap_or_default()
        ));
    expose!("on", a, |kind: JsValue, cb: JsValue| a
        .on(&kind.as_string().unwrap_or_default(), cb));
    expose!("off", a, |id: JsValue| Ok(
        a.off(id.as_f64().unwrap_or(-1.0))
    ));
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("byokSandbox"), &object);
}
