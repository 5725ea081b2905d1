//! A page checked against the sandbox: its command blocks run in page order in one fresh
//! sandbox and one shell, and each one's output is compared, by shape, with the documented
//! output that follows it.
//!
//! Pairing: a command block's documented output is the first `{: screen}` block after it that
//! comes before the next command block and before the next heading of its own level or above
//! (a deeper heading, such as "JSON response" under the example's heading, does not part them).
//! Code blocks that are neither (synopses, request bodies) do not part them either.

use std::collections::BTreeMap;

use byok_engine::Sandbox;
use byok_shell::{docs, Output, Shell};

use super::fill;
use super::markdown::{self, Item};
use super::parts::{self, Command, Part, Shown};
use super::report::{BlockReport, Drift, Outcome, PageReport};

/// How pages are checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The seed of each page's sandbox.
    pub seed: u64,
    /// Shell lines run before each page's first block (e.g. `ibmcloud kp key create k`), so a
    /// page whose examples assume a key finds one.
    pub setup: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 42,
            setup: Vec::new(),
        }
    }
}

/// The variables every shell has without exporting them (`crates/shell/src/session.rs`).
const PROVIDED: &[&str] = &["ACCESS_TOKEN", "KP_INSTANCE_ID", "REGION"];

/// Checks one page (`file` names it in the report). Fails only if a setup line fails.
pub fn check_page(file: &str, source: &str, options: &Options) -> Result<PageReport, String> {
    let mut page = Page {
        sandbox: Sandbox::new(options.seed),
        shell: Shell::new(),
        ours: BTreeMap::new(),
        learned: BTreeMap::new(),
    };
    for line in &options.setup {
        let out = page.shell.exec(&mut page.sandbox, line);
        if out.code != 0 {
            return Err(format!(
                "the setup line `{line}` failed with {}: {}",
                out.code,
                out.stderr.trim()
            ));
        }
    }
    let mut report = PageReport {
        file: file.to_string(),
        ..PageReport::default()
    };
    // The block waiting for its documented output: its index in the report, its section's
    // level, what it printed (None if it could not run: its output is then passed over).
    let mut pending: Option<(usize, usize, Option<String>)> = None;
    let mut level = 0;
    for item in markdown::items(source) {
        let block = match item {
            Item::Heading { level: l, .. } => {
                if pending.as_ref().is_some_and(|p| p.1 == 0 || l <= p.1) {
                    pending = None;
                }
                level = l;
                continue;
            }
            Item::Block(block) => block,
        };
        match parts::classify(&block) {
            Part::Other => report.not_commands += 1,
            Part::Output(shown) => match pending.take() {
                Some((index, _, Some(actual))) => {
                    let b = &mut report.blocks[index];
                    b.outcome = compared(b.line, &shown, &actual);
                    page.learn(&shown, &actual);
                }
                Some((_, _, None)) => {}
                None => report.not_commands += 1,
            },
            Part::Commands(commands) => {
                let (b, actual) = page.commands(&commands);
                let ran = !matches!(b.outcome, Outcome::CouldNotRun { .. });
                report.blocks.push(b);
                pending = Some((report.blocks.len() - 1, level, ran.then_some(actual)));
            }
            Part::Session(steps) => {
                pending = None;
                report.blocks.push(page.session(&steps));
            }
        }
    }
    Ok(report)
}

/// The outcome of comparing documented output with what the command at page line `command`
/// printed.
fn compared(command: usize, shown: &Shown, actual: &str) -> Outcome {
    let differences = drifts(command, shown, actual);
    if differences.is_empty() {
        Outcome::Matched { output: shown.line }
    } else {
        Outcome::Differed {
            output: shown.line,
            differences,
        }
    }
}

/// The differing lines, documented ones numbered by page line.
fn drifts(command: usize, shown: &Shown, actual: &str) -> Vec<Drift> {
    docs::compare(&shown.text, actual)
        .differences
        .into_iter()
        .map(|d| Drift {
            command,
            expected: d.expected.map(|l| (shown.line + l.number - 1, l.text)),
            actual: d.actual.map(|l| (l.number, l.text)),
        })
        .collect()
}

/// The sandbox and shell a page runs in.
struct Page {
    sandbox: Sandbox,
    shell: Shell,
    /// The tour variables this checker set (`$KEY_ID`, ...), so one the page set is left alone.
    ours: BTreeMap<String, String>,
    /// The writer's ids and CRNs that documented output showed where the sandbox printed its
    /// own, to the sandbox's.
    learned: BTreeMap<String, String>,
}

impl Page {
    /// Runs a block's commands in order, stopping at the first that fails (as a paste does);
    /// answers its report (outcome `Ran` until output is compared) and what it printed.
    fn commands(&mut self, commands: &[Command]) -> (BlockReport, String) {
        let mut report = BlockReport {
            line: commands[0].line,
            commands: 0,
            outcome: Outcome::Ran { exit: 0 },
        };
        let mut actual = String::new();
        for command in commands {
            match self.run(command) {
                Ok(out) => {
                    actual.push_str(&out.stdout);
                    actual.push_str(&out.stderr);
                    report.commands += 1;
                    report.outcome = Outcome::Ran { exit: out.code };
                    if out.code != 0 {
                        break;
                    }
                }
                Err(reason) => {
                    report.outcome = Outcome::CouldNotRun {
                        reason: at_line(reason, command.line, report.line),
                    };
                    break;
                }
            }
        }
        (report, actual)
    }

