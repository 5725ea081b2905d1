//! `sandbox ...`: the sandbox's own commands, which no real CLI has: the clock, the acting user,
//! users' roles, a fresh start.

use serde_json::{json, Value};

use super::args::suggest;
use super::backend::Backend;
use super::fmt::{encode, table, text};
use super::output::Output;
use super::session::Session;
use super::spec;
use byok_engine::iam::User;
use byok_engine::Duration;

pub(crate) fn run(
    session: &mut Session,
    backend: &mut dyn Backend,
    words: &[String],
    out: &mut Output,
) {
    let sub = words.first().map(String::as_str).unwrap_or("help");
    let rest = &words[words.len().min(1)..];
    match (sub, rest) {
        ("help" | "--help" | "-h", _) => out.out(help()),
        ("now", []) => out.out(backend.sandbox().now().to_string()),
        ("advance", [d]) => advance(backend, d, out),
        ("as", [name]) => act_as(session, backend, name, out),
        ("users", []) => users(session, backend, out),
        ("roles", [name, roles]) => set_roles(session, backend, name, roles, out),
        ("reset", rest) => {
            if let Some(seed) = reset_seed(rest, out) {
                reset(session, backend, seed, out);
            }
        }
        (sub, _) if spec::SANDBOX.iter().any(|(w, _, _)| *w == sub) => {
            let (_, args, _) = spec::SANDBOX.iter().find(|(w, _, _)| *w == sub).unwrap();
            out.fail(
                2,
                format!("Incorrect Usage: sandbox {sub} {args}").trim_end(),
            );
        }
        (sub, _) => {
            let mut text = format!("'{sub}' is not a registered command. See 'sandbox help'.");
            if let Some(s) = suggest(sub, spec::SANDBOX.iter().map(|(w, _, _)| *w)) {
                text.push_str(&format!("\nDid you mean '{s}'?"));
            }
            out.fail(2, text);
        }
    }
}

fn help() -> String {
    let mut text = String::from("USAGE:\n   sandbox COMMAND [ARGUMENTS]\n\nCOMMANDS:\n");
    for (word, args, about) in spec::SANDBOX {
        let usage = format!("{word} {args}");
        text.push_str(&format!("   {usage:<20} {about}\n"));
    }
    text.trim_end().to_string()
}

/// `sandbox advance DURATION`: moves the clock and lists the events it brought.
fn advance(backend: &mut dyn Backend, d: &str, out: &mut Output) {
    let d = match Duration::parse(d) {
        Ok(d) => d,
        Err(e) => {
            out.fail(2, format!("Incorrect Usage: {e}"));
            return;
        }
    };
    let seen = backend.sandbox().event_count();
    backend.advance(d);
    let sandbox = backend.sandbox();
    out.out(format!("Advanced {d}: the clock is now {}", sandbox.now()));
    let rows: Vec<Vec<String>> = sandbox
        .events_after(seen)
        .iter()
        .map(|e| {
            let by = sandbox
                .users()
                .iter()
                .find(|u| e.initiator.id == u.id)
                .map_or(e.initiator.name.to_string(), |u| u.name.clone());
            vec![
                e.event_time.to_string(),
                e.action.to_string(),
                format!("{} {}", e.outcome, e.reason.reason_code),
                by,
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.out(table(&["Time", "Event", "Outcome", "Initiator"], &rows));
    }
}

/// `sandbox as USER`.
fn act_as(session: &mut Session, backend: &dyn Backend, name: &str, out: &mut Output) {
    let sandbox = backend.sandbox();
    let Some(user) = sandbox.user_by_name(name) else {
        let names: Vec<&str> = sandbox.users().iter().map(|u| u.name.as_str()).collect();
        out.fail(
            1,
            format!(
                "No user '{name}': the sandbox's users are {}.",
                names.join(", ")
            ),
        );
        return;
    };
    session.user = user.name.clone();
    out.out(format!(
        "Now acting as {} ({}): Key Protect {}; databases {}",
        user.name,
        user.email,
        roles(user),
        user.database_role.name()
    ));
}

/// `sandbox users`: a table with the acting user marked `*`.
fn users(session: &Session, backend: &dyn Backend, out: &mut Output) {
    let rows: Vec<Vec<String>> = backend
        .sandbox()
        .users()
        .iter()
        .map(|u| {
            let mark = if u.name == session.user { "*" } else { "" };
            vec![
                format!("{mark}{}", u.name),
                u.email.clone(),
                roles(u),
                u.database_role.name().to_string(),
                if u.owner { "owner" } else { "" }.to_string(),
            ]
        })
        .collect();
    out.out(table(
        &["User", "Email", "Key Protect Roles", "Databases Role", ""],
        &rows,
    ));
}

/// `sandbox roles USER ROLES`, through the sandbox's own API as the acting user.
fn set_roles(
    session: &Session,
    backend: &mut dyn Backend,
    name: &str,
    roles: &str,
    out: &mut Output,
) {
    let token = backend
        .sandbox()
        .user_by_name(&session.user)
        .map(|u| u.token.clone())
        .unwrap_or_default();
    let roles: Vec<&str> = roles
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect();
    let req =
        byok_engine::Request::new("PUT", &format!("/sandbox/v1/users/{}/roles", encode(name)))
            .header("authorization", &format!("Bearer {token}"))
            .json(json!({ "kms": roles }));
    let resp = backend.request(&req);
    let body = resp.body.unwrap_or(Value::Null);
    if resp.status >= 400 {
        out.fail(1, text(body.get("errors")));
        return;
    }
    out.out(format!(
        "OK\n{name} now has the Key Protect roles {}",
        if roles.is_empty() {
            "(none)".to_string()
        } else {
            roles.join(",")
        }
    ));
}

/// `reset`'s words to its seed: `Some(None)` for none given, `None` (with the failure printed)
/// for a bad one.
fn reset_seed(rest: &[String], out: &mut Output) -> Option<Option<u64>> {
    match rest {
        [] => Some(None),
        [flag, n] if flag == "--seed" => match n.parse::<u64>() {
            Ok(n) => Some(Some(n)),
            Err(_) => {
                out.fail(
                    2,
                    format!("Incorrect Usage: --seed takes a whole number, not '{n}'."),
                );
                None
            }
        },
        [flag] if flag.starts_with("--seed=") => match flag["--seed=".len()..].parse::<u64>() {
            Ok(n) => Some(Some(n)),
            Err(_) => {
                out.fail(2, "Incorrect Usage: --seed takes a whole number.");
                None
            }
        },
        _ => {
            out.fail(2, "Incorrect Usage: sandbox reset [--seed N]");
            None
        }
    }
}

/// `sandbox reset`: a new sandbox; the acting user stays if the new one has them.
fn reset(session: &mut Session, backend: &mut dyn Backend, seed: Option<u64>, out: &mut Output) {
    backend.reset(seed);
    let sandbox = backend.sandbox();
    if sandbox.user_by_name(&session.user).is_none() {
        session.user = "alice".into();
    }
    let instance = sandbox.instances().first().map_or(String::new(), |i| {
        format!(", Key Protect instance {} ({})", i.guid, i.name)
    });
    out.out(format!(
        "Started a new sandbox with seed {}: account {}{instance}. The clock is at {}.",
        sandbox.seed(),
        sandbox.account(),
        sandbox.now()
    ));
}

fn roles(user: &User) -> String {
    let names: Vec<&str> = user.kms_roles.list().iter().map(|r| r.name()).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(",")
    }
}
