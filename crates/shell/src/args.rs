//! A command's words to its arguments (the flag parser), its usage text, and the "did you mean"
//! suggestion for a mistyped word.

use std::collections::BTreeMap;

use super::spec::Cmd;

/// Parsed arguments: positionals and flags by canonical name.
#[derive(Debug, Default)]
pub struct Args {
    pub pos: Vec<String>,
    flags: BTreeMap<&'static str, Vec<String>>,
}

impl Args {
    pub fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }

    /// The last value given for a flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.flags
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }
}

/// Parses the words after a command's path. Flags may come before, between or after arguments;
/// `--` ends the flags. Errors are the text after `Incorrect Usage`.
pub fn parse(cmd: &Cmd, words: &[String]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            args.pos.extend(words[i..].iter().cloned());
            break;
        }
        if !w.starts_with('-') || w.len() == 1 {
            args.pos.push(w.clone());
            continue;
        }
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (w.as_str(), None),
        };
        let flag = cmd
            .flags
            .iter()
            .find(|f| {
                f.names
                    .iter()
                    .any(|n| *n == name || (n.starts_with("--") && n.eq_ignore_ascii_case(name)))
            })
            .ok_or_else(|| {
                format!(
                    ": flag provided but not defined: -{}",
                    name.trim_start_matches('-')
                )
            })?;
        let value = match (flag.value, inline) {
            (None, None) => String::new(),
            (None, Some(v)) => v,
            (Some(_), Some(v)) => v,
            (Some(_), None) => {
                let v = words.get(i).ok_or_else(|| {
                    format!(
                        ": flag needs an argument: -{}",
                        name.trim_start_matches('-')
                    )
                })?;
                i += 1;
                v.clone()
            }
        };
        args.flags.entry(flag.names[0]).or_default().push(value);
    }
    // Arguments written `[NAME]` in the table are optional.
    let required = cmd.args.iter().filter(|a| !a.starts_with('[')).count();
    if args.pos.len() < required {
        let missing = cmd.args[args.pos.len()..required].join(", ");
        return Err(format!(". The required argument {missing} was not given."));
    }
    if args.pos.len() > cmd.args.len() {
        let extra = &args.pos[cmd.args.len()];
        return Err(format!(
            ". The argument '{extra}' is one too many: {} takes {}.",
            cmd.path,
            match cmd.args.len() {
                0 => "no arguments".to_string(),
                1 => format!("one argument ({})", cmd.args[0]),
                _ => format!("{} arguments ({})", cmd.args.len(), cmd.args.join(" ")),
            }
        ));
    }
    Ok(args)
}

/// `USAGE` and `OPTIONS` of a command, as its `--help` and usage errors print them.
pub fn usage(cmd: &Cmd) -> String {
    let mut out = format!(
        "NAME:\n   {} - {}\n\nUSAGE:\n   ibmcloud {}",
        cmd.path, cmd.about, cmd.path
    );
    for a in cmd.args {
        out.push(' ');
        out.push_str(a);
    }
    for f in cmd.flags {
        match f.value {
            Some(v) => out.push_str(&format!(" [{} {v}]", f.names[0])),
            None => out.push_str(&format!(" [{}]", f.names[0])),
        }
    }
    out.push_str("\n\nOPTIONS:\n");
    let labels: Vec<String> = cmd
        .flags
        .iter()
        .map(|f| {
            let names = f.names.join(", ");
            match f.value {
                Some(v) => format!("{names} {v}"),
                None => names,
            }
        })
        .collect();
    let width = labels.iter().map(String::len).max().unwrap_or(0);
    for (label, f) in labels.iter().zip(cmd.flags) {
        out.push_str(&format!("   {label:width$}   {}\n", f.help));
    }
    out
}

/// The closest known word to a mistyped one, if it is close enough to be what was meant.
pub fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (distance(word, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
