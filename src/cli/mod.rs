//! The `ibmcloud` terminal: a small POSIX-like shell whose commands (`ibmcloud kp ...`,
//! `ibmcloud iam ...`, `ibmcloud resource ...`, `sandbox ...`) are a face over the request API, so
//! every command is one or more `request`s as the current user, answered in the real CLI's formats.
//!
//! The shell knows nothing of the browser: the app implements [`Backend`] over its reducer (so each
//! request is journaled), tests and headless users use the plain [`Sandbox`] implementation.

mod fmt;
mod kp;
mod platform;
mod spec;
mod words;

use std::collections::BTreeMap;

use crate::engine::{Duration, Request, Response, Sandbox};

/// What the shell runs commands against. The app implements it over its reducer (so every request
/// is journaled); tests and headless users use the plain Sandbox impl.
pub trait Backend {
    fn sandbox(&self) -> &Sandbox;
    fn request(&mut self, req: &Request) -> Response;
    fn advance(&mut self, d: Duration);
    /// `sandbox reset [--seed N]`: start a new sandbox (None = a random seed chosen by the caller).
    fn reset(&mut self, seed: Option<u64>);
}

impl Backend for Sandbox {
    fn sandbox(&self) -> &Sandbox {
        self
    }

    fn request(&mut self, req: &Request) -> Response {
        Sandbox::request(self, req)
    }

    fn advance(&mut self, d: Duration) {
        Sandbox::advance(self, d)
    }

    fn reset(&mut self, seed: Option<u64>) {
        *self = Sandbox::new(seed.unwrap_or(1));
    }
}

/// What a command line printed and its exit status (0 ok, 1 failure, 2 usage error).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Output {
    fn out(&mut self, text: impl AsRef<str>) {
        self.stdout.push_str(text.as_ref());
        if !self.stdout.ends_with('\n') {
            self.stdout.push('\n');
        }
    }

    fn err(&mut self, text: impl AsRef<str>) {
        self.stderr.push_str(text.as_ref());
        if !self.stderr.ends_with('\n') {
            self.stderr.push('\n');
        }
    }

    /// `FAILED` and the reason, with exit status `code`.
    fn fail(&mut self, code: i32, text: impl AsRef<str>) {
        self.err("FAILED");
        self.err(text);
        self.code = code;
    }

    fn append(&mut self, other: Output) {
        self.stdout.push_str(&other.stdout);
        self.stderr.push_str(&other.stderr);
        self.code = other.code;
    }
}

/// The terminal's state: environment variables, the user commands run as, and the history.
pub struct Shell {
    env: BTreeMap<String, String>,
    user: String,
    history: Vec<String>,
    last_code: i32,
}

impl Default for Shell {
    fn default() -> Shell {
        Shell::new()
    }
}

impl Shell {
    pub fn new() -> Shell {
        Shell {
            env: BTreeMap::new(),
            user: "alice".into(),
            history: Vec::new(),
            last_code: 0,
        }
    }

    /// The name of the user commands run as (`sandbox as USER` changes it).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Makes commands run as `name` (the app keeps the shell in step with its "act as").
    pub fn set_user(&mut self, name: &str) {
        self.user = name.to_string();
    }

    /// An environment variable, as `$NAME` expands it.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }

    /// Sets an environment variable, as `export NAME=value` does.
    pub fn set_var(&mut self, name: &str, value: &str) {
        self.env.insert(name.to_string(), value.to_string());
    }

