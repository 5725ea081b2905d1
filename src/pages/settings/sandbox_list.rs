//! The table of the sandboxes saved in this browser: each with its seed, simulated now, last use
//! and size, and open, rename (in place), duplicate, export and delete (which asks first); the
//! deletions that can still be undone. It only draws and asks: `Sandboxes` does the work.

use std::rc::Rc;

use yew::prelude::*;

use crate::storage::persist;
use crate::storage::store::Meta;
use crate::ui::input_value;

/// Bytes in a few readable characters: "812 B", "12.4 KB", "3.1 MB". In integer tenths: formatting
/// an `f64` would bring the float printer (some 9 KB of wasm) into the first load.
pub fn size(bytes: u64) -> String {
    let tenths = |unit: u64| (bytes * 10 + unit / 2) / unit;
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => {
            let t = tenths(1024);
            format!("{}.{} KB", t / 10, t % 10)
        }
        _ => {
            let t = tenths(1024 * 1024);
            format!("{}.{} MB", t / 10, t % 10)
        }
    }
}

/// A real instant (milliseconds since the epoch) as `2026-11-29 14:05` in UTC.
pub fn when(ms: f64) -> String {
    if ms <= 0.0 {
        return "—".into();
    }
    let iso = String::from(js_sys::Date::new(&ms.into()).to_iso_string());
    format!("{} {} UTC", &iso[..10], &iso[11..16])
}

/// Why `name` cannot be a new name for the sandbox `id`, among `all`.
pub fn refuse_name(name: &str, id: &str, all: &[Meta]) -> Option<String> {
    let name = persist::clean_name(name);
    if name.is_empty() {
        return Some("A sandbox needs a name.".into());
    }
    all.iter()
        .any(|m| m.name == name && m.id != id)
        .then(|| format!("There is already a sandbox called '{name}'."))
}

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub items: Rc<Vec<Meta>>,
    /// The id of the sandbox this tab shows (it cannot be deleted from here).
    pub current: String,
    pub on_open: Callback<Meta>,
    pub on_rename: Callback<(Meta, String)>,
    pub on_duplicate: Callback<Meta>,
    pub on_export: Callback<Meta>,
    pub on_delete: Callback<Meta>,
    /// Deleted in this tab and still undoable.
    #[prop_or_default]
    pub deleted: Rc<Vec<Meta>>,
    #[prop_or_default]
    pub on_undo: Callback<Meta>,
    /// What the last action said, if it failed.
    #[prop_or_default]
    pub problem: Option<String>,
}