    /// Runs a session's commands, each compared with the output shown after it, if any.
    fn session(&mut self, steps: &[(Command, Option<Shown>)]) -> BlockReport {
        let mut report = BlockReport {
            line: steps.first().map_or(0, |s| s.0.line),
            commands: 0,
            outcome: Outcome::Ran { exit: 0 },
        };
        let (mut compared, mut exit, mut first_output) = (false, 0, None);
        let mut differences = Vec::new();
        for (command, shown) in steps {
            let out = match self.run(command) {
                Ok(out) => out,
                Err(reason) => {
                    report.outcome = Outcome::CouldNotRun {
                        reason: at_line(reason, command.line, report.line),
                    };
                    return report;
                }
            };
            report.commands += 1;
            exit = out.code;
            if let Some(shown) = shown {
                compared = true;
                first_output.get_or_insert(shown.line);
                let actual = format!("{}{}", out.stdout, out.stderr);
                differences.extend(drifts(command.line, shown, &actual));
                self.learn(shown, &actual);
            }
        }
        let output = first_output.unwrap_or(report.line);
        report.outcome = match (compared, differences.is_empty()) {
            (false, _) => Outcome::Ran { exit },
            (true, true) => Outcome::Matched { output },
            (true, false) => Outcome::Differed {
                output,
                differences,
            },
        };
        report
    }

    /// One command: its placeholders filled, the tour variables bound, run; or why it cannot
    /// run (a placeholder, a variable nothing set, a command or form the shell does not know).
    fn run(&mut self, command: &Command) -> Result<Output, String> {
        self.bind();
        let text = fill::fill(
            &command.text,
            &self.sandbox,
            self.shell.user(),
            &self.learned,
        )?;
        loop {
            let is_set = |name: &str| self.shell.var(name).is_some() || PROVIDED.contains(&name);
            let Some(name) = fill::unset_variable(&text, is_set) else {
                break;
            };
            match fill::variable(&name, &self.sandbox, self.shell.user()) {
                Some(Ok(value)) => {
                    self.shell.set_var(&name, &value);
                    self.ours.insert(name, value);
                }
                Some(Err(reason)) => return Err(reason),
                None => {
                    return Err(format!(
                        "${name} is not set (nothing before it on the page sets it, and it names no value the sandbox has)"
                    ))
                }
            }
        }
        let out = self.shell.exec(&mut self.sandbox, &text);
        match unknown(&out) {
            Some(reason) => Err(reason),
            None => Ok(out),
        }
    }

    /// Notes which of the writer's values the sandbox printed its own in place of.
    fn learn(&mut self, shown: &Shown, actual: &str) {
        for (theirs, ours) in docs::corresponding_values(&shown.text, actual) {
            if theirs != ours {
                self.learned.insert(theirs, ours);
            }
        }
    }

    /// Sets `$KEY_ID`, `$INSTANCE_ID`, ... to the newest of each, unless the page set its own.
    fn bind(&mut self) {
        for (name, value) in fill::variables(&self.sandbox) {
            let Some(value) = value else { continue };
            let current = self.shell.var(name);
            if current.is_none() || current == self.ours.get(name).map(String::as_str) {
                self.shell.set_var(name, &value);
                self.ours.insert(name.to_string(), value);
            }
        }
    }
}

/// A reason, with the command's line when it is not the block's first.
fn at_line(reason: String, line: usize, block_line: usize) -> String {
    if line == block_line {
        reason
    } else {
        format!("{reason} (the command at line {line})")
    }
}

/// Why the shell could not run a command at all, from what it printed: a command it does not
/// have, an `ibmcloud` command it does not have, a form of the shell language it does not run,
/// a host it does not answer for.
fn unknown(out: &Output) -> Option<String> {
    let err = out.stderr.trim();
    if out.code == 127 {
        let name = err
            .strip_prefix("sandbox shell: ")
            .and_then(|e| e.split(": command not found").next())
            .unwrap_or(err);
        return Some(format!("the sandbox's shell has no command `{name}`"));
    }
    if let Some(line) = err
        .lines()
        .find(|l| l.contains("is not a registered command"))
    {
        return Some(format!(
            "the sandbox's ibmcloud has no such command: {line}"
        ));
    }
    if let Some(line) = err
        .lines()
        .find(|l| l.contains("flag provided but not defined"))
    {
        let flag = line.rsplit(": ").next().unwrap_or(line);
        return Some(format!(
            "the sandbox's ibmcloud does not have the flag {flag}"
        ));
    }
    if let Some(line) = err.lines().find(|l| l.contains("Could not resolve host")) {
        return Some(format!("a host the sandbox does not answer for: {line}"));
    }
    if out.code == 2 && out.stdout.is_empty() && err.starts_with("sandbox shell:") {
        let first = err.lines().next().unwrap_or(err);
        let why = first.strip_prefix("sandbox shell: ").unwrap_or(first);
        return Some(format!("the sandbox's shell does not run this form: {why}"));
    }
    None
}
