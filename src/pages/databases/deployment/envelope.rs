//! The envelope of a deployment's data, drawn as a chain: the root key in Key Protect, the data
//! encryption key it wraps, the records that key encrypts; each link with its state.

use yew::prelude::*;

/// One link of the envelope: what it is, its name, its state (a word for tests and styles, and
/// the words shown), and whether it is whole.
pub struct Part {
    name: String,
    state: &'static str,
    shown: String,
    whole: bool,
}

/// The envelope of a deployment's data: the root key in Key Protect wraps the data encryption key
/// (DEK), which encrypts the records. Each link with its state; after a shred the DEK is gone and
/// the chain is broken there.
pub struct Chain {
    root: Part,
    dek: Part,
    records: Part,
    /// The root key can unwrap the DEK (the service holds it in memory).
    unwrapped: bool,
    shredded: bool,
}

impl Chain {
    pub fn of(sb: &byok_engine::Sandbox, d: &byok_engine::databases::Deployment) -> Chain {
        use byok_engine::kms::KeyState;
        let shredded = d.is_shredded();
        let root = match &d.disk_key_crn {
            None => Part {
                name: "service-managed key".into(),
                state: "service",
                shown: "held by the service".into(),
                whole: true,
            },
            Some(crn) => match sb.keys().find(|k| k.crn == *crn) {
                Some(k) => Part {
                    name: k.name.clone(),
                    state: k.state.name(),
                    shown: format!("{} in Key Protect", k.state.name()),
                    whole: k.state == KeyState::Active,
                },
                None => Part {
                    name: crn.rsplit(':').next().unwrap_or_default().to_string(),
                    state: "Purged",
                    shown: "purged from Key Protect".into(),
                    whole: false,
                },
            },
        };
        let version = d
            .key_version
            .as_deref()
            .map(|v| v.chars().take(8).collect::<String>());
        let dek = match (&d.wrapped_dek, d.dek.is_some()) {
            (None, _) if shredded => Part {
                name: "gone for good".into(),
                state: "discarded",
                shown: "discarded: cryptoshredded".into(),
                whole: false,
            },
            (None, _) => Part {
                name: "not created yet".into(),
                state: "none",
                shown: "none yet".into(),
                whole: false,
            },
            (Some(_), true) => Part {
                name: version.map_or("wrapped".into(), |v| format!("wrapped by version {v}…")),
                state: "unwrapped",
                shown: "unwrapped in the service's memory".into(),
                whole: true,
            },
            (Some(_), false) => Part {
                name: version.map_or("wrapped".into(), |v| format!("wrapped by version {v}…")),
                state: "wrapped",
                shown: "wrapped only: the service cannot use it now".into(),
                whole: false,
            },
        };
        let n = d.records.len();
        let readable =
            d.dek.is_some() && matches!(d.status, byok_engine::databases::Status::Active);
        let records = Part {
            name: format!("{n} record{}", if n == 1 { "" } else { "s" }),
            state: if shredded {
                "unreadable"
            } else if readable {
                "readable"
            } else {
                "locked"
            },
            shown: if shredded {
                "unreadable, for good".into()
            } else if readable {
                "readable".into()
            } else {
                "locked until the DEK is unwrapped".into()
            },
            whole: readable,
        };
        Chain {
            unwrapped: d.dek.is_some(),
            root,
            dek,
            records,
            shredded,
        }
    }

    pub fn view(&self) -> Html {
        let node = |what: &'static str, kind: &'static str, l: &Part| {
            html! {
                <div class={classes!("env-box", what, if l.whole { "whole" } else { "broken" })}
                    data-testid={format!("envelope-{what}")} data-state={l.state}>
                    <span class="env-kind">{ kind }</span>
                    <strong class="env-name">{ l.name.clone() }</strong>
                    <span class="env-state">{ l.shown.clone() }</span>
                </div>
            }
        };
        // The arrows: whole while the next link can be reached; cut (✕) where the DEK is gone.
        let arrow = |what: &'static str, word: &'static str, state: &'static str| {
            html! {
                <div class={classes!("env-link", state)} data-testid={format!("envelope-{what}")} data-state={state}>
                    <span>{ if state == "cut" { "✕" } else { word } }</span>
                </div>
            }
        };
        let (wraps, encrypts) = if self.shredded {
            ("cut", "cut")
        } else if self.unwrapped {
            ("whole", "whole")
        } else {
            ("blocked", "blocked")
        };
        let words = if self.shredded {
            "The root key was destroyed, so the service discarded the DEK: the chain is cut where the DEK was, and the encrypted records can never be read again."
        } else if self.unwrapped {
            "The root key wraps the DEK; the service unwrapped it once (through Key Protect) and holds it in memory to read and write records."
        } else {
            "The service holds only the wrapped DEK: it cannot decrypt records until Key Protect unwraps the DEK for it again."
        };
        html! {
            <div class="card">
                <h2>{ "Envelope encryption" }</h2>
                <div class={classes!("envelope", self.shredded.then_some("shredded"))} data-testid="envelope">
                    { node("root", "Root key", &self.root) }
                    { arrow("wraps", "wraps", wraps) }
                    { node("dek", "Data encryption key", &self.dek) }
                    { arrow("encrypts", "encrypts", encrypts) }
                    { node("records", "Encrypted records", &self.records) }
                </div>
                <p class="muted">{ words }</p>
            </div>
        }
    }
}
