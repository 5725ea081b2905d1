//! Transcript tests: a readable script of requests and clock steps, with the sandbox's answers
//! written under each line. The runner replays the script on a fresh sandbox and produces the whole
//! text again; the test passes when it equals the file. Natively `UPDATE_EXPECT=1` rewrites the
//! files; the wasm build compares the same files, proving both builds answer byte for byte alike.
//!
//! Script lines (answers are the indented lines, which the runner writes):
//! - `alice POST /keys [{"name":"k1"}] -> $k1`: a request as a user (`alice`, `bob`, `carol`,
//!   `dave`), as the stand-in resource service (`service`) or with no token (`nobody`). The path may
//!   leave out `/api/v2`. A body in `[...]` is wrapped in the collection envelope the path expects; a
//!   body in `'...'` is sent as raw text; `+name=value` words add headers. `-> $v` binds the id of
//!   the first resource. A leading `!` prints the whole response body.
//! - `let $v = /json/pointer`: binds a value of the last response body.
//! - `set $v = text`: binds a text (with earlier `$names` replaced) for later lines.
//! - `advance 4h`: moves the clock, printing the new time and the events the clock logged.
//! - `roles carol Writer,KeyPurge`: the owner sets a user's Key Protect roles.
//! - `# ...` and blank lines are kept as they are.
//!
//! Values bound to `$names` (and `$instance`, `$account`) are written back as their names in the
//! answers, so scripts stay readable and independent of generated ids.

use byok_engine::command::Command;
use byok_engine::iam::KpRole;
use byok_engine::{Actor, Duration, Request, Response, Sandbox};
use serde_json::Value;

pub struct Runner {
    pub sandbox: Sandbox,
    vars: Vec<(String, String)>,
    last: Option<Response>,
    seen_events: usize,
}

impl Runner {
    pub fn new(seed: u64) -> Runner {
        let sandbox = Sandbox::new(seed);
        let vars = vec![
            ("$instance".to_string(), sandbox.instances()[0].guid.clone()),
            ("$account".to_string(), sandbox.account().to_string()),
        ];
        let seen_events = sandbox.events().len();
        Runner {
            sandbox,
            vars,
            last: None,
            seen_events,
        }
    }

    /// Replays a script and returns it with fresh answers.
    pub fn run(script: &str) -> String {
        let mut runner = Runner::new(1);
        let mut out = String::new();
        for line in script.lines() {
            if line.starts_with("  ") {
                continue; // an old answer
            }
            out.push_str(line);
            out.push('\n');
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            for answer in runner.step(trimmed) {
                out.push_str("  ");
                out.push_str(&answer);
                out.push('\n');
            }
        }
        out
    }

    fn substitute(&self, text: &str) -> String {
        let mut vars = self.vars.clone();
        vars.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        let mut s = text.to_string();
        for (name, value) in vars {
            s = s.replace(&name, &value);
        }
        s
    }

    fn name_values(&self, text: &str) -> String {
        let mut vars = self.vars.clone();
        vars.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
        let mut s = text.to_string();
        for (name, value) in vars {
            if value.len() >= 8 {
                s = s.replace(&value, &name);
            }
        }
        s
    }

    fn step(&mut self, line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[0] {
            "advance" => {
                let d = Duration::parse(words[1]).expect("a duration");
                self.sandbox.advance(d);
                out.push(format!("now {}", self.sandbox.now()));
            }
            "let" => {
                let (name, pointer) = (words[1], words[3]);
                let body = self
                    .last
                    .as_ref()
                    .and_then(|r| r.body.clone())
                    .unwrap_or(Value::Null);
                let value = match body.pointer(pointer) {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => panic!("`{line}`: the last response has nothing at {pointer}"),
                };
                self.vars.push((name.to_string(), value));
            }
            "set" => {
                // `set $name = text`: a value to use in later lines (long bodies, CRNs).
                let (name, text) = line[4..].split_once(" = ").expect("set $name = text");
                let text = self.substitute(text.trim());
                self.vars.push((name.trim().to_string(), text));
            }
            "roles" => {
                let user = self
                    .sandbox
                    .user_by_name(words[1])
                    .expect("a user")
                    .id
                    .clone();
                let roles = words.get(2).map_or(Vec::new(), |r| {
                    r.split(',')
                        .map(|r| KpRole::parse(r).expect("a role"))
                        .collect()
                });
                let owner = Actor::User(self.sandbox.users()[0].id.clone());
                match self
                    .sandbox
                    .apply(&owner, Command::SetKmsRoles { user, roles })
                {
                    Ok(_) => out.push("ok".into()),
                    Err(e) => out.push(format!("{} {}: {}", e.status, e.code, e.message)),
                }
            }
            _ => out.extend(self.request(line)),
        }
        for e in &self.sandbox.events()[self.seen_events..] {
            let who = self
                .sandbox
                .users()
                .iter()
                .find(|u| u.id == e.initiator.id)
                .map_or(e.initiator.name.as_str(), |u| u.name.as_str());
            out.push(format!(
                "~ {} {} {} {} by {}",
                e.action, e.outcome, e.severity, e.reason.reason_code, who
            ));
        }
        self.seen_events = self.sandbox.events().len();
        out.into_iter().map(|l| self.name_values(&l)).collect()
    }

