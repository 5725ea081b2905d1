//! `ibmcloud ...`: walks the words down the command groups of the table in `spec.rs` to one
//! command, parses its flags, and hands it to its group's handlers (`kp`, `iam`, `resource`); a
//! group alone prints its help, and an unknown word the CLI's error with a suggestion.

use super::args;
use super::backend::Backend;
use super::output::Output;
use super::session::{Ctx, Session};
use super::{iam, kp, resource, spec};

pub(crate) fn run(
    session: &mut Session,
    backend: &mut dyn Backend,
    words: &[String],
    out: &mut Output,
) {
    let mut group = String::new();
    let mut i = 0;
    loop {
        let Some(word) = words.get(i) else {
            out.out(group_help(&group));
            return;
        };
        if word == "help" || word == "--help" || word == "-h" {
            out.out(group_help(&group));
            return;
        }
        if group.is_empty() && (word == "login" || word == "target") {
            out.out(logged_in(session, backend));
            return;
        }
        let path = if group.is_empty() {
            word.clone()
        } else {
            format!("{group} {word}")
        };
        if let Some(cmd) = spec::command(&path) {
            let mut ctx = Ctx {
                session,
                backend,
                out,
            };
            return command(&mut ctx, cmd, &words[i + 1..]);
        }
        if spec::is_group(&path) {
            group = path;
            i += 1;
            continue;
        }
        return not_registered(&group, word, out);
    }
}

/// Runs a command of the table with the words after its path.
fn command(ctx: &mut Ctx, cmd: &spec::Cmd, rest: &[String]) {
    if rest.iter().any(|w| w == "--help" || w == "-h") {
        ctx.out.out(args::usage(cmd));
        return;
    }
    let args = match args::parse(cmd, rest) {
        Ok(a) => a,
        Err(why) => {
            ctx.out.fail(
                2,
                format!("Incorrect Usage{why}\n\n{}", args::usage(cmd).trim_end()),
            );
            return;
        }
    };
    match cmd.path.split(' ').next() {
        Some("kp") => kp::run(ctx, cmd.path, &args),
        Some("iam") => iam::run(ctx, cmd.path, &args),
        _ => resource::run(ctx, cmd.path, &args),
    }
}

/// `ibmcloud login` and `target`: there is nothing to log in to.
fn logged_in(session: &Session, backend: &dyn Backend) -> String {
    let sandbox = backend.sandbox();
    let email = sandbox
        .user_by_name(&session.user)
        .map_or(String::new(), |u| u.email.clone());
    format!("The sandbox is always logged in: you act as {} ({email}) in account {}, region us-south. 'sandbox as USER' changes the user.", session.user, sandbox.account())
}

fn not_registered(group: &str, word: &str, out: &mut Output) {
    let known: Vec<&str> = spec::children(group).iter().map(|(w, _)| *w).collect();
    let help = if group.is_empty() {
        "ibmcloud help".to_string()
    } else {
        format!("ibmcloud {group} help")
    };
    let mut text = format!("'{word}' is not a registered command. See '{help}'.");
    if let Some(s) = args::suggest(word, known) {
        text.push_str(&format!("\nDid you mean '{s}'?"));
    } else if group.is_empty() {
        text.push_str("\nThe sandbox simulates the kp, iam and resource commands.");
    }
    out.fail(2, text);
}

fn group_help(group: &str) -> String {
    if group.is_empty() {
        let mut out = String::from("NAME:\n   ibmcloud - the IBM Cloud command line, as the sandbox simulates it\n\nUSAGE:\n   ibmcloud COMMAND [SUBCOMMAND] [ARGUMENTS] [FLAGS]\n\nCOMMANDS:\n");
        for (word, about) in spec::children("") {
            out.push_str(&format!("   {word:<12} {about}\n"));
        }
        out.push_str("\nEnter 'ibmcloud COMMAND help' for a command's subcommands and 'sandbox help' for the sandbox's own.");
        return out;
    }
    let children = spec::children(group);
    let width = children.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
    let mut out = format!("USAGE:\n   ibmcloud {group} COMMAND [ARGUMENTS] [FLAGS]\n\nCOMMANDS:\n");
    for (word, about) in children {
        out.push_str(&format!("   {word:width$}   {about}\n"));
    }
    out.push_str(&format!(
        "\nEnter 'ibmcloud {group} COMMAND --help' for more information about a command."
    ));
    out
}
