//! The engine as a JavaScript class, `Sandbox`, for pages, notebooks and outside test suites.
//!
//! ```js
//! import init, { Sandbox } from "./byok_sandbox.js";
//! await init();
//! const sb = new Sandbox(42);
//! const alice = sb.users()[0];
//! const res = sb.request({ method: "GET", path: "/api/v2/keys",
//!   headers: { authorization: `Bearer ${alice.token}`, "bluemix-instance": sb.instances()[0].guid } });
//! sb.advance("9d");
//! ```
//! Values cross as plain objects (serde-wasm-bindgen, JSON-compatible).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use byok_engine::{Duration, Request};
use byok_shell::journal::{Entry, Journaled, Saved, FORMAT, VERSION};
use byok_shell::Shell;

#[wasm_bindgen]
pub struct Sandbox {
    inner: byok_engine::Sandbox,
    /// Every input so far, for `exportState` (the same format as the app's export).
    journal: Vec<Entry>,
    /// The `ibmcloud` shell `exec` runs in.
    shell: Shell,
    /// `on("event", callback)` listeners, and how many events they have heard of.
    listeners: Vec<(u32, js_sys::Function)>,
    next_listener: u32,
    heard: usize,
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl Sandbox {
    /// A new sandbox. `seed` (a number or a BigInt) fixes every id, key and nonce; without one the
    /// seed comes from the platform's random source.
    #[wasm_bindgen(constructor)]
    pub fn new(seed: JsValue) -> Result<Sandbox, JsError> {
        let seed = if seed.is_undefined() || seed.is_null() {
            random_seed()?
        } else if let Some(n) = seed.as_f64() {
            if n < 0.0 || n.fract() != 0.0 || n > 9_007_199_254_740_991.0 {
                return Err(JsError::new(
                    "the seed must be a non-negative integer (use a BigInt above 2^53)",
                ));
            }
            n as u64
        } else if seed.is_bigint() {
            u64::try_from(seed)
                .map_err(|_| JsError::new("the seed must be a BigInt from 0 to 2^64-1"))?
        } else {
            return Err(JsError::new("the seed must be a number or a BigInt"));
        };
        Ok(Sandbox::with(byok_engine::Sandbox::new(seed), Vec::new()))
    }

    /// The seed this sandbox was made with, as a BigInt-safe decimal string.
    pub fn seed(&self) -> String {
        self.inner.seed().to_string()
    }

    /// Sends one Key Protect API request: `{method, path, headers, body}` where `body` is a JSON
    /// value, a string of JSON text, or absent. Answers `{status, headers, body}` (body `null` when empty).
    pub fn request(&mut self, request: JsValue) -> Result<JsValue, JsError> {
        let req: Request = serde_wasm_bindgen::from_value(request).map_err(|e| {
            JsError::new(&format!(
                "a request is {{method, path, headers, body}}: {e}"
            ))
        })?;
        let response = self.inner.request(&req);
        self.journal.push(Entry::Request { request: req });
        self.notify();
        to_js(&response)
    }

    /// Runs an `ibmcloud` command line (or a multi-line paste, stopping at the first failure), as the
    /// terminal page does. Answers `{stdout, stderr, code}`.
    pub fn exec(&mut self, line: &str) -> Result<JsValue, JsError> {
        let mut backend = Journaled {
            sb: &mut self.inner,
            journal: &mut self.journal,
            reset: None,
        };
        let out = self.shell.exec(&mut backend, line);
        if let Some(seed) = backend.reset {
            let seed = match seed {
                Some(s) => s,
                None => random_seed()?,
            };
            *self = Sandbox::with(
                byok_engine::Sandbox::new(seed),
                std::mem::take(&mut self.listeners),
            );
        }
        self.notify();
        to_js(&serde_json::json!({ "stdout": out.stdout, "stderr": out.stderr, "code": out.code }))
    }

    /// The sandbox as a file's text: its seed and the journal of inputs, as the app exports it.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<String, JsError> {
        let saved = Saved {
            format: FORMAT.into(),
            version: VERSION,
            seed: self.inner.seed().to_string(),
            actor: self.shell.user().to_string(),
            journal: self.journal.clone(),
        };
        serde_json::to_string(&saved).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Replaces this sandbox with an exported one; a file of another format or version is refused
    /// with a message and changes nothing.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(&mut self, text: &str) -> Result<(), JsError> {
        let saved = Saved::parse(text).map_err(|e| JsError::new(&e))?;
        let sb = saved.replay().map_err(|e| JsError::new(&e))?;
        let listeners = std::mem::take(&mut self.listeners);
        *self = Sandbox::with(sb, listeners);
        self.journal = saved.journal;
        self.heard = self.inner.event_count();
        Ok(())
    }