    fn request(&mut self, line: &str) -> Vec<String> {
        let (full, line) = match line.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let (line, bind) = match line.rsplit_once(" -> ") {
            Some((l, b)) => (l, Some(b.trim().to_string())),
            None => (line, None),
        };
        let line = self.substitute(line);
        let mut parts = line.splitn(3, ' ');
        let who = parts.next().unwrap();
        let method = parts.next().expect("a method");
        let rest = parts.next().expect("a path");
        let (path, mut rest) = rest.split_once(' ').unwrap_or((rest, ""));
        let kms_path = ["/keys", "/instance", "/key_rings", "/import_token"]
            .iter()
            .any(|p| path.starts_with(p));
        let path = if kms_path {
            format!("/api/v2{path}")
        } else {
            path.to_string()
        };
        let mut req = Request::new(method, &path).header(
            "bluemix-instance",
            &self.sandbox.instances()[0].guid.clone(),
        );
        let token = match who {
            "nobody" => None,
            "service" => Some(self.sandbox.service_token()),
            name => Some(
                self.sandbox
                    .user_by_name(name)
                    .unwrap_or_else(|| panic!("no user {name}"))
                    .token
                    .clone(),
            ),
        };
        if let Some(t) = token {
            req = req.header("authorization", &format!("Bearer {t}"));
        }
        while let Some(h) = rest.strip_prefix('+') {
            let (word, tail) = h.split_once(' ').unwrap_or((h, ""));
            let (name, value) = word.split_once('=').expect("+name=value");
            if value.is_empty() {
                req.headers.remove(name);
            } else {
                req = req.header(name, value);
            }
            rest = tail.trim_start();
        }
        let rest = rest.trim();
        if let Some(raw) = rest.strip_prefix('\'') {
            req.body = Some(Value::String(raw.trim_end_matches('\'').to_string()));
        } else if rest.starts_with('[') {
            let resources: Value = serde_json::from_str(rest).expect("resources JSON");
            let kind = collection_type(&path);
            let n = resources.as_array().map_or(0, Vec::len);
            req.body = Some(serde_json::json!({
                "metadata": { "collectionType": format!("application/vnd.ibm.kms.{kind}+json"), "collectionTotal": n },
                "resources": resources,
            }));
        } else if !rest.is_empty() {
            req.body = Some(
                serde_json::from_str(rest).unwrap_or_else(|e| panic!("body JSON `{rest}`: {e}")),
            );
        }
        let resp = self.sandbox.request(&req);
        if let (Some(name), Some(body)) = (&bind, &resp.body) {
            let id = ["/resources/0/id", "/guid", "/id", "/deployment/id"]
                .iter()
                .find_map(|p| body.pointer(p).and_then(Value::as_str));
            if let Some(id) = id {
                self.vars.push((name.clone(), id.to_string()));
            }
        }
        let out = if path.starts_with("/api/") {
            describe(&resp, full)
        } else {
            describe_platform(&resp, full)
        };
        self.last = Some(resp);
        out
    }
}

fn collection_type(path: &str) -> &'static str {
    if path.contains("/policies") {
        "policy"
    } else if path.contains("/registrations/") {
        "registration"
    } else if path.contains("/key_rings") {
        "key_ring"
    } else {
        "key"
    }
}

