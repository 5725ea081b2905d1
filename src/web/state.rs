//! The app's one state: the live sandbox, the journal that replays it, who the user acts as, and
//! the clock's play setting. The reducer only calls the engine; storage lives in `persist`.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use yew::prelude::*;

use crate::cli::{Backend, Output, Shell};
use crate::engine::{Duration, Request, Response, Sandbox};
use crate::scenario::{self, Step, StepResult};

/// One input to the sandbox, in the order it happened: the sandbox is its seed plus these.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    Request { request: Request },
    Advance { seconds: i64 },
}

/// What the app keeps in browser storage and in exported files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub format: String,
    pub version: u32,
    /// A decimal string: seeds go up to 2^64, past what a JSON number holds exactly.
    pub seed: String,
    pub actor: String,
    pub journal: Vec<Entry>,
}

pub const FORMAT: &str = "byok-sandbox";
pub const VERSION: u32 = 1;

impl Saved {
    /// Reads a saved or exported sandbox, refusing files of another format or version with a
    /// message that says which.
    pub fn parse(text: &str) -> Result<Saved, String> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("this is not a sandbox file: it is not JSON ({e})"))?;
        match value.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(format!(
                    "this is not a byok-sandbox file: its format is '{other}'"
                ))
            }
            None => {
                return Err("this is not a byok-sandbox file: it has no \"format\" field".into())
            }
        }
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v == VERSION as u64 => {}
            Some(v) => {
                return Err(format!(
                    "this sandbox file is version {v}; this app reads version {VERSION}"
                ))
            }
            None => return Err("this sandbox file has no version".into()),
        }
        serde_json::from_value(value).map_err(|e| format!("this sandbox file is damaged: {e}"))
    }

    /// The sandbox the journal describes.
    pub fn replay(&self) -> Result<Sandbox, String> {
        let seed: u64 = self
            .seed
            .parse()
            .map_err(|_| format!("the seed '{}' is not a number", self.seed))?;
        let mut sb = Sandbox::new(seed);
        for entry in &self.journal {
            match entry {
                Entry::Request { request } => {
                    sb.request(request);
                }
                Entry::Advance { seconds } if *seconds >= 0 => {
                    sb.advance(Duration::seconds(*seconds))
                }
                Entry::Advance { seconds } => {
                    return Err(format!(
                        "the journal moves the clock backwards ({seconds} s)"
                    ))
                }
            }
        }
        Ok(sb)
    }
}

pub struct AppState {
    pub sb: Rc<RefCell<Sandbox>>,
    pub journal: Rc<RefCell<Vec<Entry>>>,
    pub seed: u64,
    /// The user the app acts as (a short name: alice, bob, ...).
    pub actor: String,
    /// Bumped by every change, so views know to look again.
    pub rev: u64,
    /// Simulated time per tick while the clock plays.
    pub playing: Option<Duration>,
    /// A stored sandbox that could not be read, kept until the user decides.
    pub damaged: Option<Rc<(String, String)>>,
    pub notice: Option<String>,
    /// The terminal's shell (variables, history); not saved, like a real terminal's.
    pub shell: Rc<RefCell<Shell>>,
}

/// The terminal's and the scenarios' backend inside the reducer: the sandbox, with every request
/// and clock step written to the journal as the app's own are. A reset is left to the reducer.
struct Journaled<'a> {
    sb: &'a mut Sandbox,
    journal: &'a mut Vec<Entry>,
    reset: Option<Option<u64>>,
}

impl Backend for Journaled<'_> {
    fn sandbox(&self) -> &Sandbox {
        self.sb
    }

    fn request(&mut self, req: &Request) -> Response {
        self.journal.push(Entry::Request {
            request: req.clone(),
        });
        self.sb.request(req)
    }

    fn advance(&mut self, d: Duration) {
        if d.0 > 0 {
            self.journal.push(Entry::Advance { seconds: d.0 });
        }
        self.sb.advance(d);
    }

    fn reset(&mut self, seed: Option<u64>) {
        self.reset = Some(seed);
    }
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.rev == other.rev
            && self.actor == other.actor
            && self.playing == other.playing
            && self.damaged == other.damaged
            && self.notice == other.notice
            && Rc::ptr_eq(&self.sb, &other.sb)
    }
}

