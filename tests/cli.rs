//! The `ibmcloud` terminal, tested as a reader uses it: golden transcripts in tests/cli/*.t, plus
//! completion tests.
//!
//! Transcript format:
//! - `$ COMMAND` is a line typed at the prompt; `> MORE` lines right after it continue the same input
//!   (a multi-line paste, handed to `Shell::exec` as one text with newlines).
//! - The lines after it are the expected output: stdout lines as they are, stderr lines prefixed with
//!   `! `, and last `[exit N]`. The runner writes these; `UPDATE_EXPECT=1 cargo test --test cli`
//!   rewrites the files (review the diff).
//! - Other lines (`#` comments, blank lines) between commands are kept as they are.
//! - Every script runs on `Sandbox::new(1)` as alice. Before each command the runner exports
//!   variables for what exists: `$INSTANCE`, `$ACCOUNT`, `$KEY_<NAME>` and `$KEY_CRN_<NAME>` (the key
//!   named NAME, upper-cased with `-` as `_`), `$DB_<NAME>` (a deployment's GUID), `$DB_CRN_<NAME>`,
//!   `$RECLAMATION_<NAME>` (the reclamation of deployment NAME) and `$POLICY_<N>` (the Nth
//!   authorization). In the output those values are written back as these `$NAMES`, so scripts read
//!   well and do not depend on generated ids; the acting user's access token issued at the current
//!   virtual instant is written as `$ACCESS_TOKEN`.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
#[path = "support/golden.rs"]
mod golden;

use byok_engine::{Sandbox, TOKEN_LIFETIME};
use byok_shell::{Backend, Shell};

struct Runner {
    sandbox: Sandbox,
    shell: Shell,
    vars: BTreeMap<String, String>,
}

fn var_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

impl Runner {
    fn new() -> Runner {
        Runner {
            sandbox: Sandbox::new(1),
            shell: Shell::new(),
            vars: BTreeMap::new(),
        }
    }

    /// Binds what exists now (names stay bound after their object goes, so answers stay readable).
    fn bind(&mut self) {
        let s = &self.sandbox;
        let mut found = vec![("ACCOUNT".to_string(), s.account().to_string())];
        if let Some(i) = s.instances().first() {
            found.push(("INSTANCE".into(), i.guid.clone()));
        }
        for k in s.keys() {
            found.push((format!("KEY_{}", var_name(&k.name)), k.id.clone()));
            found.push((format!("KEY_CRN_{}", var_name(&k.name)), k.crn.clone()));
        }
        for d in s.deployments() {
            found.push((format!("DB_{}", var_name(&d.name)), d.guid.clone()));
            found.push((format!("DB_CRN_{}", var_name(&d.name)), d.crn.clone()));
        }
        for r in s.reclamations() {
            if let Some(d) = s.deployment(&r.resource_instance_id) {
                found.push((format!("RECLAMATION_{}", var_name(&d.name)), r.id.clone()));
            }
        }
        for (n, a) in s.authorizations().iter().enumerate() {
            found.push((format!("POLICY_{}", n + 1), a.id.clone()));
        }
        for (name, value) in found {
            self.shell.set_var(&name, &value);
            self.vars.insert(name, value);
        }
        // Named in the output only: the shell provides $ACCESS_TOKEN itself, issued by its clock.
        let user = s.user_by_name(self.shell.user()).map(|u| u.id.clone());
        if let Some(token) = user.and_then(|id| s.issue_token(&id, s.now().0, TOKEN_LIFETIME)) {
            self.vars.insert("ACCESS_TOKEN".into(), token);
        }
    }

    fn name_values(&self, text: &str) -> String {
        let mut vars: Vec<(&String, &String)> = self.vars.iter().collect();
        vars.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
        let mut s = text.to_string();
        for (name, value) in vars {
            if value.len() < 8 {
                continue;
            }
            // A value followed by spaces is a table cell: pad its name so the columns stay aligned.
            let name = format!("${name}");
            let padded = format!("{name:<width$}", width = value.len());
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(at) = rest.find(value.as_str()) {
                out.push_str(&rest[..at]);
                rest = &rest[at + value.len()..];
                out.push_str(if rest.starts_with("  ") {
                    &padded
                } else {
                    &name
                });
            }
            out.push_str(rest);
            s = out;
        }
        s
    }

    fn run(script: &str) -> String {
        let mut runner = Runner::new();
        let lines: Vec<&str> = script.lines().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            let Some(first) = line.strip_prefix("$ ") else {
                out.push_str(line);
                out.push('\n');
                continue;
            };
            out.push_str(line);
            out.push('\n');
            let mut input = first.to_string();
            while let Some(more) = lines.get(i).and_then(|l| {
                l.strip_prefix("> ")
                    .or(if *l == ">" { Some("") } else { None })
            }) {
                out.push_str(lines[i]);
                out.push('\n');
                input.push('\n');
                input.push_str(more);
                i += 1;
            }
            // Skip the old answer, which ends at `[exit N]` before the next command.
            if let Some(end) = lines[i..]
                .iter()
                .position(|l| l.starts_with("[exit ") || l.starts_with("$ "))
            {
                if lines[i + end].starts_with("[exit ") {
                    i += end + 1;
                }
            }
            runner.bind();
            let result = runner.shell.exec(&mut runner.sandbox, &input);
            runner.bind();
            for l in result.stdout.lines() {
                out.push_str(&runner.name_values(l));
                out.push('\n');
            }
            for l in result.stderr.lines() {
                out.push_str("! ");
                out.push_str(&runner.name_values(l));
                out.push('\n');
            }
            out.push_str(&format!("[exit {}]\n", result.code));
        }
        out
    }
}

