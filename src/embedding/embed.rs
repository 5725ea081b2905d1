//! The app in another page's iframe: the postMessage protocol, and who may use it.
//!
//! By default only pages of the app's own origin may drive it. A deployer allows more origins in
//! `sandbox.json`, a file beside index.html: `{"allowedOrigins": ["https://docs.example.com"]}`
//! (exact origins: scheme, host and port). The app reads it once at start; until it has, messages
//! from other origins wait (at most 64), then go through or are dropped. A message from an origin
//! that is not allowed is ignored, and said once per origin in the browser's console. Replies go
//! to the origin that asked, events to the embedding page's origin if it is allowed: never `*`.
//! That page also hears the app's height whenever it changes (`byok-sandbox-size`, so the frame can
//! take its content's height), each command line run (`byok-sandbox-command`) and each tour step
//! reached, passed or failed (`byok-sandbox-step`), from `outbox`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::jsapi::Api;
use super::outbox::{self, Note};
use crate::storage::persist;

/// The file a deployer lists allowed origins in, beside index.html.
pub const CONFIG: &str = "sandbox.json";
const QUEUE_LIMIT: usize = 64;

#[derive(Default)]
pub struct Origins {
    own: String,
    /// The origins `sandbox.json` allows; `None` until it has been read.
    allowed: Option<BTreeSet<String>>,
    waiting: Vec<web_sys::MessageEvent>,
    warned: BTreeSet<String>,
    /// The embedding page's origin, once known and allowed.
    parent: Option<String>,
    ready_sent: bool,
}

impl Origins {
    fn allows(&self, origin: &str) -> Option<bool> {
        if origin == self.own {
            return Some(true);
        }
        self.allowed.as_ref().map(|a| a.contains(origin))
    }
}

/// The origins `sandbox.json` lists, or why it could not be read (a missing file allows none).
pub fn parse_config(text: &str) -> Result<BTreeSet<String>, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("it is not JSON ({e})"))?;
    let list = v
        .get("allowedOrigins")
        .and_then(|l| l.as_array())
        .ok_or("it has no \"allowedOrigins\" list")?;
    list.iter()
        .map(|o| {
            let o = o.as_str().ok_or("an allowed origin is not a string")?;
            let o = o.trim_end_matches('/');
            if o == "*" {
                return Err("\"*\" is not allowed: list each origin".to_string());
            }
            Ok(o.to_string())
        })
        .collect()
}

fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(text));
}

/// Whether the app runs in another page's frame.
pub fn embedded() -> bool {
    embedding_parent().is_some()
}

fn embedding_parent() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    // Not embedded: the parent is the window itself.
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// The embedding page's origin as the browser reports it (Chromium and Safari:
/// `location.ancestorOrigins`; otherwise the referrer's origin).
fn parent_origin_hint() -> Option<String> {
    let window = web_sys::window()?;
    let location = js_sys::Reflect::get(&window, &"location".into()).ok()?;
    if let Ok(list) = js_sys::Reflect::get(&location, &"ancestorOrigins".into()) {
        if let Some(first) = js_sys::Reflect::get(&list, &"0".into())
            .ok()
            .and_then(|o| o.as_string())
        {
            return Some(first);
        }
    }
    let referrer = window.document()?.referrer();
    let url = web_sys::Url::new(&referrer).ok()?;
    Some(url.origin())
}

fn post(target: &web_sys::Window, message: &JsValue, origin: &str) {
    if origin == "null" {
        return;
    }
    let _ = target.post_message(message, origin);
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// Starts listening for the host's messages, reads `sandbox.json`, and returns the shared policy.
pub fn install(api: Rc<Api>, sandbox: String) -> Rc<RefCell<Origins>> {
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let origins = Rc::new(RefCell::new(Origins {
        own,
        ..Origins::default()
    }));
    let Some(window) = web_sys::window() else {
        return origins;
    };
    {
        let (api, origins) = (api.clone(), origins.clone());
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                receive(&api, &origins, e);
            });
        let _ =
            window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        on_message.forget();
    }
    let (api2, origins2) = (api, origins.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let allowed = match persist::fetch_text(CONFIG).await {
            Ok(text) => parse_config(&text).unwrap_or_else(|why| {
                warn(&format!("byok-sandbox: {CONFIG} is ignored: {why}. Only this page's own origin may drive the sandbox."));
                BTreeSet::new()
            }),
            // No file: only the app's own origin.
            Err(_) => BTreeSet::new(),
        };
        let waiting = {
            let mut o = origins2.borrow_mut();
            o.allowed = Some(allowed);
            std::mem::take(&mut o.waiting)
        };
        for e in waiting {
            receive(&api2, &origins2, e);
        }
        announce_ready(&origins2, &sandbox);
        report_to_parent(&origins2);
    });
    origins
}

/// The embedding page and its origin, once that origin is known and allowed.
fn parent_target(origins: &Rc<RefCell<Origins>>) -> Option<(web_sys::Window, String)> {
    let parent = embedding_parent()?;
    let mut o = origins.borrow_mut();
    if o.parent.is_none() {
        o.parent = parent_origin_hint().filter(|h| o.allows(h) == Some(true));
    }
    Some((parent, o.parent.clone()?))
}

