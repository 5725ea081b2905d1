//! "Download as a script": the command lines a reader ran in the sandbox, as a bash script for a
//! real IBM Cloud account. `ibmcloud`, `curl` and the shell's own lines are kept; the sandbox's own
//! commands (`sandbox ...`: the clock, the acting user, reset) become comments, since a real account
//! has no such thing. Ids and CRNs that a line uses and an earlier line printed become variables:
//! the earlier line's output is kept in `OUT_n` and the value is read from it (the same occurrence
//! of the same shape), so the script works with the ids a real account gives.

/// One line the reader ran and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    pub line: String,
    pub stdout: String,
}

/// The shapes of value that become variables, with the grep pattern that finds each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Crn,
    Uuid,
}

impl Shape {
    fn pattern(self) -> &'static str {
        match self {
            Shape::Crn => "crn:v1:[A-Za-z0-9:/._-]+",
            Shape::Uuid => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Shape::Crn => "CRN",
            Shape::Uuid => "ID",
        }
    }
}

/// Every CRN and UUID in `text`, in order (a UUID inside a CRN counts as part of the CRN).
fn values(text: &str) -> Vec<(Shape, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(len) = crn_at(rest) {
            out.push((Shape::Crn, rest[..len].to_string()));
            rest = &rest[len..];
        } else if let Some(len) = uuid_at(rest) {
            out.push((Shape::Uuid, rest[..len].to_string()));
            rest = &rest[len..];
        } else {
            let step = rest.chars().next().map_or(1, char::len_utf8);
            rest = &rest[step..];
        }
    }
    out
}

fn crn_at(s: &str) -> Option<usize> {
    if !s.starts_with("crn:v1:") {
        return None;
    }
    let len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || ":/._-".contains(c)))
        .unwrap_or(s.len());
    Some(len.min(s.len())).filter(|&l| l > "crn:v1:".len())
}

fn uuid_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 36 {
        return None;
    }
    let ok = (0..36).all(|i| match i {
        8 | 13 | 18 | 23 => b[i] == b'-',
        _ => b[i].is_ascii_digit() || (b'a'..=b'f').contains(&b[i]),
    });
    let bounded = b.get(36).is_none_or(|c| !c.is_ascii_alphanumeric());
    (ok && bounded).then_some(36)
}

/// Where a value a later line needs was printed: the line, and which occurrence of its shape.
struct Capture {
    line: usize,
    shape: Shape,
    occurrence: usize,
    value: String,
    var: String,
}

/// Whether a line is one of the sandbox's own commands (a comment in the script).
fn sandbox_only(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    first == "sandbox"
}

/// The script for `ran`, in the order the lines ran.
pub fn bash_script(ran: &[Ran]) -> String {
    let mut captures: Vec<Capture> = Vec::new();
    let mut counts = [0usize; 2];
    // Which earlier output each value a line uses comes from (the latest that printed it).
    for (i, r) in ran.iter().enumerate() {
        if sandbox_only(&r.line) {
            continue;
        }
        for (shape, value) in values(&r.line) {
            if captures.iter().any(|c| c.value == value) {
                continue;
            }
            let source = (0..i).rev().find_map(|j| {
                let seen = values(&ran[j].stdout);
                let same: Vec<&String> = seen
                    .iter()
                    .filter(|(s, _)| *s == shape)
                    .map(|(_, v)| v)
                    .collect();
                same.iter()
                    .position(|v| **v == value)
                    .map(|occurrence| (j, occurrence + 1))
            });
            if let Some((line, occurrence)) = source {
                let n = &mut counts[shape as usize];
                *n += 1;
                captures.push(Capture {
                    line,
                    shape,
                    occurrence,
                    var: format!("{}_{n}", shape.prefix()),
                    value,
                });
            }
        }
    }
    let mut out = String::from(HEADER);
    for (i, r) in ran.iter().enumerate() {
        let line = r.line.trim_end();
        if sandbox_only(line) {
            out.push_str(&format!("\n# In the sandbox only: {line}\n"));
            continue;
        }
        let mut text = line.to_string();
        for c in &captures {
            if c.line < i {
                text = text.replace(&c.value, &format!("${{{}}}", c.var));
            }
        }
        let mine: Vec<&Capture> = captures.iter().filter(|c| c.line == i).collect();
        if mine.is_empty() {
            out.push_str(&format!("\n{text}\n"));
            continue;
        }
        out.push_str(&format!(
            "\nOUT_{n}=$({text})\nprintf '%s\\n' \"$OUT_{n}\"\n",
            n = i + 1
        ));
        for c in mine {
            out.push_str(&format!(
                "{var}=$(printf '%s\\n' \"$OUT_{n}\" | grep -oE '{pattern}' | sed -n '{k}p') # in the sandbox: {value}\n",
                var = c.var,
                n = i + 1,
                pattern = c.shape.pattern(),
                k = c.occurrence,
                value = c.value,
            ));
        }
    }
    out
}

