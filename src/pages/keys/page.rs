//! A key's page: what it is, what it protects, and what can be done to it.

use serde_json::{json, Value};
use yew::prelude::*;

use super::actions::{Act, ConfirmKey, KeyActions};
use super::details::{Policies, Protected, Versions};
use super::facts::KeyFacts;
use crate::frame::router::{Link, Route};
use crate::frame::state::use_app;
use crate::ui::{state_name, use_requester};
use byok_engine::databases::Deployment;
use byok_engine::kms::{Key, Registration};
use byok_engine::Sandbox;

#[derive(Properties, PartialEq)]
pub struct KeyProps {
    pub id: String,
}

/// The deployments registered on a key, found once: each is named and linked under "Protected
/// resources", and those whose disk it encrypts are what a force delete shreds.
struct Registered {
    registrations: Vec<Registration>,
    /// For each registration, its deployment's id and name, if it is one.
    resources: Vec<Option<(String, String)>>,
    shredded: Vec<String>,
}

impl Registered {
    fn of(sb: &Sandbox, key: &Key) -> Registered {
        let registrations: Vec<_> = sb
            .registrations()
            .filter(|r| r.key_id == key.id)
            .cloned()
            .collect();
        let registered: Vec<&Deployment> = sb
            .deployments()
            .filter(|d| registrations.iter().any(|r| r.resource_crn == d.crn))
            .collect();
        let named = |d: &Deployment| format!("{} ({})", d.name, d.display_service());
        let resources = registrations
            .iter()
            .map(|r| {
                registered
                    .iter()
                    .find(|d| d.crn == r.resource_crn)
                    .map(|d| (d.guid.clone(), named(d)))
            })
            .collect();
        let shredded = registered
            .iter()
            .filter(|d| d.disk_key_crn.as_deref() == Some(key.crn.as_str()))
            .map(|d| named(d))
            .collect();
        Registered {
            registrations,
            resources,
            shredded,
        }
    }
}

#[function_component(KeyPage)]
pub fn key_page(p: &KeyProps) -> Html {
    let app = use_app();
    let requester = use_requester();
    let confirm = use_state(|| None::<&'static str>);
    let typed = use_state(String::new);
    let sb = app.sb.borrow();
    let now = sb.now();
    let Some(key) = sb.key(&p.id) else {
        return html! {
            <section>
                <h1>{ "Key not found" }</h1>
                <p>{ format!("No key {} exists: it may have been purged (every call about it now answers 404 KEY_NOT_FOUND_ERR).", p.id) }</p>
                <Link to={Route::Keys}>{ "All keys" }</Link>
            </section>
        };
    };
    let view = key.view(now, false);
    let registered = Registered::of(&sb, key);
    let versions: Vec<(String, String)> = key
        .versions
        .iter()
        .rev()
        .map(|v| (v.id.clone(), v.created.to_string()))
        .collect();
    drop(sb);
    let path = format!("/api/v2/keys/{}", p.id);
    let on_act = {
        let (requester, confirm, path) = (requester.clone(), confirm.clone(), path.clone());
        Callback::from(move |a: Act| {
            confirm.set(None);
            requester.send(a.method, format!("{path}{}", a.suffix), None, a.done);
        })
    };
    let on_ask = {
        let (confirm, typed) = (confirm.clone(), typed.clone());
        Callback::from(move |what: &'static str| {
            typed.set(String::new());
            confirm.set(Some(what));
        })
    };
    let on_cancel = {
        let confirm = confirm.clone();
        Callback::from(move |()| confirm.set(None))
    };
    let on_type = {
        let typed = typed.clone();
        Callback::from(move |t: String| typed.set(t))
    };
    let on_policy = {
        let requester = requester.clone();
        Callback::from(
            move |(body, which, done): (Value, &'static str, &'static str)| {
                let envelope = json!({ "metadata": { "collectionType": "application/vnd.ibm.kms.policy+json", "collectionTotal": 1 }, "resources": [body] });
                requester.send(
                    "PUT",
                    format!("{path}/policies?policy={which}"),
                    Some(envelope),
                    done,
                );
            },
        )
    };
    html! {
        <section>
            <p><Link to={Route::Keys}>{ "← Keys" }</Link></p>
            <h1>{ view.name.clone() }<span class={format!("pill s{}", view.state)} data-testid="key-state">{ state_name(view.state) }</span></h1>
            <KeyActions view={view.clone()} on_act={on_act.clone()} on_ask={on_ask} />
            if let Some(what) = *confirm {
                <ConfirmKey {what} name={view.name.clone()} shredded={registered.shredded.clone()}
                    typed={(*typed).clone()} {on_type} {on_act} {on_cancel} />
            }
            { requester.view() }
            <div class="grid2">
                <KeyFacts view={view.clone()} {now} />
                <div>
                    <Versions {versions} />
                    <Policies view={view.clone()} {on_policy} />
                    <Protected registrations={registered.registrations} resources={registered.resources} />
                </div>
            </div>
        </section>
    }
}