/// From now on the embedding page hears the app's height whenever it changes, and the outbox's
/// notes as they come (those that waited first).
fn report_to_parent(origins: &Rc<RefCell<Origins>>) {
    let Some((parent, origin)) = parent_target(origins) else {
        return;
    };
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let Some(body) = body {
        let (parent, origin, last) = (parent.clone(), origin.clone(), std::cell::Cell::new(-1));
        let element = body.clone();
        let send = Closure::<dyn Fn()>::new(move || {
            let height = element.offset_height();
            if height != last.replace(height) {
                let message = object(&[
                    ("type", "byok-sandbox-size".into()),
                    ("height", JsValue::from_f64(f64::from(height))),
                ]);
                post(&parent, &message, &origin);
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(send.as_ref().unchecked_ref()) {
            observer.observe(&body);
        }
        // The page's lifetime: the observer keeps calling it.
        send.forget();
    }
    outbox::listen(move |note| {
        let message = match note {
            Note::Command { line, code } => object(&[
                ("type", "byok-sandbox-command".into()),
                ("line", line.as_str().into()),
                ("code", JsValue::from_f64(f64::from(*code))),
            ]),
            Note::Step {
                scenario,
                step,
                status,
                reason,
            } => object(&[
                ("type", "byok-sandbox-step".into()),
                ("scenario", scenario.as_str().into()),
                ("step", JsValue::from_f64(*step as f64)),
                ("status", status.name().into()),
                (
                    "reason",
                    reason
                        .as_deref()
                        .map_or(JsValue::UNDEFINED, JsValue::from_str),
                ),
            ]),
        };
        post(&parent, &message, &origin);
    });
}

/// Tells an allowed embedding page that the sandbox is ready for messages.
fn announce_ready(origins: &Rc<RefCell<Origins>>, sandbox: &str) {
    if origins.borrow().ready_sent {
        return;
    }
    let Some((parent, origin)) = parent_target(origins) else {
        return;
    };
    origins.borrow_mut().ready_sent = true;
    let message = object(&[
        ("type", "byok-sandbox-ready".into()),
        ("sandbox", sandbox.into()),
    ]);
    post(&parent, &message, &origin);
}

fn receive(api: &Rc<Api>, origins: &Rc<RefCell<Origins>>, e: web_sys::MessageEvent) {
    let data = e.data();
    let field = |name: &str| {
        js_sys::Reflect::get(&data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    if field("type").as_string().as_deref() != Some("byok-sandbox") {
        return;
    }
    let origin = e.origin();
    {
        let mut o = origins.borrow_mut();
        match o.allows(&origin) {
            Some(true) => {}
            None => {
                if o.waiting.len() < QUEUE_LIMIT {
                    o.waiting.push(e);
                }
                return;
            }
            Some(false) => {
                if o.warned.insert(origin.clone()) {
                    warn(&format!("byok-sandbox: ignored messages from {origin}: only this page's own origin and the origins listed in {CONFIG} may drive the sandbox."));
                }
                return;
            }
        }
        // The embedding page spoke: its events go to its origin.
        if let (Some(parent), Some(source)) = (embedding_parent(), e.source()) {
            if js_sys::Object::is(&parent, &source) {
                o.parent = Some(origin.clone());
            }
        }
    }
    let args: js_sys::Array = field("args").dyn_into().unwrap_or_default();
    let id = field("id");
    let result = api.call(&field("method").as_string().unwrap_or_default(), &args);
    // The source is the host's window, from another realm: `instanceof Window` would fail there.
    let Some(source) = e.source() else { return };
    let source: web_sys::Window = source.unchecked_into();
    let reply = move |result: Result<JsValue, JsValue>| {
        let message = match result {
            Ok(v) => object(&[
                ("type", "byok-sandbox-reply".into()),
                ("id", id.clone()),
                ("result", v),
            ]),
            Err(err) => {
                let msg = js_sys::Reflect::get(&err, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .or_else(|| err.as_string())
                    .unwrap_or_else(|| format!("{err:?}"));
                object(&[
                    ("type", "byok-sandbox-reply".into()),
                    ("id", id.clone()),
                    ("error", JsValue::from_str(&msg)),
                ])
            }
        };
        post(&source, &message, &origin);
    };
    match result {
        // A promise (an export while the journal is still being read): reply when it settles.
        Ok(v) if v.is_instance_of::<js_sys::Promise>() => {
            let p: js_sys::Promise = v.unchecked_into();
            wasm_bindgen_futures::spawn_local(async move {
                reply(wasm_bindgen_futures::JsFuture::from(p).await);
            });
        }
        other => reply(other),
    }
}

/// Sends new events to the embedding page, if its origin is known and allowed.
pub fn forward(origins: &Rc<RefCell<Origins>>, events: &[JsValue]) {
    if events.is_empty() {
        return;
    }
    let Some((parent, origin)) = parent_target(origins) else {
        return;
    };
    for value in events {
        let message = object(&[
            ("type", "byok-sandbox-event".into()),
            ("event", value.clone()),
        ]);
        post(&parent, &message, &origin);
    }
}
