//! Guided scenarios: tours of the documentation's steps as data, so documentation authors can write
//! their own. A scenario is a small versioned text format of steps; each step says what to do and
//! what to expect, can be run for the user (its commands go to the `ibmcloud` shell), and is checked.
//!
//! ```text
//! # A comment.
//! scenario 1 byok-seed
//! title Bring your own key, then cryptoshred
//!
//! step Create a root key
//!   say A root key wraps the data encryption keys of the services that use it.
//!   run ibmcloud kp key create pg-root-key
//!   expect exit 0
//!   expect output Key Name
//! ```
//! Before each step the shell gets the ids of what exists, newest first: `$INSTANCE_ID`, `$KEY_ID`,
//! `$KEY_CRN`, `$DEPLOYMENT_ID`, `$RECLAMATION_ID`, `$POLICY_ID`, `$ACCOUNT_ID`, so commands can name
//! what earlier steps created.

use crate::{Backend, Shell};

pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    /// What to do and why, in plain words.
    pub say: String,
    /// The commands that do it, for "run it for me".
    pub run: Vec<String>,
    pub expect: Vec<Expect>,
    /// The step's line in the scenario text, for messages.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The last command's exit code.
    Exit(i32),
    /// The output (stdout and stderr) contains this text.
    Output(String),
    /// The output does not contain this text.
    NoOutput(String),
}

/// A malformed scenario: the line and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The built-in tours, in the order the documentation tells them.
pub const BUILT_IN: [&str; 9] = [
    include_str!("../scenarios/byok-seed.txt"),
    include_str!("../scenarios/byok-console.txt"),
    include_str!("../scenarios/soft-deletion.txt"),
    include_str!("../scenarios/import-key.txt"),
    include_str!("../scenarios/rotation.txt"),
    include_str!("../scenarios/disable-enable.txt"),
    include_str!("../scenarios/dual-auth.txt"),
    include_str!("../scenarios/restore.txt"),
    include_str!("../scenarios/purge.txt"),
];

pub fn built_in() -> Vec<Scenario> {
    BUILT_IN
        .iter()
        .map(|text| parse(text).expect("built-in scenarios parse"))
        .collect()
}

pub fn parse(text: &str) -> Result<Scenario, ParseError> {
    let mut header: Option<(String, usize)> = None;
    let mut title = String::new();
    let mut steps: Vec<Step> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let bad = |message: String| ParseError { line, message };
        let (word, rest) = trimmed
            .split_once(' ')
            .map_or((trimmed, ""), |(w, r)| (w, r.trim()));
        match word {
            "scenario" => {
                if header.is_some() {
                    return Err(bad("a second 'scenario' line: one scenario per file".into()));
                }
                let (version, id) = rest.split_once(' ').ok_or_else(|| {
                    bad("write 'scenario <version> <id>', e.g. 'scenario 1 byok-seed'".into())
                })?;
                let version: u32 = version.parse().map_err(|_| {
                    bad(format!(
                        "'{version}' is not a format version: write 'scenario 1 <id>'"
                    ))
                })?;
                if version != FORMAT_VERSION {
                    return Err(bad(format!("this is scenario format {version}; the sandbox reads format {FORMAT_VERSION}")));
                }
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(bad(format!(
                        "'{id}' is not a scenario id: letters, digits, '-' and '_'"
                    )));
                }
                header = Some((id.to_string(), line));
            }
            _ if header.is_none() => {
                return Err(bad(
                    "a scenario starts with 'scenario <version> <id>'".into()
                ))
            }
            "title" => title = rest.to_string(),
            "step" => {
                if rest.is_empty() {
                    return Err(bad(
                        "a step needs a title: 'step <what the user does>'".into()
                    ));
                }
                steps.push(Step {
                    title: rest.to_string(),
                    say: String::new(),
                    run: Vec::new(),
                    expect: Vec::new(),
                    line,
                });
            }
            "say" | "run" | "expect" => {
                let step = steps.last_mut().ok_or_else(|| {
                    bad(format!(
                        "'{word}' outside a step: start one with 'step <title>'"
                    ))
                })?;
                match word {
                    "say" => {
                        if !step.say.is_empty() {
                            step.say.push(' ');
                        }
                        step.say.push_str(rest);
                    }
                    "run" if rest.is_empty() => return Err(bad("'run' needs a command".into())),
                    "run" => step.run.push(rest.to_string()),
                    _ => step.expect.push(parse_expect(rest).map_err(bad)?),
                }
            }
            other => {
                return Err(bad(format!(
                    "unknown word '{other}': use scenario, title, step, say, run or expect"
                )))
            }
        }
    }
    let (id, _) = header.ok_or(ParseError {
        line: 1,
        message: "a scenario starts with 'scenario <version> <id>'".into(),
    })?;
    if steps.is_empty() {
        return Err(ParseError {
            line: text.lines().count().max(1),
            message: "the scenario has no step".into(),
        });
    }
    if title.is_empty() {
        title = id.clone();
    }
    Ok(Scenario { id, title, steps })
}