impl AppState {
    /// A handle on the same sandbox and journal (cheap: they are shared).
    pub fn clone_rc(&self) -> Rc<AppState> {
        Rc::new(AppState {
            sb: self.sb.clone(),
            journal: self.journal.clone(),
            seed: self.seed,
            actor: self.actor.clone(),
            rev: self.rev,
            playing: self.playing,
            damaged: self.damaged.clone(),
            notice: self.notice.clone(),
            shell: self.shell.clone(),
        })
    }

    pub fn fresh(seed: u64) -> AppState {
        AppState {
            sb: Rc::new(RefCell::new(Sandbox::new(seed))),
            journal: Rc::new(RefCell::new(Vec::new())),
            seed,
            actor: "alice".into(),
            rev: 0,
            playing: None,
            damaged: None,
            notice: None,
            shell: Rc::new(RefCell::new(Shell::new())),
        }
    }

    pub fn from_saved(saved: Saved) -> Result<AppState, String> {
        let sb = saved.replay()?;
        let actor = if sb.user_by_name(&saved.actor).is_some() {
            saved.actor.clone()
        } else {
            "alice".into()
        };
        Ok(AppState {
            seed: sb.seed(),
            sb: Rc::new(RefCell::new(sb)),
            journal: Rc::new(RefCell::new(saved.journal)),
            actor,
            rev: 0,
            playing: None,
            damaged: None,
            notice: None,
            shell: Rc::new(RefCell::new(Shell::new())),
        })
    }

    pub fn saved(&self) -> Saved {
        Saved {
            format: FORMAT.into(),
            version: VERSION,
            seed: self.seed.to_string(),
            actor: self.actor.clone(),
            journal: self.journal.borrow().clone(),
        }
    }

    /// A request as the current user, with the headers a real client would send.
    pub fn build_request(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        instance: Option<&str>,
    ) -> Request {
        let sb = self.sb.borrow();
        let mut req = Request::new(method, path);
        if let Some(user) = sb.user_by_name(&self.actor) {
            req = req.header("authorization", &format!("Bearer {}", user.token));
        }
        if path.starts_with("/api/v2") {
            let guid = instance
                .map(str::to_string)
                .or_else(|| sb.instances().first().map(|i| i.guid.clone()));
            if let Some(g) = guid {
                req = req.header("bluemix-instance", &g);
            }
        }
        req.body = body;
        req
    }

    fn changed(
        &self,
        playing: Option<Duration>,
        actor: String,
        notice: Option<String>,
    ) -> Rc<AppState> {
        Rc::new(AppState {
            sb: self.sb.clone(),
            journal: self.journal.clone(),
            seed: self.seed,
            actor,
            rev: self.rev + 1,
            playing,
            damaged: self.damaged.clone(),
            notice,
            shell: self.shell.clone(),
        })
    }

    /// Runs `work` with the shell, as the current user, against the journaled sandbox; then follows
    /// the shell's user and, if a command asked for it, starts a new sandbox.
    fn with_shell<T>(
        self: Rc<Self>,
        work: impl FnOnce(&mut Shell, &mut dyn Backend) -> T,
        reply: impl FnOnce(T),
    ) -> Rc<Self> {
        let (result, reset, actor) = {
            let mut shell = self.shell.borrow_mut();
            shell.set_user(&self.actor);
            let (mut sb, mut journal) = (self.sb.borrow_mut(), self.journal.borrow_mut());
            let mut backend = Journaled {
                sb: &mut sb,
                journal: &mut journal,
                reset: None,
            };
            let result = work(&mut shell, &mut backend);
            (result, backend.reset, shell.user().to_string())
        };
        reply(result);
        match reset {
            Some(seed) => {
                let fresh = AppState::fresh(seed.unwrap_or_else(super::persist::random_seed));
                Rc::new(AppState {
                    rev: self.rev + 1,
                    shell: self.shell.clone(),
                    actor,
                    ..fresh
                })
            }
            None => self.changed(self.playing, actor, self.notice.clone()),
        }
    }

