//! The commands the shell knows: their paths, arguments and flags (one table serves dispatch, usage
//! messages, help and completion), and the flag parser.

use std::collections::BTreeMap;

/// A flag: its names (the first is canonical) and the name of its value, if it takes one.
pub struct Flag {
    pub names: &'static [&'static str],
    pub value: Option<&'static str>,
    pub help: &'static str,
}

/// One command, e.g. path `kp key create`, arguments `KEY_NAME`.
pub struct Cmd {
    pub path: &'static str,
    pub args: &'static [&'static str],
    pub flags: &'static [Flag],
    pub about: &'static str,
}

/// Groups of commands (`ibmcloud kp key ...`) with what they are for.
pub const GROUPS: &[(&str, &str)] = &[
    (
        "kp",
        "Manage Key Protect keys, policies, registrations and key rings",
    ),
    ("kp key", "Manage one key"),
    (
        "kp key policy-update",
        "Update a key's rotation or dual authorization policy",
    ),
    ("iam", "Manage service-to-service authorizations"),
    (
        "resource",
        "Manage service instances (databases, Key Protect) and reclamations",
    ),
];

const I: Flag = Flag {
    names: &["-i", "--instance-ID"],
    value: Some("INSTANCE_ID"),
    help: "the Key Protect instance GUID (default: $KP_INSTANCE_ID, else the sandbox's first instance)",
};
const O: Flag = Flag {
    names: &["-o", "--output"],
    value: Some("FORMAT"),
    help: "'json' prints the service's JSON",
};
const OUTPUT: Flag = Flag {
    names: &["--output"],
    value: Some("FORMAT"),
    help: "'json' prints the service's JSON",
};
const KEY_MATERIAL: Flag = Flag {
    names: &["-k", "--key-material"],
    value: Some("MATERIAL"),
    help: "base64 key material to import (16, 24 or 32 bytes for a root key)",
};
const FORCE: Flag = Flag {
    names: &["-f", "--force"],
    value: None,
    help: "force the operation (no confirmation)",
};
const AAD: Flag = Flag {
    names: &["-a", "--aad"],
    value: Some("AAD"),
    help: "additional authenticated data, comma-separated",
};
const ENABLE: Flag = Flag {
    names: &["-e", "--enable"],
    value: None,
    help: "enable the policy",
};
const DISABLE: Flag = Flag {
    names: &["-d", "--disable"],
    value: None,
    help: "disable the policy",
};
const KP: &[Flag] = &[I, O];