fn parse_expect(rest: &str) -> Result<Expect, String> {
    let (kind, value) = rest
        .split_once(' ')
        .map_or((rest, ""), |(k, v)| (k, v.trim()));
    match kind {
        "exit" => value
            .parse()
            .map(Expect::Exit)
            .map_err(|_| format!("'expect exit' needs a number, got '{value}'")),
        "output" if !value.is_empty() => Ok(Expect::Output(value.to_string())),
        "no-output" if !value.is_empty() => Ok(Expect::NoOutput(value.to_string())),
        "output" | "no-output" => Err(format!("'expect {kind}' needs the text to look for")),
        _ => Err(format!(
            "unknown expectation '{kind}': use exit, output or no-output"
        )),
    }
}

/// What running a step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepResult {
    /// The transcript: each command with its output.
    pub transcript: String,
    /// Expectations that did not hold, each explained; empty when the step went as expected.
    pub deviations: Vec<String>,
}

impl StepResult {
    pub fn passed(&self) -> bool {
        self.deviations.is_empty()
    }
}

/// Gives the shell the ids of what exists, so steps can name what earlier steps created.
pub fn set_ids(shell: &mut Shell, backend: &dyn Backend) {
    let sb = backend.sandbox();
    let mut set = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            shell.set_var(name, &v);
        }
    };
    set("ACCOUNT_ID", Some(sb.account().to_string()));
    set(
        "INSTANCE_ID",
        sb.instances().first().map(|i| i.guid.clone()),
    );
    let newest_key = sb.keys().last();
    set("KEY_ID", newest_key.map(|k| k.id.clone()));
    set("KEY_CRN", newest_key.map(|k| k.crn.clone()));
    set(
        "DEPLOYMENT_ID",
        sb.deployments().last().map(|d| d.guid.clone()),
    );
    set(
        "RECLAMATION_ID",
        sb.reclamations().last().map(|r| r.id.clone()),
    );
    set(
        "POLICY_ID",
        sb.authorizations().last().map(|a| a.id.clone()),
    );
}

/// Runs a step's commands for the user and checks what it expects.
pub fn run_step(shell: &mut Shell, backend: &mut dyn Backend, step: &Step) -> StepResult {
    let mut transcript = String::new();
    let mut output = String::new();
    let mut exit = 0;
    for command in &step.run {
        set_ids(shell, backend);
        let out = shell.exec(backend, command);
        transcript.push_str(&format!("$ {command}\n{}{}", out.stdout, out.stderr));
        output.push_str(&out.stdout);
        output.push_str(&out.stderr);
        exit = out.code;
        if exit != 0 {
            break;
        }
    }
    let mut deviations = Vec::new();
    for e in &step.expect {
        match e {
            Expect::Exit(code) if *code != exit => deviations.push(format!(
                "expected the command to exit with {code}, it exited with {exit}{}",
                if exit != 0 {
                    ": see its error above"
                } else {
                    ""
                }
            )),
            Expect::Output(text) if !output.contains(text.as_str()) => {
                deviations.push(format!("expected the output to say \"{text}\", it did not"))
            }
            Expect::NoOutput(text) if output.contains(text.as_str()) => {
                deviations.push(format!("expected the output not to say \"{text}\", it did"))
            }
            _ => {}
        }
    }
    StepResult {
        transcript,
        deviations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_scenarios_name_their_line() {
        let cases = [
            ("title x", 1, "starts with 'scenario"),
            ("scenario 2 x\nstep a", 1, "format 2"),
            ("scenario 1 x\nsay hello", 2, "outside a step"),
            (
                "scenario 1 x\nstep a\n  expect exit maybe",
                3,
                "needs a number",
            ),
            (
                "scenario 1 x\nstep a\n  expect colour blue",
                3,
                "unknown expectation",
            ),
            ("scenario 1 x\n\nstep a\n  jump", 4, "unknown word 'jump'"),
            ("scenario 1 x\ntitle t", 2, "no step"),
            ("scenario 1 bad id!\nstep a", 1, "not a scenario id"),
        ];
        for (text, line, message) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.message.contains(message), "{text}: {e}");
        }
    }

    #[test]
    fn a_scenario_parses_into_steps() {
        let s = parse("# c\nscenario 1 demo\ntitle A demo\nstep One\n  say Do it.\n  say Now.\n  run sandbox now\n  expect exit 0\n  expect output 2026\n").unwrap();
        assert_eq!(s.id, "demo");
        assert_eq!(s.title, "A demo");
        assert_eq!(s.steps.len(), 1);
        assert_eq!(s.steps[0].say, "Do it. Now.");
        assert_eq!(s.steps[0].run, ["sandbox now"]);
        assert_eq!(
            s.steps[0].expect,
            [Expect::Exit(0), Expect::Output("2026".into())]
        );
        assert_eq!(s.steps[0].line, 4);
    }
}
