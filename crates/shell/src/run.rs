//! Runs a parsed script as bash runs these forms: words expand when their command runs (so a
//! command sees what the one before it set), unquoted expansions split into fields on blanks,
//! `$(...)` runs in a copy of the shell's variables and gives its output without the trailing
//! newlines, each command of a pipeline reads the output of the one before, `&&` and `||` run
//! the next pipeline depending on the status so far.
//!
//! A paste stops at the first and-or list that fails, as under bash's `set -e`: a failing command
//! stops it unless an `&&` or `||` after it decided what comes next.

use super::backend::Backend;
use super::command;
use super::output::Output;
use super::script::{self, AndOr, Op, Piece, Pipeline, Script, Simple, Word};
use super::session::Session;

pub(crate) struct Runner<'a> {
    pub session: &'a mut Session,
    pub backend: &'a mut dyn Backend,
    /// The status of the last command substitution of the current command, which becomes the
    /// status of a command of assignments only (`KEY_ID=$(...)` fails when its command does).
    subst_status: Option<i32>,
}

impl<'a> Runner<'a> {
    pub fn new(session: &'a mut Session, backend: &'a mut dyn Backend) -> Runner<'a> {
        Runner {
            session,
            backend,
            subst_status: None,
        }
    }

    /// Runs the lists of `script` in order into `out`; returns whether a failure stopped it.
    pub fn script(&mut self, script: &Script, out: &mut Output) -> bool {
        script.lists.iter().any(|list| self.and_or(list, out))
    }

    /// Runs one and-or list; returns whether its failure stops the paste.
    fn and_or(&mut self, list: &AndOr, out: &mut Output) -> bool {
        let mut status = self.pipeline(&list.first, out);
        let mut final_ran = list.rest.is_empty();
        for (n, (op, pipeline)) in list.rest.iter().enumerate() {
            let runs = match op {
                Op::And => status == 0,
                Op::Or => status != 0,
            };
            if runs {
                status = self.pipeline(pipeline, out);
                final_ran = n + 1 == list.rest.len();
            }
        }
        status != 0 && final_ran
    }

    /// Runs the commands of a pipeline, each reading the previous one's output; its status is
    /// the last one's. As in bash, the commands of a pipeline of several change no variable.
    fn pipeline(&mut self, pipeline: &Pipeline, out: &mut Output) -> i32 {
        let saved = (pipeline.commands.len() > 1).then(|| self.session.env.clone());
        let mut input = String::new();
        let last = pipeline.commands.len() - 1;
        for (n, command) in pipeline.commands.iter().enumerate() {
            let result = self.simple(command, &input);
            out.stderr.push_str(&result.stderr);
            if n == last {
                out.stdout.push_str(&result.stdout);
                out.code = result.code;
            } else {
                input = result.stdout;
            }
        }
        if let Some(env) = saved {
            self.session.env = env;
        }
        self.session.last_code = out.code;
        out.code
    }

    /// Expands a command and runs it. Assignments before a command hold for that command only;
    /// without a command, they set the shell's variables.
    fn simple(&mut self, command: &Simple, stdin: &str) -> Output {
        let mut out = Output::default();
        self.subst_status = None;
        let mut words = Vec::new();
        // `export NAME=$(...)`: as in bash, an assignment given to `export` expands as an
        // assignment does, without splitting into fields.
        let declaration = matches!(command.words.first().map(|w| w.pieces.as_slice()),
            Some([Piece::Text { text, quoted: false }]) if text == "export");
        for (n, word) in command.words.iter().enumerate() {
            if declaration && n > 0 && script::assignment(word).is_some() {
                words.push(self.joined(word, &mut out));
            } else {
                words.extend(self.fields(word, &mut out));
            }
        }
        let mut saved = Vec::new();
        for (name, word) in &command.assignments {
            let value = self.joined(word, &mut out);
            let old = self.session.env.insert(name.clone(), value);
            saved.push((name.clone(), old));
        }
        if words.is_empty() {
            out.code = self.subst_status.unwrap_or(0);
            return out;
        }
        let result = command::run(self.session, self.backend, &words, stdin);
        for (name, old) in saved.into_iter().rev() {
            match old {
                Some(value) => self.session.env.insert(name, value),
                None => self.session.env.remove(&name),
            };
        }
        out.append(result);
        out
    }

    /// A word's fields: text and quoted expansions join as they are; an unquoted expansion
    /// splits on blanks, and a word that is only an empty unquoted expansion is no field at all.
    fn fields(&mut self, word: &Word, out: &mut Output) -> Vec<String> {
        let mut fields = Vec::new();
        let mut current = String::new();
        let mut started = false;
        for piece in &word.pieces {
            let (value, quoted) = self.value(piece, out);
            if quoted || matches!(piece, Piece::Text { .. }) {
                started |= quoted || !value.is_empty();
                current.push_str(&value);
                continue;
            }
            for c in value.chars() {
                if matches!(c, ' ' | '\t' | '\n') {
                    if started {
                        fields.push(std::mem::take(&mut current));
                        started = false;
                    }
                } else {
                    current.push(c);
                    started = true;
                }
            }
        }
        if started {
            fields.push(current);
        }
        fields
    }

    /// A word as one string, not split (an assignment's value).
    fn joined(&mut self, word: &Word, out: &mut Output) -> String {
        let mut text = String::new();
        for piece in &word.pieces {
            text.push_str(&self.value(piece, out).0);
        }
        text
    }

    /// A piece's value, and whether it was quoted.
    fn value(&mut self, piece: &Piece, out: &mut Output) -> (String, bool) {
        match piece {
            Piece::Text { text, quoted } => (text.clone(), *quoted),
            Piece::Var { name, quoted } => (self.var(name), *quoted),
            Piece::Subst { script, quoted } => (self.substitute(script, out), *quoted),
        }
    }

    fn var(&self, name: &str) -> String {
        if name == "?" {
            return self.session.last_code.to_string();
        }
        match self.session.var(name) {
            Some(value) => value.to_string(),
            None => self
                .session
                .provided(name, self.backend.sandbox())
                .unwrap_or_default(),
        }
    }

    /// `$(...)`: runs the script on a copy of the shell's variables and acting user (bash runs
    /// it in a subshell), its errors shown, its output returned without trailing newlines.
    fn substitute(&mut self, script: &Script, out: &mut Output) -> String {
        let (env, user) = (self.session.env.clone(), self.session.user.clone());
        let mut inner = Output::default();
        self.script(script, &mut inner);
        self.session.env = env;
        self.session.user = user;
        out.stderr.push_str(&inner.stderr);
        self.subst_status = Some(inner.code);
        let mut text = inner.stdout;
        while text.ends_with('\n') {
            text.pop();
        }
        text
    }
}
