//! The app's one state: the live sandbox, the journal that replays it, who the user acts as, and
//! the clock's play setting. The reducer only calls the engine; storage lives in `crate::storage`.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use byok_engine::{Duration, Request, Response, Sandbox};
use byok_shell::journal::Journaled;
use byok_shell::scenario::{Step, StepResult};
use byok_shell::{Backend, Output, Shell};

use super::shell_chunk::{self, ShellChunk};
use crate::storage::persist;

/// What a command gets when the shell's chunk could not be fetched.
const SHELL_UNAVAILABLE: &str =
    "The terminal's shell could not be downloaded (offline, or the sandbox was updated since this tab opened it): reload the page to try again.\n";

pub use super::log::Log;
pub use byok_shell::journal::{Entry, Saved, FORMAT, VERSION};

/// A stored copy the app could not read: why, and its text to download.
#[derive(Debug, PartialEq)]
pub struct Damage {
    pub why: String,
    pub text: String,
    /// The copy is this sandbox's own journal (which can be discarded to start it over); otherwise
    /// it was set aside in the kept copies and the sandbox opened anyway.
    pub blocks_sandbox: bool,
}

/// Another sandbox for the app: a reset, an import, the choice made about a damaged copy.
pub struct Restart {
    pub sb: Sandbox,
    pub seed: u64,
    /// The journal that made `sb` (empty for a fresh sandbox).
    pub journal: Vec<Entry>,
}

impl Restart {
    pub fn fresh(seed: u64) -> Restart {
        Restart {
            sb: Sandbox::new(seed),
            seed,
            journal: Vec::new(),
        }
    }

    pub fn from_saved(saved: Saved) -> Result<Restart, String> {
        let sb = saved.replay()?;
        Ok(Restart {
            seed: sb.seed(),
            sb,
            journal: saved.journal,
        })
    }
}

