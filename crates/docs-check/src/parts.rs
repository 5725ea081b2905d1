//! What a code block is to the checker: commands to run, a session (prompted commands with
//! their output), documented output, or something else (a synopsis, a request body, a URL).

use super::markdown::{Attr, Block};

/// One command of a block: its page line and its text (continuation lines included, the prompt
/// taken off).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub line: usize,
    pub text: String,
}

/// Documented output: its page line and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub line: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A `{: codeblock}` or `{: pre}` block (or an unmarked shell block) of commands.
    Commands(Vec<Command>),
    /// A block of `$ `-prompted commands, each followed by what it printed (if shown; for one
    /// at least).
    Session(Vec<(Command, Option<Shown>)>),
    /// A `{: screen}` block without prompts.
    Output(Shown),
    /// A code block that is none of those.
    Other,
}

/// The languages of an unmarked fenced block that still holds commands.
const SHELL_LANGS: &[&str] = &["sh", "bash", "shell", "console", "zsh"];

pub fn classify(block: &Block) -> Part {
    let lines: Vec<&str> = block.text.lines().collect();
    let commandish = matches!(block.attr, Attr::Codeblock | Attr::Pre)
        || (block.attr == Attr::None && SHELL_LANGS.contains(&block.lang.as_str()));
    if lines.iter().any(|l| prompt(l).is_some()) && (commandish || block.attr == Attr::Screen) {
        return session(block.line, &lines);
    }
    if block.attr == Attr::Screen {
        return Part::Output(Shown {
            line: block.line,
            text: block.text.clone(),
        });
    }
    if !commandish {
        return Part::Other;
    }
    let mut commands = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() || line.starts_with('#') {
            i += 1;
            continue;
        }
        let command = read_command(block.line, &lines, &mut i, line);
        if !is_command(&command.text) {
            return Part::Other;
        }
        commands.push(command);
    }
    if commands.is_empty() {
        Part::Other
    } else {
        Part::Commands(commands)
    }
}

/// A block of prompted commands: the lines after each (up to the next prompt or `#` comment)
/// are its output.
fn session(first_line: usize, lines: &[&str]) -> Part {
    let mut steps: Vec<(Command, Option<Shown>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(rest) = prompt(lines[i]) else {
            i += 1;
            continue;
        };
        let command = read_command(first_line, lines, &mut i, rest);
        let start = i;
        while i < lines.len() && prompt(lines[i]).is_none() && !lines[i].starts_with('#') {
            i += 1;
        }
        let text = lines[start..i].join("\n");
        let shown = (!text.trim().is_empty()).then(|| Shown {
            line: first_line + start,
            text,
        });
        steps.push((command, shown));
    }
    // Prompts without any output shown are plain commands: their output may follow the block.
    if steps.iter().all(|(_, shown)| shown.is_none()) {
        return Part::Commands(steps.into_iter().map(|(c, _)| c).collect());
    }
    Part::Session(steps)
}

/// The command that starts at `lines[*i]` (whose text after any prompt is `first`), with the
/// lines it continues onto: after a trailing `\`, inside an open quote, after a trailing `|`,
/// `&&` or `||`. Moves `*i` past them.
fn read_command(block_line: usize, lines: &[&str], i: &mut usize, first: &str) -> Command {
    let line = block_line + *i;
    let mut text = first.trim().to_string();
    *i += 1;
    while *i < lines.len() && continues(&text) {
        text.push('\n');
        text.push_str(lines[*i]);
        *i += 1;
    }
    Command { line, text }
}

/// The command text after a `$ ` or `% ` prompt, if the line has one.
fn prompt(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["$ ", "% "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .or((t == "$").then_some(""))
}

/// Whether a command goes on to the next line.
fn continues(text: &str) -> bool {
    let trimmed = text.trim_end();
    let backslash = trimmed.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1;
    backslash
        || open_quote(text)
        || trimmed.ends_with('|')
        || trimmed.ends_with("&&")
        || trimmed.ends_with("||")
}

/// Whether a quote is still open at the end of `text` (bash's rules: nothing escapes inside
/// single quotes, a backslash escapes elsewhere).
fn open_quote(text: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') => quote = None,
            (Some('\''), _) => {}
            (_, '\\') => {
                chars.next();
            }
            (Some('"'), '"') => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            _ => {}
        }
    }
    quote.is_some()
}

/// Whether a command's text reads as one: an assignment, or a lowercase command word (not a
/// synopsis with `[-flag]` options, not an HTTP request line, a URL or a JSON body).
pub fn is_command(text: &str) -> bool {
    let first_line = text.lines().next().unwrap_or("");
    let word = first_line.split_whitespace().next().unwrap_or("");
    let assignment = word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit())
    });
    let command_word = word.starts_with(|c: char| c.is_ascii_lowercase() || c == '.')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
    let synopsis = text.contains(" [-") || text.contains("[--");
    (assignment || command_word) && !synopsis
}
