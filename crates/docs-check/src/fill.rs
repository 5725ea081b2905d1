//! The documentation's placeholders filled from the sandbox, as a tour fills `$KEY_ID`: each
//! `<key_ID>`-style name (any case, `-`, `_` or spaces), each bare `KEY_ID`-style word and each
//! `crn:v1:<...>:key:<id>` takes the newest such value there is; names the reader makes up
//! (`<key_name>`) take a fixed example. What cannot be filled says why, naming the placeholder.
//!
//! The writer's own ids and key CRNs (a UUID or CRN the sandbox does not have) are read as
//! placeholders too: the sandbox's value an earlier output showed in their place (`learned`),
//! else the instance after `-i` or in a `bluemix-instance` header, else the newest key.

use std::collections::BTreeMap;

use byok_engine::{Sandbox, TOKEN_LIFETIME};

/// What a placeholder stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Instance,
    KeyId,
    KeyCrn,
    KeyAlias,
    KeyRing,
    Deployment,
    DeploymentCrn,
    Reclamation,
    Policy,
    Account,
    Region,
    Token,
    ApiKey,
    /// A value the reader chooses: a fixed example.
    Example(&'static str),
}

/// The names of each kind, lower-cased with `_`, `-` and spaces left out.
const NAMES: &[(&str, Kind)] = &[
    ("instanceid", Kind::Instance),
    ("instanceguid", Kind::Instance),
    ("kpinstanceid", Kind::Instance),
    ("serviceinstanceid", Kind::Instance),
    ("guid", Kind::Instance),
    ("keyid", Kind::KeyId),
    ("rootkeyid", Kind::KeyId),
    ("keyidoralias", Kind::KeyId),
    ("rootkeyidoralias", Kind::KeyId),
    ("keyoralias", Kind::KeyId),
    ("crkid", Kind::KeyId),
    ("keycrn", Kind::KeyCrn),
    ("rootkeycrn", Kind::KeyCrn),
    ("crkcrn", Kind::KeyCrn),
    ("keyalias", Kind::KeyAlias),
    ("alias", Kind::KeyAlias),
    ("keyringid", Kind::KeyRing),
    ("keyring", Kind::KeyRing),
    ("deploymentid", Kind::Deployment),
    ("deploymentguid", Kind::Deployment),
    ("deploymentcrn", Kind::DeploymentCrn),
    ("resourcecrn", Kind::DeploymentCrn),
    ("reclamationid", Kind::Reclamation),
    ("policyid", Kind::Policy),
    ("authorizationid", Kind::Policy),
    ("accountid", Kind::Account),
    ("region", Kind::Region),
    ("regionname", Kind::Region),
    ("iamtoken", Kind::Token),
    ("accesstoken", Kind::Token),
    ("bearertoken", Kind::Token),
    ("authtoken", Kind::Token),
    ("token", Kind::Token),
    ("apikey", Kind::ApiKey),
    ("keyname", Kind::Example("example-key")),
    ("keydescription", Kind::Example("An example key")),
    ("instancename", Kind::Example("example-deployment")),
    (
        "correlationid",
        Kind::Example("8c2a6c5e-64ac-4b1a-9f62-7d1e8a2c9b10"),
    ),
];

/// The variables a tour's shell has (`byok_shell::scenario::set_ids`), each with its newest
/// value in the sandbox, if any.
pub fn variables(sandbox: &Sandbox) -> Vec<(&'static str, Option<String>)> {
    let key = sandbox.keys().last();
    vec![
        ("ACCOUNT_ID", Some(sandbox.account().to_string())),
        (
            "INSTANCE_ID",
            sandbox.instances().first().map(|i| i.guid.clone()),
        ),
        ("KEY_ID", key.map(|k| k.id.clone())),
        ("KEY_CRN", key.map(|k| k.crn.clone())),
        (
            "DEPLOYMENT_ID",
            sandbox.deployments().last().map(|d| d.guid.clone()),
        ),
        (
            "RECLAMATION_ID",
            sandbox.reclamations().last().map(|r| r.id.clone()),
        ),
        (
            "POLICY_ID",
            sandbox.authorizations().last().map(|a| a.id.clone()),
        ),
    ]
}

