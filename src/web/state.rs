//! The app's one state: the live sandbox, the journal that replays it, who the user acts as, and
//! the clock's play setting. The reducer only calls the engine; storage lives in `persist`.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::cli::{Backend, Output, Shell};
use crate::engine::{Duration, Request, Response, Sandbox};
use crate::journal::Journaled;
use crate::scenario::{self, Step, StepResult};

pub use crate::journal::{Entry, Saved, FORMAT, VERSION};

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
                self.reduce(Action::Send { req, reply })
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