/// The answer in a few readable lines: status, then the error's code and message, or one line per
/// resource with the fields that tell the story.
fn describe(resp: &Response, full: bool) -> Vec<String> {
    let mut out = vec![format!("{}", resp.status)];
    if let Some(total) = resp.headers.get("key-total") {
        out[0].push_str(&format!(" key-total={total}"));
    }
    let Some(body) = &resp.body else { return out };
    if full {
        out.extend(
            serde_json::to_string_pretty(body)
                .unwrap()
                .lines()
                .map(str::to_string),
        );
        return out;
    }
    if resp.status >= 400 {
        let r = &body["resources"][0];
        match r["reasons"].get(0) {
            Some(reason) => {
                let target = reason.get("target").map_or(String::new(), |t| {
                    format!(
                        " [{} {}]",
                        t["type"].as_str().unwrap(),
                        t["name"].as_str().unwrap()
                    )
                });
                out[0].push_str(&format!(
                    " {}: {}{target}",
                    reason["code"].as_str().unwrap(),
                    reason["message"].as_str().unwrap()
                ));
            }
            None => out[0].push_str(&format!(" {}", r["errorMsg"].as_str().unwrap())),
        }
        return out;
    }
    match body.get("resources").and_then(Value::as_array) {
        Some(resources) => {
            for r in resources {
                out.push(summary(r));
            }
        }
        None => out.push(summary(body)),
    }
    out
}

fn summary(r: &Value) -> String {
    const FIELDS: [&str; 23] = [
        "id",
        "keyId",
        "name",
        "state",
        "extractable",
        "imported",
        "aliases",
        "expirationDate",
        "lastRotateDate",
        "keyVersion",
        "dualAuthDelete",
        "deleted",
        "deletionDate",
        "restoreAllowed",
        "purgeAllowed",
        "rotation",
        "resourceCrn",
        "preventKeyDeletion",
        "policy_type",
        "policy_data",
        "plaintext",
        "rewrappedKeyVersion",
        "creationDate",
    ];
    let Value::Object(map) = r else {
        return r.to_string();
    };
    let mut parts = Vec::new();
    for f in FIELDS {
        if let Some(v) = map.get(f) {
            let shown = match v {
                Value::Object(o)
                    if o.len() == 2 && o.contains_key("id") && o.contains_key("creationDate") =>
                {
                    o["id"].to_string()
                }
                _ => v.to_string(),
            };
            parts.push(format!("{f}={}", shown.replace('"', "")));
        }
    }
    if let Some(Value::String(c)) = map.get("ciphertext") {
        parts.push(format!("ciphertext=<{} chars>", c.len()));
    }
    parts.join(" ")
}

/// Answers of the IAM, Resource Controller, Cloud Databases and sandbox APIs: the status, then one
/// compact line per object, leaving out bookkeeping fields and shortening base64 blobs.
fn describe_platform(resp: &Response, full: bool) -> Vec<String> {
    let mut out = vec![format!("{}", resp.status)];
    let Some(body) = &resp.body else { return out };
    if full {
        out.extend(
            serde_json::to_string_pretty(body)
                .unwrap()
                .lines()
                .map(str::to_string),
        );
        return out;
    }
    if resp.status >= 400 {
        let code = body
            .get("error_code")
            .or_else(|| body.pointer("/errors/0/code"))
            .or_else(|| body.get("code"));
        let message = body
            .get("message")
            .or_else(|| body.pointer("/errors/0/message"))
            .or_else(|| body.get("errors"));
        out[0].push_str(&format!(
            " {}: {}",
            code.and_then(Value::as_str).unwrap_or("?"),
            message.and_then(Value::as_str).unwrap_or("?")
        ));
        if let Some(h) = body.get("sandbox_hint").and_then(Value::as_str) {
            out.push(format!("hint: {h}"));
        }
        return out;
    }
    let lists = ["resources", "policies", "tasks", "backups", "records"];
    let single = body.get("id").is_some();
    match lists
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_array))
        .filter(|_| !single)
    {
        Some(items) => out.extend(items.iter().map(compact)),
        None => {
            let inner = ["deployment", "record", "task", "backup"]
                .iter()
                .find_map(|k| body.get(*k))
                .unwrap_or(body);
            out.push(compact(inner));
        }
    }
    out
}

fn compact(v: &Value) -> String {
    const NOISE: [&str; 16] = [
        "url",
        "account_id",
        "created_at",
        "updated_at",
        "created_by",
        "href",
        "created_by_id",
        "last_modified_at",
        "last_modified_by_id",
        "locked",
        "allow_cleanup",
        "type",
        "resource_group_id",
        "updated_by",
        "policy_id",
        "entity_type_id",
    ];
    fn strip(v: &Value, top: bool) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, v)| (!top || !NOISE.contains(&k.as_str())) && !v.is_null())
                    .map(|(k, v)| (k.clone(), strip(v, false)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(|v| strip(v, false)).collect()),
            Value::String(s) if s.len() > 60 && !s.contains(':') && !s.contains(' ') => {
                Value::String(format!("<{} chars>", s.len()))
            }
            other => other.clone(),
        }
    }
    strip(v, true).to_string()
}