    fn advance(&self, d: Duration) {
        if d.0 <= 0 {
            return;
        }
        self.sb.borrow_mut().advance(d);
        let mut journal = self.journal.borrow_mut();
        // Consecutive clock steps are one entry, so playing the clock does not grow the journal.
        if let Some(Entry::Advance { seconds }) = journal.last_mut() {
            *seconds += d.0;
        } else {
            journal.push(Entry::Advance { seconds: d.0 });
        }
    }
}

pub enum Action {
    /// A request to any of the sandbox's APIs as the current user; the answer goes to `reply`.
    Call {
        method: String,
        path: String,
        body: Option<Value>,
        instance: Option<String>,
        reply: Callback<Response>,
    },
    /// A request as given (the JS API and postMessage fill in missing headers before).
    Send {
        req: Request,
        reply: Callback<Response>,
    },
    /// A line (or a multi-line paste) for the `ibmcloud` terminal.
    Exec {
        input: String,
        reply: Callback<Output>,
    },
    /// A guided scenario's step, run for the user.
    RunStep {
        step: Box<Step>,
        reply: Callback<StepResult>,
    },
    Advance(Duration),
    AdvanceToNext,
    ActAs(String),
    Play(Option<Duration>),
    /// A whole new state: reset, import, or the choice made about a damaged stored copy.
    Replace(Rc<AppState>),
    Notice(Option<String>),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Call {
                method,
                path,
                body,
                instance,
                reply,
            } => {
                let req = self.build_request(&method, &path, body, instance.as_deref());
                let response = self.sb.borrow_mut().request(&req);
                self.journal
                    .borrow_mut()
                    .push(Entry::Request { request: req });
                reply.emit(response);
                self.changed(self.playing, self.actor.clone(), self.notice.clone())
            }
            Action::Send { req, reply } => {
                let response = self.sb.borrow_mut().request(&req);
                self.journal
                    .borrow_mut()
                    .push(Entry::Request { request: req });
                reply.emit(response);
                self.changed(self.playing, self.actor.clone(), self.notice.clone())
            }
            Action::Exec { input, reply } => self.with_shell(
                |shell, backend| shell.exec(backend, &input),
                |out| reply.emit(out),
            ),
            Action::RunStep { step, reply } => self.with_shell(
                |shell, backend| scenario::run_step(shell, backend, &step),
                |r| reply.emit(r),
            ),
            Action::Advance(d) => {
                self.advance(d);
                self.changed(self.playing, self.actor.clone(), self.notice.clone())
            }
            Action::AdvanceToNext => {
                let next = self.sb.borrow().next_due();
                match next {
                    Some(t) => {
                        let d = t - self.sb.borrow().now();
                        self.advance(d);
                        self.changed(self.playing, self.actor.clone(), self.notice.clone())
                    }
                    None => self,
                }
            }
            Action::ActAs(name) if name != self.actor => {
                self.changed(self.playing, name, self.notice.clone())
            }
            Action::ActAs(_) => self,
            Action::Play(p) if p != self.playing => {
                self.changed(p, self.actor.clone(), self.notice.clone())
            }
            Action::Play(_) => self,
            Action::Replace(state) => state,
            Action::Notice(n) => self.changed(self.playing, self.actor.clone(), n),
        }
    }
}

/// The handle components share through context.
pub type Handle = UseReducerHandle<AppState>;

/// The app's state and dispatcher, for components below the root.
#[hook]
pub fn use_app() -> Handle {
    use_context::<Handle>().expect("components live inside the app's context")
}
