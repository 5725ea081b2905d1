//! One simple command, given as its expanded words: the first word picks a shell built-in
//! (`export`, `unset`, `history`, `help`), `ibmcloud`, `sandbox` or a tool (`tools/`).

use super::backend::Backend;
use super::output::Output;
use super::session::Session;
use super::{ibmcloud, sandbox, spec, tools};

/// Runs one command given as its expanded words (at least one), reading `stdin` if it reads.
pub(crate) fn run(
    session: &mut Session,
    backend: &mut dyn Backend,
    words: &[String],
    stdin: &str,
) -> Output {
    let mut out = Output::default();
    let first = words[0].as_str();
    match first {
        "ibmcloud" | "ic" => ibmcloud::run(session, backend, &words[1..], &mut out),
        "sandbox" => sandbox::run(session, backend, &words[1..], &mut out),
        "help" => out.out(help_text()),
        "export" => export(session, &words[1..], &mut out),
        "unset" => {
            for w in &words[1..] {
                session.env.remove(w);
            }
        }
        "curl" => return tools::curl::run(backend, &words[1..], stdin),
        "openssl" => {
            return tools::openssl::run(backend.sandbox(), &mut session.random_draws, &words[1..])
        }
        "history" => {
            for (n, h) in session.history.iter().enumerate() {
                out.out(format!("{:5}  {h}", n + 1));
            }
        }
        other => {
            if let Some(result) = tools::run(other, &words[1..], stdin) {
                return result;
            }
            out.err(format!("sandbox shell: {other}: command not found. The sandbox runs 'ibmcloud' (kp, iam, resource) and 'sandbox' commands, plus export, unset, history and a few tools (curl, jq, openssl rand, echo, printf, grep, cut, sed); type 'help'."));
            out.code = 127;
        }
    }
    out
}

/// `export` alone lists the variables; `export NAME=value` sets one and `export NAME` declares it.
fn export(session: &mut Session, words: &[String], out: &mut Output) {
    if words.is_empty() {
        for (k, v) in &session.env {
            out.out(format!("export {k}='{v}'"));
        }
    }
    for w in words {
        match assignment(w) {
            Some((name, value)) => {
                session.env.insert(name.to_string(), value.to_string());
            }
            None if is_name(w) => {
                session.env.entry(w.clone()).or_default();
            }
            None => {
                out.err(format!(
                    "sandbox shell: export: '{w}': not a valid identifier"
                ));
                out.code = 1;
            }
        }
    }
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `NAME=value` as an assignment.
fn assignment(word: &str) -> Option<(&str, &str)> {
    word.split_once('=').filter(|(n, _)| is_name(n))
}

fn help_text() -> String {
    let mut out = String::from("The sandbox's terminal runs these commands (as the current user; 'sandbox as USER' changes it):\n\n");
    for (group, about) in spec::GROUPS.iter().filter(|(g, _)| !g.contains(' ')) {
        out.push_str(&format!("  ibmcloud {group:<10} {about}\n"));
    }
    out.push_str("  sandbox             Drive the sandbox: now, advance DURATION, as USER, users, reset [--seed N]\n");
    out.push_str("  export NAME=value   Set a variable ($NAME, ${NAME}); KP_INSTANCE_ID is the default for 'kp -i'\n");
    out.push_str("  unset, history\n\n");
    out.push_str("Always set: ACCESS_TOKEN (the acting user's IAM token), KP_INSTANCE_ID (the first Key Protect\ninstance) and REGION (us-south), until you export your own.\n\n");
    out.push_str("Tools, as far as the documentation's examples use them:\n");
    for (usage, about) in tools::HELP {
        out.push_str(&format!("  {usage:<26} {about}\n"));
    }
    out.push_str("\nThe shell reads bash's forms: NAME=value, $(...) and `...`, pipes (|), &&, || and ;, quotes and\n");
    out.push_str("a trailing \\ over several lines, # comments. Not: redirections, loops, conditionals, functions.\n\n");
    out.push_str("'ibmcloud kp help' lists the Key Protect commands; COMMAND --help shows a command's flags.\n");
    out.push_str("A pasted block runs command by command and stops at the first one that fails (as with set -e).");
    out
}
