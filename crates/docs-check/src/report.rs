//! What the checker found on a page, and its two printed forms: text for a reader, JSON for a
//! script (`--json`).

use serde_json::{json, Value};

/// One page's findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageReport {
    pub file: String,
    /// The command blocks, in page order.
    pub blocks: Vec<BlockReport>,
    /// Code blocks that hold no commands and are no documented output (synopses, request
    /// bodies, URLs, files), and documented output that follows no command block (one that
    /// could not run still takes its output).
    pub not_commands: usize,
}

/// One command block (or session block).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockReport {
    /// The page line of its first command.
    pub line: usize,
    /// How many of its commands ran.
    pub commands: usize,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It ran and printed what the documentation shows (by shape), from `output` (a page line).
    Matched { output: usize },
    /// It ran and printed something else than the documented output at page line `output`.
    Differed {
        output: usize,
        differences: Vec<Drift>,
    },
    /// It ran; the page shows no output for it. `exit` is its last command's status.
    Ran { exit: i32 },
    /// It could not run, and why.
    CouldNotRun { reason: String },
}

/// One differing line: the documented line (page line and text) and what the command printed
/// there (line of its output and text), either missing when the other side has no counterpart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The page line of the command whose output this is.
    pub command: usize,
    pub expected: Option<(usize, String)>,
    pub actual: Option<(usize, String)>,
}

/// The counts of a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub ran: usize,
    pub matched: usize,
    pub differed: usize,
    /// Ran without documented output and exited non-zero.
    pub failed: usize,
    pub could_not_run: usize,
}

impl PageReport {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for b in &self.blocks {
            match &b.outcome {
                Outcome::Matched { .. } => c.matched += 1,
                Outcome::Differed { .. } => c.differed += 1,
                Outcome::Ran { exit } => c.failed += usize::from(*exit != 0),
                Outcome::CouldNotRun { .. } => c.could_not_run += 1,
            }
        }
        c.ran = self.blocks.len() - c.could_not_run;
        c
    }

    /// Whether the page drifted: a block differed, or under `strict` one could not run or
    /// failed.
    pub fn drifted(&self, strict: bool) -> bool {
        let c = self.counts();
        c.differed > 0 || (strict && (c.could_not_run > 0 || c.failed > 0))
    }

    /// The page for a reader: its counts, then each block that did not simply run or match
    /// (every block with `verbose`).
    pub fn text(&self, verbose: bool) -> String {
        let c = self.counts();
        let mut out = format!(
            "{}: {} command blocks: {} ran ({} matched, {} differed, {} failed without documented output), {} could not run; {} other code blocks\n",
            self.file, self.blocks.len(), c.ran, c.matched, c.differed, c.failed, c.could_not_run, self.not_commands
        );
        for b in &self.blocks {
            let line = match &b.outcome {
                Outcome::Matched { output } if verbose => {
                    format!("matched the output at line {output}")
                }
                Outcome::Ran { exit: 0 } if verbose => "ran (no documented output)".into(),
                Outcome::Matched { .. } | Outcome::Ran { exit: 0 } => continue,
                Outcome::Ran { exit } => {
                    format!("ran and exited with {exit} (no documented output)")
                }
                Outcome::CouldNotRun { reason } => format!("could not run: {reason}"),
                Outcome::Differed {
                    output,
                    differences,
                } => {
                    let mut s = format!("differed from the output at line {output}:");
                    for d in differences {
                        s.push_str(&drift_text(d));
                    }
                    s
                }
            };
            out.push_str(&format!("  line {}: {line}\n", b.line));
        }
        out
    }

    pub fn json(&self) -> Value {
        let c = self.counts();
        let blocks: Vec<Value> = self.blocks.iter().map(block_json).collect();
        json!({
            "file": self.file,
            "ran": c.ran,
            "matched": c.matched,
            "differed": c.differed,
            "failed": c.failed,
            "could_not_run": c.could_not_run,
            "not_commands": self.not_commands,
            "blocks": blocks,
        })
    }
}

fn drift_text(d: &Drift) -> String {
    let side = |s: &Option<(usize, String)>, what: &str| match s {
        Some((n, text)) => format!("\n      {what} {n:>4}: {}", text.trim()),
        None => format!("\n      {what}     : (no such line)"),
    };
    let mut s = String::new();
    if d.expected.is_some() || d.actual.is_some() {
        s.push_str(&side(&d.expected, "documented, page line"));
        s.push_str(&side(&d.actual, "printed, output line "));
    }
    s
}

fn block_json(b: &BlockReport) -> Value {
    let line_json = |s: &Option<(usize, String)>| match s {
        Some((n, text)) => json!({ "line": n, "text": text }),
        None => Value::Null,
    };
    let mut v = json!({ "line": b.line, "commands": b.commands });
    let fields = match &b.outcome {
        Outcome::Matched { output } => json!({ "outcome": "matched", "output_line": output }),
        Outcome::Differed {
            output,
            differences,
        } => json!({
            "outcome": "differed",
            "output_line": output,
            "differences": differences.iter().map(|d| json!({
                "command_line": d.command,
                "expected": line_json(&d.expected),
                "actual": line_json(&d.actual),
            })).collect::<Vec<_>>(),
        }),
        Outcome::Ran { exit } => json!({ "outcome": "ran", "exit": exit }),
        Outcome::CouldNotRun { reason } => {
            json!({ "outcome": "could not run", "reason": reason })
        }
    };
    if let (Some(v), Some(f)) = (v.as_object_mut(), fields.as_object()) {
        v.extend(f.clone());
    }
    v
}