pub struct AppState {
    /// The live sandbox. The cell stays for the app's life; another sandbox is swapped into it.
    pub sb: Rc<RefCell<Sandbox>>,
    pub log: Rc<RefCell<Log>>,
    /// The user the app acts as (a short name: alice, bob, ...).
    pub actor: String,
    /// Bumped by every change, so views know to look again.
    pub rev: u64,
    /// Simulated time per tick while the clock plays.
    pub playing: Option<Duration>,
    /// A stored copy that could not be read, kept until the user decides.
    pub damaged: Option<Rc<Damage>>,
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
            log: self.log.clone(),
            actor: self.actor.clone(),
            rev: self.rev,
            playing: self.playing,
            damaged: self.damaged.clone(),
            notice: self.notice.clone(),
            shell: self.shell.clone(),
        })
    }

    /// The app over `sb`, whose journal is `log`.
    pub fn new(sb: Sandbox, log: Log, actor: &str) -> AppState {
        let actor = if sb.user_by_name(actor).is_some() {
            actor.to_string()
        } else {
            "alice".into()
        };
        AppState {
            sb: Rc::new(RefCell::new(sb)),
            log: Rc::new(RefCell::new(log)),
            actor,
            rev: 0,
            playing: None,
            damaged: None,
            notice: None,
            shell: Rc::new(RefCell::new(Shell::new())),
        }
    }

    pub fn fresh(seed: u64) -> AppState {
        AppState::new(Sandbox::new(seed), Log::new(seed), "alice")
    }

    pub fn seed(&self) -> u64 {
        self.log.borrow().seed
    }

    /// Which sandbox the cell holds: views that index the event log start over when it changes.
    pub fn epoch(&self) -> u64 {
        self.log.borrow().epoch
    }

    /// The export (seed and whole journal); `None` while the stored journal is still being read.
    pub fn saved(&self) -> Option<Saved> {
        self.log.borrow().saved(&self.actor)
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
            log: self.log.clone(),
            actor,
            rev: self.rev + 1,
            playing,
            damaged: self.damaged.clone(),
            notice,
            shell: self.shell.clone(),
        })
    }

    /// Swaps another sandbox in; its journal replaces this one's in the store.
    fn restart(&self, r: Restart, actor: String) -> Rc<AppState> {
        *self.sb.borrow_mut() = r.sb;
        self.log.borrow_mut().restart(r.seed, r.journal);
        let known = self.sb.borrow().user_by_name(&actor).is_some();
        Rc::new(AppState {
            sb: self.sb.clone(),
            log: self.log.clone(),
            actor: if known { actor } else { "alice".into() },
            rev: self.rev + 1,
            playing: None,
            damaged: None,
            notice: self.notice.clone(),
            shell: self.shell.clone(),
        })
    }

    /// Runs `work` with the shell, as the current user, against the journaled sandbox; then follows
    /// the shell's user and, if a command asked for it, starts a new sandbox. The shell's code is
    /// in a chunk (`split`): the terminal, the tours and the JS API wait for it, so it is here
    /// unless it could not be fetched, and then `reply` gets `unavailable` and nothing changes.
    fn with_shell<T>(
        self: Rc<Self>,
        work: impl FnOnce(ShellChunk, &mut Shell, &mut dyn Backend) -> T,
        unavailable: impl FnOnce() -> T,
        reply: impl FnOnce(T),
    ) -> Rc<Self> {
        let Some(chunk) = shell_chunk::shell() else {
            reply(unavailable());
            return self;
        };
        let (result, reset, actor) = {
            let mut shell = self.shell.borrow_mut();
            shell.set_user(&self.actor);
            let mut sb = self.sb.borrow_mut();
            let mut log = self.log.borrow_mut();
            let mut backend = Journaled {
                sb: &mut sb,
                journal: &mut log.pending,
                reset: None,
            };
            let result = work(chunk, &mut shell, &mut backend);
            (result, backend.reset, shell.user().to_string())
        };
        reply(result);
        match reset {
            Some(seed) => {
                let seed = seed.unwrap_or_else(persist::random_seed);
                self.restart(Restart::fresh(seed), actor)
            }
            None => self.changed(self.playing, actor, self.notice.clone()),
        }
    }

    fn advance(&self, d: Duration) {
        if d.0 <= 0 {
            return;
        }
        self.sb.borrow_mut().advance(d);
        self.log.borrow_mut().advance(d.0);
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
    /// Another sandbox: reset, import, or the choice made about a damaged stored copy.
    Replace(Box<Restart>),
    /// Entries another tab or embed wrote, which the store now holds after `from`: applied in
    /// order if this tab is exactly at `from` with nothing of its own waiting (otherwise the
    /// session rebases instead).
    Catchup {
        from: u64,
        entries: Vec<Entry>,
    },
    /// The sandbox as the store holds it after `stored` entries (of `generation`), read afresh
    /// because another tab wrote first: this tab's waiting entries are applied again on top of it,
    /// in their order, so none is lost.
    Rebase {
        sb: Box<Sandbox>,
        stored: u64,
        generation: u64,
    },
    Notice(Option<String>),
    /// The reader has seen the note about a damaged copy (which stays in the kept copies).
    ClearDamaged,
    /// Something outside the reducer changed what views show (the sandbox's name): draw again.
    Redraw,
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
                self.log
                    .borrow_mut()
                    .pending
                    .push(Entry::Request { request: req });
                reply.emit(response);
                self.changed(self.playing, self.actor.clone(), self.notice.clone())
            }
            Action::Exec { input, reply } => self.with_shell(
                |chunk, shell, backend| (chunk.exec)(shell, backend, &input),
                || Output {
                    stdout: String::new(),
                    stderr: SHELL_UNAVAILABLE.into(),
                    code: 1,
                },
                |out| reply.emit(out),
            ),
            Action::RunStep { step, reply } => self.with_shell(
                |chunk, shell, backend| (chunk.run_step)(shell, backend, &step),
                || StepResult {
                    transcript: SHELL_UNAVAILABLE.into(),
                    deviations: vec![SHELL_UNAVAILABLE.trim_end().into()],
                },
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
            Action::Replace(r) => self.restart(*r, self.actor.clone()),
            Action::Catchup { from, entries } => {
                let in_step = {
                    let log = self.log.borrow();
                    log.stored == from && log.pending.is_empty() && !log.restarted
                };
                if !in_step {
                    return self;
                }
                {
                    let mut log = self.log.borrow_mut();
                    let mut sb = self.sb.borrow_mut();
                    for e in &entries {
                        // Entries in the store were applied once already; one that fails now
                        // failed then too, and the store's order is what counts.
                        let _ = e.apply(&mut sb);
                    }
                    log.stored += entries.len() as u64;
                    if let Some(h) = log.history.as_mut() {
                        h.extend(entries.iter().map(Entry::to_text));
                    }
                }
                self.changed(self.playing, self.actor.clone(), self.notice.clone())
            }
            Action::Rebase {
                sb,
                stored,
                generation,
            } => {
                let mut sb = *sb;
                {
                    let mut log = self.log.borrow_mut();
                    for e in &log.pending {
                        let _ = e.apply(&mut sb);
                    }
                    log.stored = stored;
                    log.generation = generation;
                    log.writing = 0;
                    log.epoch += 1;
                }
                *self.sb.borrow_mut() = sb;
                self.changed(self.playing, self.actor.clone(), self.notice.clone())
            }
            Action::Notice(n) => self.changed(self.playing, self.actor.clone(), n),
            Action::Redraw => self.changed(self.playing, self.actor.clone(), self.notice.clone()),
            Action::ClearDamaged => Rc::new(AppState {
                sb: self.sb.clone(),
                log: self.log.clone(),
                actor: self.actor.clone(),
                rev: self.rev + 1,
                playing: self.playing,
                damaged: None,
                notice: self.notice.clone(),
                shell: self.shell.clone(),
            }),
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
