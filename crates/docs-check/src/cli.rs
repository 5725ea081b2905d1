//! The command line: `byok-docs-check [--json] [--strict] [--verbose] [--seed N] [--setup LINE]...
//! FILE.md...`. Exit status 0 when no block differed, 1 on drift, 2 on a usage or I/O error.

use std::io::Write;

use serde_json::json;

use super::check::{check_page, Options};

pub const USAGE: &str =
    "usage: byok-docs-check [--json] [--strict] [--verbose] [--seed N] [--setup LINE]... FILE.md...

Runs each page's example commands in a fresh sandbox (seed 42 unless --seed) and compares what
they print with the documented output that follows them, by shape.

  --json       print the findings as JSON
  --strict     count blocks that could not run, and blocks without documented output that
               failed, as drift too
  --verbose    list every block, not only those that did not run or match
  --seed N     the sandbox's seed
  --setup LINE a shell line to run before each page's blocks (repeatable)

Exit status: 0 no drift, 1 drift (a block's output differed), 2 usage or I/O error.";

/// What the command line asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Args {
    json: bool,
    strict: bool,
    verbose: bool,
    options: Options,
    files: Vec<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg {
            "--json" => parsed.json = true,
            "--strict" => parsed.strict = true,
            "--verbose" | "-v" => parsed.verbose = true,
            "--seed" => {
                let v = value()?;
                parsed.options.seed = v.parse().map_err(|_| format!("--seed {v}: not a number"))?;
            }
            "--setup" => {
                let v = value()?;
                parsed.options.setup.push(v);
            }
            "--" => {
                parsed.files.extend(args[i + 1..].iter().cloned());
                break;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option {flag}"))
            }
            file => parsed.files.push(file.to_string()),
        }
        i += 1;
    }
    if parsed.files.is_empty() {
        return Err("no page to check".into());
    }
    Ok(parsed)
}

/// Runs the checker with `args` (without the program's name), printing to `out` and `err`;
/// answers the exit status.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        let _ = writeln!(out, "{USAGE}");
        return 0;
    }
    let args = match parse(args) {
        Ok(args) => args,
        Err(e) => {
            let _ = writeln!(err, "byok-docs-check: {e}\n{USAGE}");
            return 2;
        }
    };
    let mut sources = Vec::new();
    for file in &args.files {
        match std::fs::read_to_string(file) {
            Ok(text) => sources.push((file, text)),
            Err(e) => {
                let _ = writeln!(err, "byok-docs-check: {file}: {e}");
                return 2;
            }
        }
    }
    let mut reports = Vec::new();
    for (file, text) in &sources {
        match check_page(file, text, &args.options) {
            Ok(report) => reports.push(report),
            Err(e) => {
                let _ = writeln!(err, "byok-docs-check: {file}: {e}");
                return 2;
            }
        }
    }
    let drift = reports.iter().any(|r| r.drifted(args.strict));
    let printed = if args.json {
        let pages: Vec<_> = reports.iter().map(|r| r.json()).collect();
        let all = json!({ "pages": pages, "strict": args.strict, "drift": drift });
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&all).unwrap_or_default()
        )
    } else {
        let mut text: String = reports.iter().map(|r| r.text(args.verbose)).collect();
        text.push_str(if drift {
            "drift: see the blocks above\n"
        } else {
            "no drift\n"
        });
        write!(out, "{text}")
    };
    match printed {
        Ok(()) => i32::from(drift),
        Err(_) => 2,
    }
}