macro_rules! kp_key {
    ($path:literal, $about:literal) => {
        Cmd {
            path: $path,
            args: &["KEY_ID"],
            flags: KP,
            about: $about,
        }
    };
}

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "kp key create",
        args: &["KEY_NAME"],
        flags: &[
            I,
            O,
            KEY_MATERIAL,
            Flag {
                names: &["-s", "--standard-key"],
                value: None,
                help: "create a standard key (default: a root key)",
            },
            Flag {
                names: &["-D", "--description"],
                value: Some("DESCRIPTION"),
                help: "the key's description",
            },
        ],
        about: "Create a root key, or import one with -k",
    },
    Cmd {
        path: "kp keys",
        args: &[],
        flags: &[
            I,
            O,
            Flag {
                names: &["-n", "--number-of-keys"],
                value: Some("N"),
                help: "how many keys to list (default 200)",
            },
            Flag {
                names: &["-s", "--starting-offset"],
                value: Some("OFFSET"),
                help: "how many keys to skip",
            },
            Flag {
                names: &["-c", "--crn"],
                value: None,
                help: "show each key's CRN",
            },
            Flag {
                names: &["--key-states"],
                value: Some("STATES"),
                help: "key states to list, e.g. 1,2,3,5 (default: all but destroyed)",
            },
        ],
        about: "List the keys of an instance",
    },
    kp_key!("kp key show", "Show a key's details"),
    Cmd {
        path: "kp key delete",
        args: &["KEY_ID"],
        flags: &[
            I,
            O,
            Flag {
                names: &["-f", "--force"],
                value: None,
                help: "delete even though the key protects resources (cryptoshredding)",
            },
        ],
        about: "Delete a key",
    },
    Cmd {
        path: "kp key restore",
        args: &["KEY_ID"],
        flags: &[I, O, KEY_MATERIAL],
        about: "Restore a deleted key (within 30 days)",
    },
    Cmd {
        path: "kp key purge",
        args: &["KEY_ID"],
        flags: &[I, O, FORCE],
        about: "Purge a deleted key (from 4 hours after deletion; needs KeyPurge)",
    },
    Cmd {
        path: "kp key rotate",
        args: &["KEY_ID"],
        flags: &[I, O, KEY_MATERIAL],
        about: "Rotate a root key",
    },
    Cmd {
        path: "kp key wrap",
        args: &["KEY_ID"],
        flags: &[
            I,
            O,
            Flag {
                names: &["-p", "--plaintext"],
                value: Some("PLAINTEXT"),
                help: "base64 data encryption key to wrap (default: a new 256-bit one)",
            },
            AAD,
        ],
        about: "Wrap a data encryption key with a root key",
    },
    Cmd {
        path: "kp key unwrap",
        args: &["KEY_ID", "CIPHERTEXT"],
        flags: &[I, O, AAD],
        about: "Unwrap a wrapped data encryption key",
    },
    kp_key!("kp key disable", "Disable a key (Suspended)"),
    kp_key!("kp key enable", "Enable a disabled key"),
    kp_key!(
        "kp key schedule-delete",
        "Authorize a key's deletion (dual authorization)"
    ),
    kp_key!(
        "kp key cancel-delete",
        "Cancel a key's deletion authorization"
    ),
    kp_key!("kp key versions", "List a key's versions"),
    kp_key!(
        "kp key sync",
        "Send the key's state again to the resources it protects"
    ),
    kp_key!("kp key policies", "Show a key's policies"),
    Cmd {
        path: "kp key policy-update rotation",
        args: &["KEY_ID"],
        flags: &[
            I,
            O,
            ENABLE,
            DISABLE,
            Flag {
                names: &["-m", "--monthly-interval"],
                value: Some("MONTHS"),
                help: "rotate every 1 to 12 months",
            },
        ],
        about: "Set a key's rotation policy",
    },
    Cmd {
        path: "kp key policy-update dual-auth-delete",
        args: &["KEY_ID"],
        flags: &[I, O, ENABLE, DISABLE],
        about: "Set a key's dual authorization delete policy",
    },
    Cmd {
        path: "kp registrations",
        args: &[],
        flags: &[
            I,
            O,
            Flag {
                names: &["-k", "--key-id"],
                value: Some("KEY_ID"),
                help: "only this key's registrations",
            },
            Flag {
                names: &["-c", "--crn-query"],
                value: Some("CRN_PATTERN"),
                help: "resource CRNs to match, '*' as a wildcard",
            },
        ],
        about: "List registrations: which resources each key protects",
    },
    Cmd {
        path: "kp key-rings",
        args: &[],
        flags: KP,
        about: "List the instance's key rings",
    },
    Cmd {
        path: "iam authorization-policy-create",
        args: &["SOURCE_SERVICE", "TARGET_SERVICE", "ROLES"],
        flags: &[
            Flag {
                names: &["--source-service-instance-id"],
                value: Some("ID"),
                help: "only this instance of the source service",
            },
            Flag {
                names: &["--target-service-instance-id"],
                value: Some("ID"),
                help: "only this instance of the target service (a Key Protect instance GUID)",
            },
            OUTPUT,
        ],
        about: "Authorize a service to use another (e.g. databases-for-postgresql -> kms, Reader)",
    },
    Cmd {
        path: "iam authorization-policies",
        args: &[],
        flags: &[OUTPUT],
        about: "List authorization policies",
    },
    Cmd {
        path: "iam authorization-policy-delete",
        args: &["POLICY_ID"],
        flags: &[FORCE],
        about: "Delete an authorization policy",
    },
    Cmd {
        path: "resource service-instance-create",
        args: &["NAME", "SERVICE", "PLAN", "LOCATION"],
        flags: &[
            Flag {
                names: &["-p", "--parameters"],
                value: Some("JSON"),
                help: "parameters, e.g. '{\"disk_encryption_key_crn\":\"crn:...\"}'",
            },
            Flag {
                names: &["-g"],
                value: Some("RESOURCE_GROUP"),
                help: "the resource group (default: Default)",
            },
            OUTPUT,
        ],
        about: "Create a service instance (a deployment, or a Key Protect instance)",
    },
    Cmd {
        path: "resource service-instances",
        args: &[],
        flags: &[
            Flag {
                names: &["--service-name"],
                value: Some("SERVICE"),
                help: "only instances of this service",
            },
            OUTPUT,
        ],
        about: "List service instances",
    },
    Cmd {
        path: "resource service-instance",
        args: &["NAME_OR_ID"],
        flags: &[OUTPUT],
        about: "Show a service instance",
    },
    Cmd {
        path: "resource service-instance-delete",
        args: &["NAME_OR_ID"],
        flags: &[FORCE],
        about: "Delete a service instance (a deployment stays reclaimable for a while)",
    },
    Cmd {
        path: "resource reclamations",
        args: &[],
        flags: &[OUTPUT],
        about: "List reclamations (soft-deleted instances)",
    },
    Cmd {
        path: "resource reclamation",
        args: &["ID"],
        flags: &[OUTPUT],
        about: "Show a reclamation",
    },
    Cmd {
        path: "resource reclamation-restore",
        args: &["ID"],
        flags: &[OUTPUT],
        about: "Restore a soft-deleted instance",
    },
    Cmd {
        path: "resource reclamation-delete",
        args: &["ID"],
        flags: &[FORCE],
        about: "Delete a soft-deleted instance for good",
    },
];