/// `command` with its placeholders filled, for `user` in `sandbox`; or why it cannot run.
/// `learned` maps the writer's values to the sandbox's.
pub fn fill(
    command: &str,
    sandbox: &Sandbox,
    user: &str,
    learned: &BTreeMap<String, String>,
) -> Result<String, String> {
    let lower = command.to_ascii_lowercase();
    if lower.contains("<redacted>") || lower.contains("redacted>") {
        return Err("a redacted value (<redacted>) stands where a value must go".into());
    }
    let text = fill_crns(command, sandbox, learned)?;
    let text = fill_angles(&text, sandbox, user)?;
    let text = fill_words(&text, sandbox, user)?;
    Ok(fill_ids(&text, sandbox, learned))
}

/// `crn:v1:<...>:key:<id>` and the like, and key CRNs of the writer's account: the newest key's
/// CRN (or the one an output showed in its place).
fn fill_crns(
    text: &str,
    sandbox: &Sandbox,
    learned: &BTreeMap<String, String>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("crn:v1:") {
        out.push_str(&rest[..at]);
        let len = rest[at..]
            .find(|c: char| c.is_whitespace() || "\"',)]}".contains(c))
            .unwrap_or(rest.len() - at);
        let crn = &rest[at..at + len];
        let key = crn.contains(":key:") || (crn.contains('<') && crn.contains(":kms:"));
        let unknown = !sandbox.keys().any(|k| k.crn == crn);
        if let Some(ours) = learned.get(crn) {
            out.push_str(ours);
        } else if crn.contains('<') || (key && unknown) {
            match sandbox.keys().last() {
                Some(k) if key => out.push_str(&k.crn),
                _ if key => {
                    let what = if crn.contains('<') {
                        "placeholder"
                    } else {
                        "writer's key CRN"
                    };
                    return Err(format!(
                        "the {what} {crn} names a key, and the sandbox has none yet"
                    ));
                }
                _ => {
                    return Err(format!(
                        "the placeholder {crn} is a CRN the sandbox cannot fill"
                    ))
                }
            }
        } else {
            out.push_str(crn);
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// UUIDs the sandbox does not have (the writer's): as the module says.
fn fill_ids(text: &str, sandbox: &Sandbox, learned: &BTreeMap<String, String>) -> String {
    let known = |id: &str| {
        sandbox.key(id).is_some()
            || sandbox.instance(id).is_some()
            || sandbox.deployment(id).is_some()
            || sandbox.reclamations().any(|r| r.id == id)
            || sandbox.authorizations().iter().any(|a| a.id == id)
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some((at, id)) = next_uuid(rest) {
        out.push_str(&rest[..at]);
        let before = out.rsplit('\n').next().unwrap_or("");
        let tail: String = before
            .chars()
            .rev()
            .take(24)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let instance = [
            "-i ",
            "--instance-id ",
            "--instance-ID ",
            "bluemix-instance",
            "INSTANCE_ID=",
        ]
        .iter()
        .any(|p| tail.contains(p));
        let replacement = if let Some(ours) = learned.get(id) {
            Some(ours.clone())
        } else if known(id) || before.to_ascii_lowercase().contains("correlation") {
            None
        } else if instance {
            sandbox.instances().first().map(|i| i.guid.clone())
        } else {
            sandbox.keys().last().map(|k| k.id.clone())
        };
        out.push_str(replacement.as_deref().unwrap_or(id));
        rest = &rest[at + id.len()..];
    }
    out.push_str(rest);
    out
}

/// The first UUID-shaped word of `text` (8-4-4-4-12 letters and digits between non-word
/// characters): its offset and text.
fn next_uuid(text: &str) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric();
    (0..bytes.len()).find_map(|at| {
        if at > 0 && (word(bytes[at - 1]) || bytes[at - 1] == b'-') {
            return None;
        }
        let candidate = text.get(at..at + 36)?;
        let shape = candidate.split('-').map(str::len).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
            && candidate.bytes().all(|b| word(b) || b == b'-');
        let ends = bytes.get(at + 36).is_none_or(|&b| !word(b) && b != b'-');
        (shape && ends).then_some((at, candidate))
    })
}

/// `<name>` placeholders.
fn fill_angles(text: &str, sandbox: &Sandbox, user: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let close = after
            .find(['>', '<', '\n'])
            .filter(|&n| after[n..].starts_with('>') && n <= 64);
        let Some(close) = close else {
            out.push('<');
            rest = after;
            continue;
        };
        let name = &after[..close];
        let placeholder = format!("<{name}>");
        let bearer = out.ends_with("Bearer ") || out.ends_with("bearer ");
        let kind = if name.is_empty() && bearer {
            Some(Kind::Token)
        } else {
            kind_of(name)
        };
        match kind {
            Some(kind) => out.push_str(&value(kind, &placeholder, sandbox, user, bearer)?),
            None if name.starts_with(|c: char| c.is_alphabetic()) || name.is_empty() => {
                return Err(format!(
                    "the placeholder {placeholder} has no value the sandbox can fill"
                ))
            }
            // `<` as text (a comparison, a redirection the shell refuses itself).
            None => out.push_str(&placeholder),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Bare upper-case placeholders of the CLI reference (`KEY_ID`, `INSTANCE_ID`) outside quotes,
/// not `$NAME` and not `NAME=`.
fn fill_words(text: &str, sandbox: &Sandbox, user: &str) -> Result<String, String> {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            _ => {}
        }
        let starts_word = i == 0 || " \t\n(".contains(chars[i - 1]);
        if quote.is_none() && starts_word && c.is_ascii_uppercase() {
            let len = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == '_')
                .count();
            let word: String = chars[i..i + len].iter().collect();
            let ends_word = chars.get(i + len).is_none_or(|c| " \t\n);|".contains(*c));
            if word.contains('_') && ends_word && !word.starts_with('_') {
                match kind_of(&word) {
                    Some(kind) => out.push_str(&value(kind, &word, sandbox, user, false)?),
                    None => {
                        return Err(format!(
                            "the placeholder {word} has no value the sandbox can fill"
                        ))
                    }
                }
                i += len;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

fn kind_of(name: &str) -> Option<Kind> {
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    NAMES.iter().find(|(n, _)| *n == key).map(|(_, k)| *k)
}

/// The value of `kind` now, or why there is none.
fn value(
    kind: Kind,
    placeholder: &str,
    sandbox: &Sandbox,
    user: &str,
    after_bearer: bool,
) -> Result<String, String> {
    let key = sandbox.keys().last();
    let none = |what: &str| {
        format!("the placeholder {placeholder} names {what}, and the sandbox has none yet")
    };
    let found = match kind {
        Kind::Instance => sandbox.instances().first().map(|i| i.guid.clone()),
        Kind::KeyId => key.map(|k| k.id.clone()),
        Kind::KeyCrn => key.map(|k| k.crn.clone()),
        Kind::KeyAlias => key.and_then(|k| k.aliases.first().cloned()),
        Kind::KeyRing => Some(key.map_or_else(|| "default".to_string(), |k| k.key_ring.clone())),
        Kind::Deployment => sandbox.deployments().last().map(|d| d.guid.clone()),
        Kind::DeploymentCrn => sandbox.deployments().last().map(|d| d.crn.clone()),
        Kind::Reclamation => sandbox.reclamations().last().map(|r| r.id.clone()),
        Kind::Policy => sandbox.authorizations().last().map(|a| a.id.clone()),
        Kind::Account => Some(sandbox.account().to_string()),
        Kind::Region => Some("us-south".to_string()),
        Kind::Token => {
            let jwt = sandbox
                .user_by_name(user)
                .and_then(|u| sandbox.issue_token(&u.id, sandbox.now().0, TOKEN_LIFETIME));
            // IBM's tables say the token goes in "including the Bearer value".
            jwt.map(|t| {
                if after_bearer {
                    t
                } else {
                    format!("Bearer {t}")
                }
            })
        }
        Kind::ApiKey => sandbox.user_by_name(user).map(|u| sandbox.api_key(u)),
        Kind::Example(text) => Some(text.to_string()),
    };
    found.ok_or_else(|| {
        none(match kind {
            Kind::KeyAlias => "a key's alias",
            Kind::Deployment | Kind::DeploymentCrn => "a deployment",
            Kind::Reclamation => "a reclamation",
            Kind::Policy => "an authorization",
            Kind::Token | Kind::ApiKey => "the acting user",
            _ => "a key",
        })
    })
}

/// The value of a `$NAME` nothing set whose name is a placeholder's (`$KEY_ID_OR_ALIAS`): None
/// if the name is no placeholder's, else the value or why there is none. A token is bare, as
/// the shell's own `$ACCESS_TOKEN` is.
pub fn variable(name: &str, sandbox: &Sandbox, user: &str) -> Option<Result<String, String>> {
    kind_of(name).map(|kind| value(kind, &format!("${name}"), sandbox, user, true))
}

/// The first `$NAME` (or `${NAME}`) outside single quotes that is not set in the shell
/// (`is_set`) and not assigned in the command itself.
pub fn unset_variable(command: &str, is_set: impl Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = command.chars().collect();
    let mut single = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            single = !single;
        } else if c == '\\' {
            i += 1;
        } else if c == '$' && !single {
            let braced = chars.get(i + 1) == Some(&'{');
            let start = i + 1 + usize::from(braced);
            let len = chars[start.min(chars.len())..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                .count();
            let name: String = chars[start..start + len].iter().collect();
            let named = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            let assigned = command.contains(&format!("{name}="));
            if named && !assigned && !is_set(&name) {
                return Some(name);
            }
            i = start + len;
            continue;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox_with_key() -> Sandbox {
        let mut sandbox = Sandbox::new(42);
        let mut shell = byok_shell::Shell::new();
        assert_eq!(
            shell
                .exec(&mut sandbox, "ibmcloud kp key create fill-key")
                .code,
            0
        );
        sandbox
    }

    #[test]
    fn placeholders_take_the_newest_values() {
        let sb = sandbox_with_key();
        let key = sb.keys().last().unwrap();
        let guid = sb.instances()[0].guid.clone();
        let none = BTreeMap::new();
        let filled = fill(
            "curl https://<region>.kms.cloud.ibm.com/api/v2/keys/<keyID_or_alias> -H 'bluemix-instance: <Instance_ID>'",
            &sb,
            "alice",
            &none,
        )
        .unwrap();
        assert_eq!(
            filled,
            format!("curl https://us-south.kms.cloud.ibm.com/api/v2/keys/{} -H 'bluemix-instance: {guid}'", key.id)
        );
        assert_eq!(
            fill(
                "ibmcloud kp key show KEY_ID -i INSTANCE_ID",
                &sb,
                "alice",
                &none
            )
            .unwrap(),
            format!("ibmcloud kp key show {} -i {guid}", key.id)
        );
        assert_eq!(
            fill(
                "-p '{\"k\": \"crn:v1:<...>:key:<id>\"}'",
                &sb,
                "alice",
                &none
            )
            .unwrap(),
            format!("-p '{{\"k\": \"{}\"}}'", key.crn)
        );
        let bare = fill(
            "-H \"authorization: Bearer <IAM_token>\"",
            &sb,
            "alice",
            &none,
        )
        .unwrap();
        let whole = fill("-H \"authorization: <IAM_token>\"", &sb, "alice", &none).unwrap();
        assert!(
            !bare.contains("Bearer Bearer") && bare.contains("Bearer eyJ"),
            "{bare}"
        );
        assert!(whole.contains("authorization: Bearer eyJ"), "{whole}");
    }

    #[test]
    fn the_writers_ids_become_the_sandboxs() {
        let sb = sandbox_with_key();
        let key = sb.keys().last().unwrap().id.clone();
        let guid = sb.instances()[0].guid.clone();
        let mut learned = BTreeMap::new();
        let writers = "ibmcloud kp key show 8635b804-9966-4918-a16b-d561fdbf181f -i 47377f07-8721-2047-f396-ef1982c1e96e";
        assert_eq!(
            fill(writers, &sb, "alice", &learned).unwrap(),
            format!("ibmcloud kp key show {key} -i {guid}")
        );
        learned.insert(
            "8635b804-9966-4918-a16b-d561fdbf181f".into(),
            "learned".into(),
        );
        assert!(fill(writers, &sb, "alice", &learned)
            .unwrap()
            .contains("show learned -i"));
    }

    #[test]
    fn what_cannot_be_filled_says_why() {
        let empty = Sandbox::new(42);
        let none = BTreeMap::new();
        assert_eq!(
            fill("ibmcloud kp key show <key_ID>", &empty, "alice", &none),
            Err("the placeholder <key_ID> names a key, and the sandbox has none yet".into())
        );
        assert_eq!(
            fill(
                "ibmcloud kp key create KEY_NAME -k KEY_MATERIAL",
                &empty,
                "alice",
                &none
            ),
            Err("the placeholder KEY_MATERIAL has no value the sandbox can fill".into())
        );
        assert!(fill("echo ...<redacted>...", &empty, "alice", &none)
            .unwrap_err()
            .contains("redacted"));
        let set = |n: &str| n == "SET";
        assert_eq!(
            unset_variable("echo $SET ${OTHER}", set),
            Some("OTHER".into())
        );
        assert_eq!(unset_variable("X=1; echo $X '$Y' $? $(ls)", set), None);
        assert!(variable("KEY_ID_OR_ALIAS", &empty, "alice")
            .unwrap()
            .is_err());
        assert_eq!(variable("MY_THING", &empty, "alice"), None);
    }
}