/// The table of sandboxes. Renaming edits the name in place; deleting asks first.
#[function_component(SandboxList)]
pub fn sandbox_list(p: &ListProps) -> Html {
    // (id, the name being typed)
    let renaming = use_state(|| None::<(String, String)>);
    let confirming = use_state(|| None::<String>);
    let mut items: Vec<Meta> = (*p.items).clone();
    items.sort_by(|a, b| {
        b.last_used
            .partial_cmp(&a.last_used)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let rows = Rows {
        p,
        renaming: &renaming,
        confirming: &confirming,
    };
    html! {
        <div data-testid="sandboxes">
            <table class="table">
                <thead><tr><th>{ "Name" }</th><th>{ "Seed" }</th><th>{ "Simulated now" }</th><th>{ "Last used" }</th><th>{ "Size" }</th><th>{ "" }</th></tr></thead>
                <tbody>{ for items.into_iter().map(|m| rows.row(m)) }</tbody>
            </table>
            { for p.deleted.iter().map(|m| {
                let (cb, m2) = (p.on_undo.clone(), m.clone());
                html! {
                    <p class="undo" role="status" data-testid="deleted">
                        { format!("Deleted '{}'. ", m.name) }
                        <button onclick={Callback::from(move |_| cb.emit(m2.clone()))}>{ "Undo" }</button>
                        <span class="muted">{ " (until this page is closed)" }</span>
                    </p>
                }
            }) }
            if let Some(why) = &p.problem { <p class="why" role="alert">{ why.clone() }</p> }
        </div>
    }
}

/// What the table's rows are drawn from: its props, and which row is being renamed or asked
/// about (one at a time).
struct Rows<'a> {
    p: &'a ListProps,
    renaming: &'a UseStateHandle<Option<(String, String)>>,
    confirming: &'a UseStateHandle<Option<String>>,
}

impl Rows<'_> {
    /// One sandbox's row: its facts, and its buttons (or the question before a deletion).
    fn row(&self, m: Meta) -> Html {
        let p = self.p;
        let current = m.id == p.current;
        let emit = |cb: &Callback<Meta>| {
            let (cb, m) = (cb.clone(), m.clone());
            Callback::from(move |_: MouseEvent| cb.emit(m.clone()))
        };
        let start_rename = {
            let (renaming, m) = (self.renaming.clone(), m.clone());
            Callback::from(move |_| renaming.set(Some((m.id.clone(), m.name.clone()))))
        };
        let ask = {
            let (confirming, id) = (self.confirming.clone(), m.id.clone());
            Callback::from(move |_| confirming.set(Some(id.clone())))
        };
        let asking = self.confirming.as_deref() == Some(m.id.as_str());
        let confirm = {
            let (confirming, cb, m) = (self.confirming.clone(), p.on_delete.clone(), m.clone());
            Callback::from(move |_| {
                confirming.set(None);
                cb.emit(m.clone());
            })
        };
        let keep = {
            let confirming = self.confirming.clone();
            Callback::from(move |_| confirming.set(None))
        };
        html! {
            <tr data-testid="sandbox-row" data-name={m.name.clone()} class={classes!(current.then_some("current"))}>
                <td>{ self.name_cell(&m, current) }</td>
                <td>{ m.seed.clone() }</td>
                <td>{ if m.now.is_empty() { "—".to_string() } else { m.now.clone() } }</td>
                <td>{ when(m.last_used) }</td>
                <td>{ size(m.size()) }</td>
                <td class="actions">
                    if asking {
                        <span role="alert">{ format!("Delete '{}' and everything in it? ", m.name) }</span>
                        <button class="danger" onclick={confirm}>{ "Yes, delete" }</button>
                        <button onclick={keep}>{ "Keep it" }</button>
                    } else {
                        <button onclick={emit(&p.on_open)} disabled={current}>{ "Open" }</button>
                        <button onclick={start_rename}>{ "Rename" }</button>
                        <button onclick={emit(&p.on_duplicate)}>{ "Duplicate" }</button>
                        <button onclick={emit(&p.on_export)}>{ "Export" }</button>
                        <button onclick={ask} disabled={current}
                            title={if current { "This tab shows it: open another sandbox first" } else { "" }}>{ "Delete" }</button>
                    }
                </td>
            </tr>
        }
    }

    /// The name, or the form that renames it (refusing a taken or empty name as it is typed).
    fn name_cell(&self, m: &Meta, current: bool) -> Html {
        let Some((_, text)) = self.renaming.as_ref().filter(|(id, _)| *id == m.id) else {
            return html! {
                <>
                    <strong>{ m.name.clone() }</strong>
                    if current { <span class="muted">{ " (this tab)" }</span> }
                </>
            };
        };
        let refusal = refuse_name(text, &m.id, &self.p.items);
        let oninput = {
            let (renaming, id) = (self.renaming.clone(), m.id.clone());
            Callback::from(move |e: InputEvent| renaming.set(Some((id.clone(), input_value(&e)))))
        };
        let save = {
            let (renaming, cb, m, text) = (
                self.renaming.clone(),
                self.p.on_rename.clone(),
                m.clone(),
                text.clone(),
            );
            let ok = refusal.is_none();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                if ok {
                    cb.emit((m.clone(), persist::clean_name(&text)));
                    renaming.set(None);
                }
            })
        };
        let cancel = {
            let renaming = self.renaming.clone();
            Callback::from(move |_| renaming.set(None))
        };
        html! {
            <form class="rename" onsubmit={save}>
                <input aria-label="New name" value={text.clone()} {oninput} data-testid="rename-input" />
                <button type="submit" disabled={refusal.is_some()}>{ "Save name" }</button>
                <button type="button" onclick={cancel}>{ "Cancel" }</button>
                if let Some(why) = refusal { <p class="why" role="status">{ why }</p> }
            </form>
        }
    }
}