/// The sandbox's own commands (`sandbox ...`), for help and completion.
pub const SANDBOX: &[(&str, &str, &str)] = &[
    ("now", "", "Print the sandbox's clock"),
    (
        "advance",
        "DURATION",
        "Move the clock (e.g. 30m, 4h, 9d, 1d12h) and list what happened",
    ),
    (
        "as",
        "USER",
        "Act as another user (alice, bob, carol, dave)",
    ),
    ("users", "", "List the users and their roles"),
    (
        "roles",
        "USER ROLES",
        "As the owner, set a user's Key Protect roles (e.g. Manager,KeyPurge)",
    ),
    (
        "reset",
        "[--seed N]",
        "Start a new sandbox (the same seed gives the same ids)",
    ),
    ("help", "", "Show this help"),
];

pub fn command(path: &str) -> Option<&'static Cmd> {
    COMMANDS.iter().find(|c| c.path == path)
}

pub fn is_group(path: &str) -> bool {
    GROUPS.iter().any(|(g, _)| *g == path)
}

/// The words that may follow `group` (sub-groups and commands), with what they do.
pub fn children(group: &str) -> Vec<(&'static str, &'static str)> {
    let depth = if group.is_empty() {
        0
    } else {
        group.split(' ').count()
    };
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    let under = |path: &'static str| -> Option<&'static str> {
        let mut parts = path.split(' ');
        let prefix: Vec<&str> = parts.by_ref().take(depth).collect();
        if prefix.join(" ") != group {
            return None;
        }
        path.split(' ').nth(depth)
    };
    for (g, about) in GROUPS {
        if g.split(' ').count() == depth + 1 {
            if let Some(word) = under(g) {
                out.push((word, about));
            }
        }
    }
    for c in COMMANDS {
        if c.path.split(' ').count() == depth + 1 {
            if let Some(word) = under(c.path) {
                out.push((word, c.about));
            }
        }
    }
    crate::engine::sort::sort_by_key(&mut out, |(w, _)| *w);
    out
}

/// Parsed arguments: positionals and flags by canonical name.
#[derive(Debug, Default)]
pub struct Args {
    pub pos: Vec<String>,
    flags: BTreeMap<&'static str, Vec<String>>,
}

impl Args {
    pub fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }

    /// The last value given for a flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.flags
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }
}

/// Parses the words after a command's path. Flags may come before, between or after arguments;
/// `--` ends the flags. Errors are the text after `Incorrect Usage`.
pub fn parse(cmd: &Cmd, words: &[String]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            args.pos.extend(words[i..].iter().cloned());
            break;
        }
        if !w.starts_with('-') || w.len() == 1 {
            args.pos.push(w.clone());
            continue;
        }
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (w.as_str(), None),
        };
        let flag = cmd
            .flags
            .iter()
            .find(|f| {
                f.names
                    .iter()
                    .any(|n| *n == name || (n.starts_with("--") && n.eq_ignore_ascii_case(name)))
            })
            .ok_or_else(|| {
                format!(
                    ": flag provided but not defined: -{}",
                    name.trim_start_matches('-')
                )
            })?;
        let value = match (flag.value, inline) {
            (None, None) => String::new(),
            (None, Some(v)) => v,
            (Some(_), Some(v)) => v,
            (Some(_), None) => {
                let v = words.get(i).ok_or_else(|| {
                    format!(
                        ": flag needs an argument: -{}",
                        name.trim_start_matches('-')
                    )
                })?;
                i += 1;
                v.clone()
            }
        };
        args.flags.entry(flag.names[0]).or_default().push(value);
    }
    if args.pos.len() < cmd.args.len() {
        let missing = cmd.args[args.pos.len()..].join(", ");
        return Err(format!(". The required argument {missing} was not given."));
    }
    if args.pos.len() > cmd.args.len() {
        let extra = &args.pos[cmd.args.len()];
        return Err(format!(
            ". The argument '{extra}' is one too many: {} takes {}.",
            cmd.path,
            match cmd.args.len() {
                0 => "no arguments".to_string(),
                1 => format!("one argument ({})", cmd.args[0]),
                _ => format!("{} arguments ({})", cmd.args.len(), cmd.args.join(" ")),
            }
        ));
    }
    Ok(args)
}

/// `USAGE` and `OPTIONS` of a command, as its `--help` and usage errors print them.
pub fn usage(cmd: &Cmd) -> String {
    let mut out = format!(
        "NAME:\n   {} - {}\n\nUSAGE:\n   ibmcloud {}",
        cmd.path, cmd.about, cmd.path
    );
    for a in cmd.args {
        out.push(' ');
        out.push_str(a);
    }
    for f in cmd.flags {
        match f.value {
            Some(v) => out.push_str(&format!(" [{} {v}]", f.names[0])),
            None => out.push_str(&format!(" [{}]", f.names[0])),
        }
    }
    out.push_str("\n\nOPTIONS:\n");
    let labels: Vec<String> = cmd
        .flags
        .iter()
        .map(|f| {
            let names = f.names.join(", ");
            match f.value {
                Some(v) => format!("{names} {v}"),
                None => names,
            }
        })
        .collect();
    let width = labels.iter().map(String::len).max().unwrap_or(0);
    for (label, f) in labels.iter().zip(cmd.flags) {
        out.push_str(&format!("   {label:width$}   {}\n", f.help));
    }
    out
}

/// The closest known word to a mistyped one, if it is close enough to be what was meant.
pub fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (distance(word, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