#[test]
fn transcripts() {
    golden::check("tests/cli", Runner::run);
}

fn complete(shell: &Shell, sandbox: &Sandbox, line: &str) -> Vec<String> {
    shell.complete(sandbox as &dyn Backend, line)
}

#[test]
fn completes_commands_subcommands_and_flags() {
    let (shell, sandbox) = (Shell::new(), Sandbox::new(1));
    assert_eq!(complete(&shell, &sandbox, "ibm"), ["ibmcloud"]);
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud "),
        ["iam", "kp", "resource", "help"]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud kp k"),
        ["key", "key-ring", "key-rings", "keys"]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud kp key policy-update "),
        ["dual-auth-delete", "rotation", "help"]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud kp key create x --"),
        [
            "--instance-ID",
            "--output",
            "--key-material",
            "--standard-key",
            "--description",
            "--key-ring"
        ]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud kp key delete x -f"),
        ["-f"]
    );
    assert_eq!(complete(&shell, &sandbox, "ibmcloud kp keys -o "), ["json"]);
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud resource reclamation-"),
        ["reclamation-delete", "reclamation-restore"]
    );
    assert_eq!(complete(&shell, &sandbox, "sandbox a"), ["advance", "as"]);
    assert_eq!(
        complete(&shell, &sandbox, "sandbox as "),
        ["alice", "bob", "carol", "dave"]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud nothing "),
        Vec::<String>::new()
    );
}

#[test]
fn completes_ids() {
    let (mut shell, mut sandbox) = (Shell::new(), Sandbox::new(1));
    let paste = r#"ibmcloud kp key create pg-root-key
ibmcloud iam authorization-policy-create databases-for-postgresql kms Reader"#;
    assert_eq!(shell.exec(&mut sandbox, paste).code, 0);
    let key = sandbox.keys().next().unwrap();
    let (id, crn) = (key.id.clone(), key.crn.clone());
    let out = shell.exec(
        &mut sandbox,
        &format!(r#"ibmcloud resource service-instance-create orders-db databases-for-postgresql standard us-south -p '{{"disk_encryption_key_crn":"{crn}"}}'"#),
    );
    assert_eq!(out.code, 0, "{out:?}");
    let instance = sandbox.instances()[0].guid.clone();
    let db = sandbox.deployments().next().unwrap().guid.clone();
    let policy = sandbox.authorizations()[0].id.clone();

    let with_flags = |ids: &[&str], flags: &[&str]| -> Vec<String> {
        ids.iter().chain(flags).map(|s| s.to_string()).collect()
    };
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud kp key show "),
        with_flags(&[&id], &["-i", "--instance-ID", "-o", "--output"])
    );
    assert_eq!(
        complete(
            &shell,
            &sandbox,
            &format!("ibmcloud kp key show {}", &id[..4])
        ),
        vec![id.clone()]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud kp keys -i "),
        vec![instance.clone()]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud kp registrations -k "),
        vec![id.clone()]
    );
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud resource service-instance o"),
        ["orders-db"]
    );
    assert_eq!(
        complete(
            &shell,
            &sandbox,
            &format!("ibmcloud resource service-instance-delete {}", &db[..6])
        ),
        vec![db.clone()]
    );
    assert_eq!(
        complete(
            &shell,
            &sandbox,
            "ibmcloud iam authorization-policy-delete "
        ),
        with_flags(&[&policy], &["-f", "--force"])
    );

    let out = shell.exec(
        &mut sandbox,
        "ibmcloud resource service-instance-delete orders-db -f",
    );
    assert_eq!(out.code, 0, "{out:?}");
    let reclamation = sandbox.reclamations().next().unwrap().id.clone();
    assert_eq!(
        complete(&shell, &sandbox, "ibmcloud resource reclamation-restore "),
        with_flags(&[&reclamation], &["--output"])
    );
}

#[test]
fn history_keeps_every_command_run() {
    let (mut shell, mut sandbox) = (Shell::new(), Sandbox::new(1));
    shell.exec(
        &mut sandbox,
        "# a comment\n\nexport A=1\necho $A\nibmcloud kp keyz\necho never",
    );
    assert_eq!(
        shell.history(),
        ["export A=1", "echo $A", "ibmcloud kp keyz"]
    );
    assert_eq!(shell.user(), "alice");
    shell.exec(&mut sandbox, "sandbox as bob");
    assert_eq!(shell.user(), "bob");
}