    /// Starts over with a new sandbox (a random seed when none is given); listeners stay.
    pub fn reset(&mut self, seed: JsValue) -> Result<String, JsError> {
        let fresh = Sandbox::new(seed)?;
        let listeners = std::mem::take(&mut self.listeners);
        *self = Sandbox::with(fresh.inner, listeners);
        Ok(self.inner.seed().to_string())
    }

    /// `on("event", callback)`: the callback hears every new activity event; returns an id for `off`.
    pub fn on(&mut self, kind: &str, callback: js_sys::Function) -> Result<u32, JsError> {
        if kind != "event" {
            return Err(JsError::new(&format!(
                "unknown kind '{kind}': the sandbox reports \"event\""
            )));
        }
        self.next_listener += 1;
        self.listeners.push((self.next_listener, callback));
        Ok(self.next_listener)
    }

    pub fn off(&mut self, id: u32) {
        self.listeners.retain(|(i, _)| *i != id);
    }

    /// Moves the virtual clock forward ("30s", "4h", "9d", "1d12h"), doing every scheduled item
    /// that falls due in order. Returns the new time.
    pub fn advance(&mut self, duration: &str) -> Result<String, JsError> {
        let d = Duration::parse(duration).map_err(|e| JsError::new(&e))?;
        self.inner.advance(d);
        if d.0 > 0 {
            self.journal.push(Entry::Advance { seconds: d.0 });
        }
        self.notify();
        Ok(self.inner.now().to_string())
    }

    /// The virtual clock's time, RFC 3339.
    pub fn now(&self) -> String {
        self.inner.now().to_string()
    }

    /// Every activity event so far, oldest first.
    pub fn events(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.events())
    }

    /// The account's users with their roles and bearer tokens, and the stand-in service's token.
    pub fn users(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.users())
    }

    /// The bearer token of the sandbox's resource service, which may register resources on keys.
    #[wasm_bindgen(js_name = serviceToken)]
    pub fn service_token(&self) -> String {
        self.inner.service_token()
    }

    /// The Key Protect instances (guid, name, region, crn).
    pub fn instances(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.instances())
    }

    /// Scheduled work that still applies, soonest first.
    pub fn pending(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.pending())
    }

    /// Every Cloud Databases deployment that exists (reclaimable ones included), as Resource
    /// Controller and Cloud Databases show it, with its state and, when disabled, the reason.
    pub fn deployments(&self) -> Result<JsValue, JsError> {
        let views: Vec<_> = self
            .inner
            .deployments()
            .map(|d| self.inner.deployment_view(d))
            .collect();
        to_js(&views)
    }

    /// The IAM service-to-service authorizations.
    pub fn authorizations(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.authorizations())
    }

    /// The reclamations of soft-deleted deployments.
    pub fn reclamations(&self) -> Result<JsValue, JsError> {
        let all: Vec<_> = self.inner.reclamations().collect();
        to_js(&all)
    }

    /// The sandbox's timings: reclamation period, provisioning time, propagation delay.
    pub fn timings(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.timings())
    }
}

impl Sandbox {
    fn with(inner: byok_engine::Sandbox, listeners: Vec<(u32, js_sys::Function)>) -> Sandbox {
        let heard = inner.event_count();
        Sandbox {
            inner,
            journal: Vec::new(),
            shell: Shell::new(),
            listeners,
            next_listener: 0,
            heard,
        }
    }

    /// Calls the listeners with the events logged since they last heard.
    fn notify(&mut self) {
        let events = self.inner.events();
        if self.listeners.is_empty() {
            self.heard = events.len();
            return;
        }
        for e in &events[self.heard.min(events.len())..] {
            if let Ok(value) = to_js(e) {
                for (_, f) in &self.listeners {
                    let _ = f.call1(&JsValue::NULL, &value);
                }
            }
        }
        self.heard = events.len();
    }
}

fn random_seed() -> Result<u64, JsError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| JsError::new(&format!("no random source for a seed: {e}")))?;
    Ok(u64::from_le_bytes(bytes))
}

/// Runs every benchmark of `byok_engine::bench` and `byok_timeline::bench` once, timed by `performance.now()`, and answers the figures
/// as `[{name, value, unit}]`. Only in builds with the `bench` feature (scripts/bench.sh), and only
/// for wasm32: web-sys is a wasm32-only dependency, so a native `--all-features` build still compiles.
#[cfg(all(feature = "bench", target_arch = "wasm32"))]
#[wasm_bindgen(js_name = runBenchmarks)]
pub fn run_benchmarks() -> Result<JsValue, JsError> {
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| {
            JsError::new("runBenchmarks needs a browser window with performance.now()")
        })?;
    let mut clock = move || performance.now();
    let mut figures = byok_engine::bench::all(&mut clock);
    figures.extend(byok_timeline::bench::timeline_step(&mut clock));
    to_js(&figures)
}
