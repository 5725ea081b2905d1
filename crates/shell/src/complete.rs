//! Completion: what may come next after the words of a line (commands, subcommands, flags, and ids
//! the sandbox holds: keys, deployments, reclamations, policies, users).

use super::spec;
use byok_engine::Sandbox;

/// The completions for the word at the end of `line`.
pub(crate) fn complete(sandbox: &Sandbox, line: &str) -> Vec<String> {
    let mut parts: Vec<&str> = line.split_whitespace().collect();
    let prefix = if line.ends_with(char::is_whitespace) || line.is_empty() {
        ""
    } else {
        parts.pop().unwrap_or("")
    };
    let candidates = completions(sandbox, &parts);
    let mut out: Vec<String> = Vec::new();
    for c in candidates {
        if c.starts_with(prefix) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Everything that may come next after `words` (which are complete).
fn completions(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let Some((&first, rest)) = words.split_first() else {
        return strings(&[
            "ibmcloud", "sandbox", "curl", "jq", "openssl", "export", "echo", "help", "history",
            "unset",
        ]);
    };
    match first {
        "sandbox" => sandbox_words(sandbox, rest),
        "ibmcloud" | "ic" => ibmcloud_words(sandbox, rest),
        _ => Vec::new(),
    }
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// After `sandbox`: its subcommands, then users, durations or `--seed`.
fn sandbox_words(sandbox: &Sandbox, rest: &[&str]) -> Vec<String> {
    match rest {
        [] => spec::SANDBOX
            .iter()
            .map(|(w, _, _)| w.to_string())
            .collect(),
        ["as"] => sandbox.users().iter().map(|u| u.name.clone()).collect(),
        ["advance"] => strings(&["5m", "30m", "1h", "4h", "1d", "9d", "30d", "90d"]),
        ["reset"] => strings(&["--seed"]),
        _ => Vec::new(),
    }
}

/// After `ibmcloud`: walks the groups down to a command, then its arguments and flags.
fn ibmcloud_words(sandbox: &Sandbox, rest: &[&str]) -> Vec<String> {
    let mut group = String::new();
    let mut i = 0;
    let cmd = loop {
        let Some(word) = rest.get(i) else {
            let mut out: Vec<String> = spec::children(&group)
                .into_iter()
                .map(|(w, _)| w.to_string())
                .collect();
            if !group.is_empty() || rest.is_empty() {
                out.push("help".into());
            }
            return out;
        };
        let path = if group.is_empty() {
            word.to_string()
        } else {
            format!("{group} {word}")
        };
        if let Some(cmd) = spec::command(&path) {
            break cmd;
        }
        if !spec::is_group(&path) {
            return Vec::new();
        }
        group = path;
        i += 1;
    };
    command_words(sandbox, cmd, &rest[i + 1..])
}

/// After a command's path: a flag's values, or the next argument's values and the flags.
fn command_words(sandbox: &Sandbox, cmd: &spec::Cmd, after: &[&str]) -> Vec<String> {
    // The value of a flag?
    if let Some(last) = after.last() {
        if let Some(flag) = cmd
            .flags
            .iter()
            .find(|f| f.names.contains(last) && f.value.is_some())
        {
            return flag_values(sandbox, cmd.path, flag.names[0]);
        }
    }
    // Count positionals so far (skipping flags and their values).
    let mut positionals = 0;
    let mut j = 0;
    while j < after.len() {
        let w = after[j];
        if let Some(flag) = cmd.flags.iter().find(|f| f.names.contains(&w)) {
            j += if flag.value.is_some() { 2 } else { 1 };
            continue;
        }
        positionals += 1;
        j += 1;
    }
    let mut out = Vec::new();
    if let Some(arg) = cmd.args.get(positionals) {
        out.extend(arg_values(sandbox, cmd.path, arg));
    }
    for f in cmd.flags {
        out.extend(f.names.iter().map(|n| n.to_string()));
    }
    out
}

fn flag_values(sandbox: &Sandbox, path: &str, flag: &str) -> Vec<String> {
    match flag {
        "-i" | "--target-service-instance-id" => {
            sandbox.instances().iter().map(|i| i.guid.clone()).collect()
        }
        "-k" if path == "kp registrations" => sandbox.keys().map(|k| k.id.clone()).collect(),
        "-o" | "--output" => vec!["json".into()],
        "--service-name" => services(),
        "--key-states" => vec!["1,2,3".into(), "1,2,3,5".into(), "5".into()],
        _ => Vec::new(),
    }
}

fn services() -> Vec<String> {
    let mut out = vec!["kms".to_string()];
    out.extend(
        [
            "databases-for-postgresql",
            "databases-for-mongodb",
            "databases-for-redis",
            "databases-for-elasticsearch",
            "databases-for-mysql",
            "databases-for-etcd",
            "databases-for-enterprisedb",
            "messages-for-rabbitmq",
        ]
        .map(String::from),
    );
    out
}

fn arg_values(sandbox: &Sandbox, path: &str, arg: &str) -> Vec<String> {
    match arg {
        "KEY_ID" => sandbox.keys().map(|k| k.id.clone()).collect(),
        "NAME_OR_ID" => {
            let mut out: Vec<String> = Vec::new();
            for d in sandbox.deployments() {
                out.push(d.name.clone());
                out.push(d.guid.clone());
            }
            out.extend(sandbox.instances().iter().map(|i| i.guid.clone()));
            out
        }
        "ID" => sandbox.reclamations().map(|r| r.id.clone()).collect(),
        "POLICY_ID" => sandbox
            .authorizations()
            .iter()
            .map(|a| a.id.clone())
            .collect(),
        "SOURCE_SERVICE" => services().into_iter().skip(1).collect(),
        "TARGET_SERVICE" => vec!["kms".into(), "hs-crypto".into()],
        "ROLES" => vec!["Reader".into(), "Reader,AuthorizationDelegator".into()],
        "SERVICE" if path == "resource service-instance-create" => services(),
        "PLAN" => vec!["standard".into(), "tiered-pricing".into()],
        "LOCATION" => byok_engine::sandbox::REGIONS.map(String::from).to_vec(),
        _ => Vec::new(),
    }
}
