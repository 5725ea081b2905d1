//! The `ibmcloud` terminal: a small POSIX-like shell whose commands (`ibmcloud kp ...`,
//! `ibmcloud iam ...`, `ibmcloud resource ...`, `sandbox ...`) are a face over the request API, so
//! every command is one or more `request`s as the current user, answered in the real CLI's formats.
//!
//! The shell knows nothing of the browser: the app implements [`Backend`] over its reducer (so each
//! request is journaled), tests and headless users use the plain [`crate::engine::Sandbox`]
//! implementation.
//!
//! The rooms, each using only those below it: this file (the [`Shell`]: a paste to commands) ->
//! `words` (word splitting) and `command` (one command's first word to its handler) ->
//! `ibmcloud` (the command groups) and `sandbox` -> `kp/`, `iam`, `resource` (one group's
//! handlers; `platform` holds the answer forms IAM and Resource Controller share) -> `session`
//! (state and [`Ctx`](session::Ctx)), `spec` (the command table), `args`, `fmt`, `backend`, `output`.

mod args;
mod backend;
mod command;
mod complete;
mod fmt;
mod iam;
mod ibmcloud;
mod kp;
mod output;
mod platform;
mod resource;
mod sandbox;
mod session;
mod spec;
mod words;

pub use backend::Backend;
pub use output::Output;

use session::Session;

/// The terminal: its state (variables, the acting user, history) and how it runs what is typed.
pub struct Shell {
    session: Session,
}

impl Default for Shell {
    fn default() -> Shell {
        Shell::new()
    }
}

impl Shell {
    pub fn new() -> Shell {
        Shell {
            session: Session::new(),
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

    /// Runs one line or a multi-line paste: line by line, stopping at the first failing command
    /// (non-zero exit). Empty lines and `# comments` are skipped. A line ending in `\`, or with a
    /// quote still open, continues on the next line.
    pub fn exec(&mut self, backend: &mut dyn Backend, input: &str) -> Output {
        let mut output = Output::default();
        let lines: Vec<&str> = input.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let (text, split) = self.logical_line(&lines, &mut i);
            let trimmed = text.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            self.session.history.push(trimmed.to_string());
            let result = match split {
                Ok(words) if words.is_empty() => continue,
                Ok(words) => command::run(&mut self.session, backend, &words),
                Err(e) => split_failure(e),
            };
            self.session.last_code = result.code;
            output.append(result);
            if output.code != 0 {
                break;
            }
        }
        output
    }

    pub fn history(&self) -> &[String] {
        &self.session.history
    }

    /// Completions for the word at the end of `line`: commands, subcommands, flags, and ids
    /// (key ids, deployment names/GUIDs, reclamation ids, policy ids, user names).
    pub fn complete(&self, backend: &dyn Backend, line: &str) -> Vec<String> {
        complete::complete(backend.sandbox(), line)
    }

    /// Joins `lines[*i..]` into one logical line (a trailing backslash or an open quote continues
    /// it) and splits it into words; `*i` moves past the lines taken.
    fn logical_line(
        &self,
        lines: &[&str],
        i: &mut usize,
    ) -> (String, Result<Vec<String>, words::SplitError>) {
        let mut text = lines[*i].to_string();
        *i += 1;
        loop {
            if words::continues(&text) && *i < lines.len() {
                text.pop();
                text.push_str(lines[*i]);
                *i += 1;
                continue;
            }
            match words::split(&text, &self.session.env, self.session.last_code) {
                Err(words::SplitError::Unclosed(_)) if *i < lines.len() => {
                    text.push('\n');
                    text.push_str(lines[*i]);
                    *i += 1;
                }
                other => return (text, other),
            }
        }
    }
}

/// The shell's own message for a line it could not split, with exit status 2.
fn split_failure(e: words::SplitError) -> Output {
    let mut o = Output::default();
    let why = match e {
        words::SplitError::Unclosed(q) => {
            format!("sandbox shell: unexpected end of input while looking for the matching `{q}'")
        }
        words::SplitError::Unsupported(why) => format!("sandbox shell: {why}"),
    };
    o.err(why);
    o.code = 2;
    o
}
