//! The commands the shell knows: their paths, arguments and flags (one table serves dispatch, usage
//! messages, help and completion). `args.rs` parses words against it.

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
    ("kp key-ring", "Create or delete a key ring"),
    ("kp instance", "Show or set the instance's policies"),
    (
        "kp instance policy-update",
        "Set an instance policy (the sandbox models dual-auth-delete)",
    ),
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
const ENABLE_DEFAULT: Flag = Flag {
    names: &["-e", "--enable"],
    value: None,
    help: "enable the policy (the default)",
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
            Flag {
                names: &["--key-ring"],
                value: Some("KEY_RING_ID"),
                help: "the key ring to create the key in (default: 'default')",
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
                help: "states to list: active, suspended, deactivated, destroyed (or 1,2,3,5; default: all but destroyed)",
            },
            Flag {
                names: &["-t", "--key-type"],
                value: Some("TYPE"),
                help: "only root-key or standard-key keys",
            },
            Flag {
                names: &["-l", "--key-search"],
                value: Some("QUERY"),
                help: "keys whose name or alias matches (prefixes exact:, not:, alias:, name:)",
            },
            Flag {
                names: &["-b", "--sort-by"],
                value: Some("FIELDS"),
                help: "sort by these fields, '-' for descending, e.g. id,-creationDate",
            },
            Flag {
                names: &["-f", "--key-filter"],
                value: Some("FILTER"),
                help: "e.g. 'creationDate=gte:\"2026-01-01T00:00:00Z\" state=1'",
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
    Cmd {
        path: "kp key policies",
        args: &["KEY_ID"],
        flags: &[
            I,
            O,
            Flag {
                names: &["-r", "--rotation"],
                value: None,
                help: "only the rotation policy",
            },
            Flag {
                names: &["-d", "--dual-auth"],
                value: None,
                help: "only the dual authorization delete policy",
            },
        ],
        about: "Show a key's policies",
    },
    Cmd {
        path: "kp key policy-update rotation",
        args: &["KEY_ID"],
        flags: &[
            I,
            O,
            ENABLE_DEFAULT,
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
        path: "kp region-set",
        args: &["[REGION]"],
        flags: &[
            I,
            Flag {
                names: &["-u", "--unset"],
                value: None,
                help: "unset (remove) the regional endpoint",
            },
        ],
        about: "Target a regional endpoint (every region reaches the sandbox)",
    },
    Cmd {
        path: "kp key-rings",
        args: &[],
        flags: KP,
        about: "List the instance's key rings",
    },
    Cmd {
        path: "kp instance policies",
        args: &[],
        flags: &[
            I,
            O,
            Flag {
                names: &["-d", "--dual-auth-delete"],
                value: None,
                help: "only the dual authorization delete policy",
            },
        ],
        about: "Show the instance's policies",
    },
    Cmd {
        path: "kp instance policy-update dual-auth-delete",
        args: &[],
        flags: &[I, ENABLE, DISABLE],
        about: "Require two users' authorization to delete the instance's new keys",
    },
    Cmd {
        path: "kp key-ring create",
        args: &["KEY_RING_ID"],
        flags: KP,
        about: "Create a key ring (2 to 100 characters)",
    },
    Cmd {
        path: "kp key-ring delete",
        args: &["KEY_RING_ID"],
        flags: &[
            I,
            O,
            Flag {
                names: &["-f", "--force"],
                value: None,
                help: "delete a ring whose keys are all destroyed, moving them to the default ring",
            },
        ],
        about: "Delete a key ring (none of its keys may be in use)",
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
        path: "iam oauth-tokens",
        args: &[],
        flags: &[OUTPUT],
        about: "Print the acting user's IAM access token",
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
    byok_engine::sort::sort_by_key(&mut out, |(w, _)| *w);
    out
}
