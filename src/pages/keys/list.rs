//! The keys table: filtered by name, alias or id, by state and by type, sorted, a page at a time,
//! under the create / import form.

use yew::prelude::*;

use super::create::CreateKey;
use crate::frame::router::{Link, Route};
use crate::frame::state::use_app;
use crate::ui::{input_value, relative, select_value, state_name, Pager};
use byok_engine::kms::KeyView;
use byok_engine::Timestamp;

const PER_PAGE: usize = 50;

/// What the toolbar chose: a text to find, a state, a type, a sort.
struct Filters<'a> {
    text: &'a str,
    state: &'a str,
    kind: &'a str,
    sort: &'a str,
}

impl Filters<'_> {
    /// Keeps the keys that pass, in the chosen order.
    fn apply(&self, keys: &mut Vec<KeyView>) {
        let needle = self.text.to_ascii_lowercase();
        keys.retain(|k| {
            let state_ok = match self.state {
                "live" => k.state != 5,
                "all" => true,
                s => s.parse::<u8>().is_ok_and(|n| n == k.state),
            };
            let kind_ok = match self.kind {
                "root" => !k.extractable,
                "standard" => k.extractable,
                _ => true,
            };
            let name_ok = needle.is_empty()
                || k.name.to_ascii_lowercase().contains(&needle)
                || k.id.contains(&needle)
                || k.aliases
                    .iter()
                    .flatten()
                    .any(|a| a.to_ascii_lowercase().contains(&needle));
            state_ok && kind_ok && name_ok
        });
        match self.sort {
            "name" => byok_engine::sort::sort_by(keys, |a, b| a.name.cmp(&b.name)),
            "state" => byok_engine::sort::sort_by_key(keys, |k| k.state),
            _ => {}
        }
    }
}

#[function_component(KeysPage)]
pub fn keys_page() -> Html {
    let app = use_app();
    let filter = use_state(String::new);
    let state = use_state(|| "live".to_string());
    let kind = use_state(|| "all".to_string());
    let sort = use_state(|| "created".to_string());
    let page = use_state(|| 0usize);
    let (now, mut keys, instance) = {
        let sb = app.sb.borrow();
        let now = sb.now();
        let keys: Vec<KeyView> = sb.keys().map(|k| k.view(now, false)).collect();
        (
            now,
            keys,
            sb.instances()
                .first()
                .map(|i| (i.name.clone(), i.guid.clone(), i.region.clone())),
        )
    };
    Filters {
        text: &filter,
        state: &state,
        kind: &kind,
        sort: &sort,
    }
    .apply(&mut keys);
    let total = keys.len();
    let shown: Vec<KeyView> = keys
        .into_iter()
        .skip(*page * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let on_filter = {
        let (filter, page) = (filter.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            filter.set(input_value(&e));
            page.set(0);
        })
    };
    let select = |h: UseStateHandle<String>| {
        let page = page.clone();
        Callback::from(move |e: Event| {
            h.set(select_value(&e));
            page.set(0);
        })
    };
    let on_page = {
        let page = page.clone();
        Callback::from(move |n| page.set(n))
    };
    html! {
        <section>
            <h1>{ "Key Protect" }</h1>
            if let Some((name, guid, region)) = instance {
                <p class="muted">{ format!("Instance {name} ({guid}) in {region}") }</p>
            }
            <CreateKey />
            <div class="toolbar">
                <input type="search" placeholder="Filter by name, alias or id" aria-label="Filter keys" value={(*filter).clone()} oninput={on_filter} />
                <label>{ "State " }<select onchange={select(state.clone())} aria-label="State">
                    { for [("live", "not destroyed"), ("all", "all"), ("1", "Active"), ("2", "Suspended"), ("3", "Deactivated"), ("5", "Destroyed")].into_iter()
                        .map(|(v, l)| html! { <option value={v} selected={*state == v}>{ l }</option> }) }
                </select></label>
                <label>{ "Type " }<select onchange={select(kind.clone())} aria-label="Type">
                    { for [("all", "all"), ("root", "root"), ("standard", "standard")].into_iter()
                        .map(|(v, l)| html! { <option value={v} selected={*kind == v}>{ l }</option> }) }
                </select></label>
                <label>{ "Sort " }<select onchange={select(sort.clone())} aria-label="Sort">
                    { for [("created", "creation"), ("name", "name"), ("state", "state")].into_iter()
                        .map(|(v, l)| html! { <option value={v} selected={*sort == v}>{ l }</option> }) }
                </select></label>
            </div>
            { table(&shown, now) }
            if total == 0 { <p class="muted">{ "No keys match." }</p> }
            <Pager {total} page={*page} per_page={PER_PAGE} {on_page} />
        </section>
    }
}

/// The keys of one page, each linked to its own.
fn table(shown: &[KeyView], now: Timestamp) -> Html {
    html! {
        <table data-testid="keys">
            <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "State" }</th><th>{ "Created" }</th><th>{ "ID" }</th></tr></thead>
            <tbody>
                { for shown.iter().map(|k| html! {
                    <tr class={format!("state-{}", k.state)}>
                        <td><Link to={Route::Key { id: k.id.clone() }}>{ k.name.clone() }</Link></td>
                        <td>{ if k.extractable { "standard" } else { "root" } }{ if k.imported { " (imported)" } else { "" } }</td>
                        <td><span class={format!("pill s{}", k.state)}>{ state_name(k.state) }</span></td>
                        <td>{ relative(k.creation_date, now) }</td>
                        <td class="mono">{ k.id.clone() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