const HEADER: &str = r#"#!/usr/bin/env bash
# The commands run in byok-sandbox, for a real IBM Cloud account. Log in first (ibmcloud login) and
# set KP_INSTANCE_ID to your Key Protect instance's GUID. Ids and CRNs the commands print are read
# into variables for the commands after them; the sandbox's own commands are comments.
set -euo pipefail
: "${KP_INSTANCE_ID:?set KP_INSTANCE_ID to your Key Protect instance GUID}"
REGION="${REGION:-us-south}"
ACCESS_TOKEN="$(ibmcloud iam oauth-tokens | grep IAM | cut -d ' ' -f 5)"
export KP_INSTANCE_ID REGION ACCESS_TOKEN
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn ran(line: &str, stdout: &str) -> Ran {
        Ran {
            line: line.into(),
            stdout: stdout.into(),
        }
    }

    const KEY: &str = "0b8d3c6e-6c1a-4d6e-9d5b-2f1e7a9c4b11";
    const CRN: &str =
        "crn:v1:bluemix:public:kms:us-south:a/acct:inst:key:0b8d3c6e-6c1a-4d6e-9d5b-2f1e7a9c4b11";

    #[test]
    fn an_id_printed_earlier_becomes_a_variable_read_from_that_output() {
        let script = bash_script(&[
            ran(
                "ibmcloud kp key create my-key",
                &format!("Creating key: 'my-key'\nOK\nKey ID   {KEY}\n"),
            ),
            ran(&format!("ibmcloud kp key show {KEY}"), "OK\n"),
        ]);
        assert!(
            script.contains("\nOUT_1=$(ibmcloud kp key create my-key)\n"),
            "{script}"
        );
        assert!(
            script.contains("ID_1=$(printf '%s\\n' \"$OUT_1\" | grep -oE '[0-9a-f]{8}-"),
            "{script}"
        );
        assert!(
            script.contains("| sed -n '1p') # in the sandbox: 0b8d3c6e"),
            "{script}"
        );
        assert!(
            script.contains("\nibmcloud kp key show ${ID_1}\n"),
            "{script}"
        );
        assert!(!script.contains(&format!("show {KEY}")), "{script}");
    }

    #[test]
    fn the_second_id_of_its_shape_is_read_as_the_second() {
        let other = "11111111-2222-4333-8444-555555555555";
        let script = bash_script(&[
            ran("ibmcloud kp keys", &format!("{other} a\n{KEY} b\n")),
            ran(&format!("ibmcloud kp key delete {KEY}"), "OK\n"),
        ]);
        assert!(
            script.contains("sed -n '2p') # in the sandbox: 0b8d3c6e"),
            "{script}"
        );
    }

    #[test]
    fn a_crn_is_one_value_not_the_uuid_inside_it() {
        let script = bash_script(&[
            ran(
                "ibmcloud kp key create k -o json",
                &format!("{{\"crn\": \"{CRN}\"}}\n"),
            ),
            ran(&format!("curl -d '{{\"crn\": \"{CRN}\"}}' https://x"), ""),
        ]);
        assert!(script.contains("CRN_1=$(printf"), "{script}");
        assert!(script.contains("grep -oE 'crn:v1:"), "{script}");
        assert!(script.contains("\"crn\": \"${CRN_1}\""), "{script}");
        assert!(!script.contains("ID_1"), "{script}");
    }

    #[test]
    fn the_shell_keeps_each_command_with_what_it_printed() {
        let mut sb = byok_engine::Sandbox::new(7);
        let mut shell = crate::Shell::new();
        shell.exec(&mut sb, "ibmcloud kp key create one\necho hi");
        let id = sb.keys().last().expect("created").id.clone();
        shell.exec(&mut sb, &format!("ibmcloud kp key show {id}"));
        let t = shell.transcript();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].line, "ibmcloud kp key create one");
        assert!(t[0].stdout.contains(&id), "{:?}", t[0]);
        assert_eq!(t[1].stdout, "hi\n");
        let script = bash_script(t);
        assert!(
            script.contains("\nOUT_1=$(ibmcloud kp key create one)\n"),
            "{script}"
        );
        assert!(
            script.contains("\nibmcloud kp key show ${ID_1}\n"),
            "{script}"
        );
    }

    #[test]
    fn sandbox_commands_are_comments_and_unknown_ids_stay() {
        let script = bash_script(&[
            ran("sandbox advance 9d", "Now 2026-01-10T00:00:00Z\n"),
            ran(&format!("ibmcloud kp key show {KEY}"), ""),
        ]);
        assert!(
            script.contains("\n# In the sandbox only: sandbox advance 9d\n"),
            "{script}"
        );
        // Nothing printed it, so it stays as typed.
        assert!(
            script.contains(&format!("\nibmcloud kp key show {KEY}\n")),
            "{script}"
        );
        assert!(script.starts_with("#!/usr/bin/env bash\n"));
        assert!(script.contains("set -euo pipefail"));
    }
}
