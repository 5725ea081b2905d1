//! The `ibmcloud` terminal: a small POSIX-like shell whose commands (`ibmcloud kp ...`,
//! `ibmcloud iam ...`, `ibmcloud resource ...`, `sandbox ...`) are a face over the request API, so
//! every command is one or more `request`s as the current user, answered in the real CLI's formats.
//!
//! The shell knows nothing of the browser: the app implements [`Backend`] over its reducer (so each
//! request is journaled), tests and headless users use the plain [`byok_engine::Sandbox`]
//! implementation.
//!
//! The rooms, each using only those below it: this file (the [`Shell`]: a paste to commands) ->
//! `script` (the grammar) and `run` (expansion, pipes, lists) -> `command` (one command's first
//! word to its handler) ->
//! `ibmcloud` (the command groups) and `sandbox` -> `kp/`, `iam`, `resource` (one group's
//! handlers; `platform` holds the answer forms IAM and Resource Controller share) -> `session`
//! (state and [`Ctx`](session::Ctx)), `spec` (the command table), `args`, `fmt`, `backend`, `output`.
//! Beside them: `journal` (a sandbox as its seed and journal of inputs, and the journaling
//! backend), `scenario` (guided tours as data, each step run in this shell), `export` (the lines a
//! reader ran as a bash script for a real account) and `docs` (documented output against actual
//! output, by shape: pure functions, used by the documentation drift checker).

mod args;
mod backend;
mod command;
mod complete;
pub mod docs;
pub mod export;
mod fmt;
mod iam;
mod ibmcloud;
pub mod journal;
mod kp;
mod output;
mod platform;
mod resource;
mod run;
mod sandbox;
pub mod scenario;
mod script;
mod session;
mod spec;
mod tools;

pub use backend::Backend;
pub use output::Output;

use script::ParseError;
use session::Session;

/// The terminal: its state (variables, the acting user, history) and how it runs what is typed.
pub struct Shell {
    session: Session,
    /// Each command run and what it printed, newest last (at most `TRANSCRIPT_KEPT`): what
    /// "Download as a script" makes a script of.
    transcript: Vec<export::Ran>,
}

/// How many commands the transcript keeps.
const TRANSCRIPT_KEPT: usize = 1000;

impl Default for Shell {
    fn default() -> Shell {
        Shell::new()
    }
}

impl Shell {
    pub fn new() -> Shell {
        Shell {
            session: Session::new(),
            transcript: Vec::new(),
        }
    }

    /// The name of the user commands run as (`sandbox as USER` changes it).
    pub fn user(&self) -> &str {
        &self.session.user
    }

    /// Makes commands run as `name` (the app keeps the shell in step with its "act as").
    pub fn set_user(&mut self, name: &str) {
        self.session.user = name.to_string();
    }

    /// An environment variable, as `$NAME` expands it.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.session.var(name)
    }

    /// Sets an environment variable, as `export NAME=value` does.
    pub fn set_var(&mut self, name: &str, value: &str) {
        self.session.env.insert(name.to_string(), value.to_string());
    }

    /// Runs one line or a multi-line paste, command after command as bash reads them (a line
    /// whose quote, `$(`, `|`, `&&` or `||` is still open, or that ends in `\`, continues on the
    /// next), stopping at the first that fails. Blank lines and `# comments` are skipped.
    pub fn exec(&mut self, backend: &mut dyn Backend, input: &str) -> Output {
        let mut output = Output::default();
        let lines: Vec<&str> = input.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let (history, parsed) = read_command(&lines, &mut i);
            let script = match parsed {
                Ok(script) if script.lists.is_empty() => continue,
                Ok(script) => script,
                Err(e) => {
                    self.session.history.push(history);
                    output.err(e.message());
                    output.code = 2;
                    self.session.last_code = 2;
                    break;
                }
            };
            self.session.history.push(history.clone());
            let printed = output.stdout.len();
            let stop = run::Runner::new(&mut self.session, backend).script(&script, &mut output);
            self.keep(history, output.stdout[printed..].to_string());
            if stop {
                break;
            }
        }
        output
    }

    pub fn history(&self) -> &[String] {
        &self.session.history
    }

    /// Each command run so far and what it printed (the newest thousand).
    pub fn transcript(&self) -> &[export::Ran] {
        &self.transcript
    }

    fn keep(&mut self, line: String, stdout: String) {
        if self.transcript.len() == TRANSCRIPT_KEPT {
            self.transcript.remove(0);
        }
        self.transcript.push(export::Ran { line, stdout });
    }

    /// Completions for the word at the end of `line`: commands, subcommands, flags, and ids
    /// (key ids, deployment names/GUIDs, reclamation ids, policy ids, user names).
    pub fn complete(&self, backend: &dyn Backend, line: &str) -> Vec<String> {
        complete::complete(backend.sandbox(), line)
    }
}

/// Reads one command from `lines[*i..]`, taking lines while it is incomplete; `*i` moves past
/// them. Returns the command as history keeps it (a backslash-newline removed) and its parse.
fn read_command(lines: &[&str], i: &mut usize) -> (String, Result<script::Script, ParseError>) {
    let mut text = lines[*i].to_string();
    let mut history = text.clone();
    *i += 1;
    loop {
        let more = *i < lines.len();
        if more && script::continues(&text) {
            history.pop();
        } else {
            match script::parse(&text) {
                Err(ParseError::Incomplete(_)) if more => history.push('\n'),
                parsed => return (history.trim().to_string(), parsed),
            }
        }
        text.push('\n');
        text.push_str(lines[*i]);
        history.push_str(lines[*i]);
        *i += 1;
    }
}