    /// Runs one line or a multi-line paste: line by line, stopping at the first failing command
    /// (non-zero exit). Empty lines and `# comments` are skipped. A line ending in `\`, or with a
    /// quote still open, continues on the next line.
    pub fn exec(&mut self, backend: &mut dyn Backend, input: &str) -> Output {
        let mut output = Output::default();
        let lines: Vec<&str> = input.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let mut text = lines[i].to_string();
            i += 1;
            let split = loop {
                if words::continues(&text) && i < lines.len() {
                    text.pop();
                    text.push_str(lines[i]);
                    i += 1;
                    continue;
                }
                match words::split(&text, &self.env, self.last_code) {
                    Err(words::SplitError::Unclosed(_)) if i < lines.len() => {
                        text.push('\n');
                        text.push_str(lines[i]);
                        i += 1;
                    }
                    other => break other,
                }
            };
            let trimmed = text.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            self.history.push(trimmed.to_string());
            let result = match split {
                Ok(words) if words.is_empty() => continue,
                Ok(words) => self.run(backend, &words),
                Err(e) => {
                    let mut o = Output::default();
                    let why = match e {
                        words::SplitError::Unclosed(q) => {
                            format!("sandbox shell: unexpected end of input while looking for the matching `{q}'")
                        }
                        words::SplitError::Unsupported(why) => format!("sandbox shell: {why}"),
                    };
                    o.err(why);
                    o.code = 2;
                    o
                }
            };
            self.last_code = result.code;
            output.append(result);
            if output.code != 0 {
                break;
            }
        }
        output
    }

    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Completions for the word at the end of `line`: commands, subcommands, flags, and ids
    /// (key ids, deployment names/GUIDs, reclamation ids, policy ids, user names).
    pub fn complete(&self, backend: &dyn Backend, line: &str) -> Vec<String> {
        let mut parts: Vec<&str> = line.split_whitespace().collect();
        let prefix = if line.ends_with(char::is_whitespace) || line.is_empty() {
            ""
        } else {
            parts.pop().unwrap_or("")
        };
        let candidates = completions(backend.sandbox(), &parts);
        let mut out: Vec<String> = Vec::new();
        for c in candidates {
            if c.starts_with(prefix) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Runs one command given as words.
    fn run(&mut self, backend: &mut dyn Backend, words: &[String]) -> Output {
        let mut out = Output::default();
        let first = words[0].as_str();
        if let Some((name, value)) = assignment(first) {
            if words.len() > 1 {
                out.fail(2, format!("sandbox shell: '{name}={value} COMMAND' is not supported: export {name} first, then run the command"));
                return out;
            }
            self.env.insert(name.to_string(), value.to_string());
            return out;
        }
        match first {
            "ibmcloud" | "ic" => self.ibmcloud(backend, &words[1..], &mut out),
            "sandbox" => platform::sandbox(self, backend, &words[1..], &mut out),
            "help" => out.out(help_text()),
            "export" => {
                if words.len() == 1 {
                    for (k, v) in &self.env {
                        out.out(format!("export {k}='{v}'"));
                    }
                }
                for w in &words[1..] {
                    match assignment(w) {
                        Some((name, value)) => {
                            self.env.insert(name.to_string(), value.to_string());
                        }
                        None if is_name(w) => {
                            self.env.entry(w.clone()).or_default();
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
            "unset" => {
                for w in &words[1..] {
                    self.env.remove(w);
                }
            }
            "echo" => out.out(words[1..].join(" ")),
            "history" => {
                for (n, h) in self.history.iter().enumerate() {
                    out.out(format!("{:5}  {h}", n + 1));
                }
            }
            other => {
                out.err(format!("sandbox shell: {other}: command not found. The sandbox runs 'ibmcloud' (kp, iam, resource) and 'sandbox' commands, plus export, echo, unset and history; type 'help'."));
                out.code = 127;
            }
        }
        out
    }

    fn ibmcloud(&mut self, backend: &mut dyn Backend, words: &[String], out: &mut Output) {
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
                let sandbox = backend.sandbox();
                let email = sandbox
                    .user_by_name(&self.user)
                    .map_or(String::new(), |u| u.email.clone());
                out.out(format!("The sandbox is always logged in: you act as {} ({email}) in account {}, region us-south. 'sandbox as USER' changes the user.", self.user, sandbox.account()));
                return;
            }
            let path = if group.is_empty() {
                word.clone()
            } else {
                format!("{group} {word}")
            };
            if let Some(cmd) = spec::command(&path) {
                let rest = &words[i + 1..];
                if rest.iter().any(|w| w == "--help" || w == "-h") {
                    out.out(spec::usage(cmd));
                    return;
                }
                let args = match spec::parse(cmd, rest) {
                    Ok(a) => a,
                    Err(why) => {
                        out.fail(
                            2,
                            format!("Incorrect Usage{why}\n\n{}", spec::usage(cmd).trim_end()),
                        );
                        return;
                    }
                };
                let mut ctx = Ctx {
                    shell: self,
                    backend,
                    out,
                };
                match path.split(' ').next() {
                    Some("kp") => kp::run(&mut ctx, cmd.path, &args),
                    Some("iam") => platform::iam(&mut ctx, cmd.path, &args),
                    _ => platform::resource(&mut ctx, cmd.path, &args),
                }
                return;
            }
            if spec::is_group(&path) {
                group = path;
                i += 1;
                continue;
            }
            let known: Vec<&str> = spec::children(&group).iter().map(|(w, _)| *w).collect();
            let help = if group.is_empty() {
                "ibmcloud help".to_string()
            } else {
                format!("ibmcloud {group} help")
            };
            let mut text = format!("'{word}' is not a registered command. See '{help}'.");
            if let Some(s) = spec::suggest(word, known) {
                text.push_str(&format!("\nDid you mean '{s}'?"));
            } else if group.is_empty() {
                text.push_str("\nThe sandbox simulates the kp, iam and resource commands.");
            }
            out.fail(2, text);
            return;
        }
    }
}

/// What a command handler works with.
pub(crate) struct Ctx<'a> {
    pub shell: &'a mut Shell,
    pub backend: &'a mut dyn Backend,
    pub out: &'a mut Output,
}

impl Ctx<'_> {
    /// Sends a request as the current user, with `bluemix-instance` when given.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        instance: Option<&str>,
    ) -> Response {
        self.request_with(method, path, body, instance, &[])
    }

    /// [`Ctx::request`] with more headers.
    pub fn request_with(
        &mut self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        instance: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Response {
        let token = self
            .backend
            .sandbox()
            .user_by_name(&self.shell.user)
            .map(|u| u.token.clone())
            .unwrap_or_default();
        let mut req =
            Request::new(method, path).header("authorization", &format!("Bearer {token}"));
        if let Some(i) = instance {
            req = req.header("bluemix-instance", i);
        }
        for (name, value) in extra {
            req = req.header(name, value);
        }
        req.body = body;
        self.backend.request(&req)
    }

    pub fn email(&self) -> String {
        self.backend
            .sandbox()
            .user_by_name(&self.shell.user)
            .map_or_else(|| self.shell.user.clone(), |u| u.email.clone())
    }

    pub fn account(&self) -> String {
        self.backend.sandbox().account().to_string()
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
    out.push_str("  echo, unset, history\n\n");
    out.push_str("'ibmcloud kp help' lists the Key Protect commands; COMMAND --help shows a command's flags.\n");
    out.push_str("A pasted block runs line by line and stops at the first command that fails.");
    out
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

/// Everything that may come next after `words` (which are complete).
fn completions(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let s = |v: &[&str]| v.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let Some((&first, rest)) = words.split_first() else {
        return s(&[
            "ibmcloud", "sandbox", "export", "echo", "help", "history", "unset",
        ]);
    };
    match first {
        "sandbox" => {
            return match rest {
                [] => spec::SANDBOX
                    .iter()
                    .map(|(w, _, _)| w.to_string())
                    .collect(),
                ["as"] => sandbox.users().iter().map(|u| u.name.clone()).collect(),
                ["advance"] => s(&["5m", "30m", "1h", "4h", "1d", "9d", "30d", "90d"]),
                ["reset"] => s(&["--seed"]),
                _ => Vec::new(),
            }
        }
        "ibmcloud" | "ic" => {}
        "export" | "echo" | "unset" | "help" | "history" => return Vec::new(),
        _ => return Vec::new(),
    }
    // Walk groups down to a command.
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
    let after = &rest[i + 1..];
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
        "LOCATION" => crate::engine::sandbox::REGIONS.map(String::from).to_vec(),
        _ => Vec::new(),
    }
}
