//! The sandboxes saved in this browser, in Settings: each with its seed, simulated now, last use
//! and size, and open, rename, duplicate, export and delete (which asks, and can be undone until the
//! page is closed). `SandboxList` only draws and asks; `Sandboxes` does the work against the store.
//! Also the kept copies: what could not be read, kept for download.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use yew::prelude::*;

use super::common::input_value;
use super::persist;
use super::session::{use_session, Deleted, Session};
use super::state::{use_app, Entry, Saved, FORMAT, VERSION};
use super::store::{self, KeptData, Meta};

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
    // (id, the name being typed, why it is refused)
    let renaming = use_state(|| None::<(String, String)>);
    let confirming = use_state(|| None::<String>);
    let mut items: Vec<Meta> = (*p.items).clone();
    items.sort_by(|a, b| {
        b.last_used
            .partial_cmp(&a.last_used)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let row = |m: Meta| {
        let current = m.id == p.current;
        let emit = |cb: &Callback<Meta>| {
            let (cb, m) = (cb.clone(), m.clone());
            Callback::from(move |_: MouseEvent| cb.emit(m.clone()))
        };
        let name_cell = match &*renaming {
            Some((id, text)) if *id == m.id => {
                let refusal = refuse_name(text, &m.id, &p.items);
                let oninput = {
                    let (renaming, id) = (renaming.clone(), m.id.clone());
                    Callback::from(move |e: InputEvent| {
                        renaming.set(Some((id.clone(), input_value(&e))))
                    })
                };
                let save = {
                    let (renaming, cb, m, text) = (
                        renaming.clone(),
                        p.on_rename.clone(),
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
                    let renaming = renaming.clone();
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
            _ => html! {
                <>
                    <strong>{ m.name.clone() }</strong>
                    if current { <span class="muted">{ " (this tab)" }</span> }
                </>
            },
        };
        let start_rename = {
            let (renaming, m) = (renaming.clone(), m.clone());
            Callback::from(move |_| renaming.set(Some((m.id.clone(), m.name.clone()))))
        };
        let ask = {
            let (confirming, id) = (confirming.clone(), m.id.clone());
            Callback::from(move |_| confirming.set(Some(id.clone())))
        };
        let asking = confirming.as_deref() == Some(m.id.as_str());
        let confirm = {
            let (confirming, cb, m) = (confirming.clone(), p.on_delete.clone(), m.clone());
            Callback::from(move |_| {
                confirming.set(None);
                cb.emit(m.clone());
            })
        };
        let keep = {
            let confirming = confirming.clone();
            Callback::from(move |_| confirming.set(None))
        };
        html! {
            <tr data-testid="sandbox-row" data-name={m.name.clone()} class={classes!(current.then_some("current"))}>
                <td>{ name_cell }</td>
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
    };
    html! {
        <div data-testid="sandboxes">
            <table class="table">
                <thead><tr><th>{ "Name" }</th><th>{ "Seed" }</th><th>{ "Simulated now" }</th><th>{ "Last used" }</th><th>{ "Size" }</th><th>{ "" }</th></tr></thead>
                <tbody>{ for items.into_iter().map(row) }</tbody>
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

/// An export (the app's portable format) made from stored texts.
fn export_text(seed: &str, actor: &str, texts: &[String]) -> Result<String, String> {
    let journal = texts
        .iter()
        .map(|t| Entry::from_text(t))
        .collect::<Result<Vec<_>, _>>()?;
    let saved = Saved {
        format: FORMAT.into(),
        version: VERSION,
        seed: seed.to_string(),
        actor: if actor.is_empty() {
            "alice".into()
        } else {
            actor.to_string()
        },
        journal,
    };
    serde_json::to_string(&saved).map_err(|e| e.to_string())
}

/// A free name like `base`: `base`, `base 2`, `base 3`...
pub fn free_name(base: &str, all: &[Meta]) -> String {
    let taken = |n: &str| all.iter().any(|m| m.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base} {i}"))
        .find(|n| !taken(n))
        .expect("some number is free")
}

type Job = Rc<dyn Fn(Rc<Session>, Meta) -> Pin<Box<dyn Future<Output = Result<(), String>>>>>;

/// A button's work on one sandbox, done asynchronously against the store.
fn job<F, Fut>(f: F) -> Job
where
    F: Fn(Rc<Session>, Meta) -> Fut + 'static,
    Fut: Future<Output = Result<(), String>> + 'static,
{
    Rc::new(move |s, m| Box::pin(f(s, m)))
}

async fn refresh(list: UseStateHandle<Rc<Vec<Meta>>>, problem: UseStateHandle<Option<String>>) {
    match store::list().await {
        Ok(all) => list.set(Rc::new(all)),
        Err(e) => problem.set(Some(format!(
            "The saved sandboxes could not be listed ({e})."
        ))),
    }
}

/// The list of saved sandboxes, kept up to date, and what its buttons do.
#[function_component(Sandboxes)]
pub fn sandboxes() -> Html {
    let app = use_app();
    let session = use_session();
    let list = use_state(|| Rc::new(Vec::<Meta>::new()));
    let problem = use_state(|| None::<String>);
    let deleted_rev = use_state(|| 0u32);
    {
        let (list, problem, session) = (list.clone(), problem.clone(), session.clone());
        use_effect_with((), move |_| {
            let (l, p) = (list.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(refresh(l, p));
            let id = session.subscribe(Callback::from(move |_| {
                wasm_bindgen_futures::spawn_local(refresh(list.clone(), problem.clone()))
            }));
            move || session.unsubscribe(id)
        });
    }
    let current = session.id().unwrap_or_default();
    let work = |f: Job| {
        let (session, problem, list, rev) = (
            session.clone(),
            problem.clone(),
            list.clone(),
            deleted_rev.clone(),
        );
        Callback::from(move |m: Meta| {
            let (session, problem, list, f, rev) = (
                session.clone(),
                problem.clone(),
                list.clone(),
                f.clone(),
                rev.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let id = m.id.clone();
                match f(session.clone(), m).await {
                    Ok(()) => problem.set(None),
                    Err(why) => problem.set(Some(why)),
                }
                session.listed(&id);
                rev.set(*rev + 1);
                refresh(list, problem).await;
            });
        })
    };
    let on_open = Callback::from(|m: Meta| persist::go_to_sandbox(&m.name));
    let on_rename = {
        let (session, problem, list) = (session.clone(), problem.clone(), list.clone());
        Callback::from(move |(m, name): (Meta, String)| {
            let (session, problem, list) = (session.clone(), problem.clone(), list.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match store::rename(&m.id, &name).await {
                    Ok(()) => {
                        if session.id().as_deref() == Some(m.id.as_str()) {
                            session.rename_current(&name);
                        }
                        problem.set(None);
                    }
                    Err(why) => problem.set(Some(format!("Not renamed: {why}."))),
                }
                session.listed(&m.id);
                refresh(list, problem).await;
            });
        })
    };
    let on_duplicate = {
        let list = list.clone();
        work(job(move |_session, m: Meta| {
            let all = (*list).clone();
            async move {
                let everything = store::read_all(&m.id).await?.ok_or("it no longer exists")?;
                let meta = Meta {
                    id: String::new(),
                    name: free_name(&format!("{} copy", m.name), &all),
                    generation: 0,
                    ..everything.meta
                };
                store::create(&meta, &everything.texts, everything.snapshot.as_ref())
                    .await?
                    .map(|_| ())
                    .ok_or_else(|| "the copy's name was taken meanwhile: try again".to_string())
            }
        }))
    };
    let on_export = {
        let app = app.clone();
        work(job(move |session: Rc<Session>, m: Meta| {
            let app = app.clone();
            async move {
                let text = if session.id().as_deref() == Some(m.id.as_str()) {
                    let saved = session
                        .saved(&app.actor)
                        .await
                        .ok_or("the journal could not be read")?;
                    serde_json::to_string(&saved).map_err(|e| e.to_string())?
                } else {
                    let all = store::read_all(&m.id).await?.ok_or("it no longer exists")?;
                    export_text(&all.meta.seed, &all.meta.actor, &all.texts)?
                };
                persist::download(&format!("byok-sandbox-{}.json", m.name), &text);
                Ok(())
            }
        }))
    };
    let on_delete = work(job(|session: Rc<Session>, m: Meta| async move {
        let all = store::read_all(&m.id).await?.ok_or("it no longer exists")?;
        store::remove(&m.id).await?;
        session.deleted.borrow_mut().push(Deleted {
            meta: all.meta,
            texts: Rc::new(all.texts),
            snapshot: all.snapshot,
        });
        Ok(())
    }));
    let on_undo = {
        let list = list.clone();
        work(job(move |session: Rc<Session>, m: Meta| {
            let all = (*list).clone();
            async move {
                let found = session
                    .deleted
                    .borrow()
                    .iter()
                    .find(|d| d.meta.id == m.id)
                    .cloned()
                    .ok_or("nothing to undo")?;
                let meta = Meta {
                    name: free_name(&found.meta.name, &all),
                    ..found.meta.clone()
                };
                store::create(&meta, &found.texts, found.snapshot.as_ref())
                    .await?
                    .ok_or("its name was taken meanwhile: try again")?;
                session.deleted.borrow_mut().retain(|d| d.meta.id != m.id);
                Ok(())
            }
        }))
    };
    let deleted: Rc<Vec<Meta>> = Rc::new(
        session
            .deleted
            .borrow()
            .iter()
            .map(|d| d.meta.clone())
            .collect(),
    );
    html! {
        <SandboxList items={(*list).clone()} {current} {on_open} {on_rename} {on_duplicate}
            {on_export} {on_delete} {deleted} {on_undo} problem={(*problem).clone()} />
    }
}

/// Copies the app could not read (an old snapshot, the earlier version's storage), for download.
#[function_component(KeptCopies)]
pub fn kept_copies() -> Html {
    let kept = use_state(Vec::<store::Kept>::new);
    let rev = use_state(|| 0u32);
    {
        let kept = kept.clone();
        use_effect_with(*rev, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(all) = store::kept().await {
                    kept.set(all);
                }
            });
        });
    }
    if kept.is_empty() {
        return html! {};
    }
    html! {
        <div class="card" data-testid="kept">
            <h2>{ "Kept copies" }</h2>
            <p class="muted">{ "Stored copies the app could not read. Nothing was lost: each sandbox was opened from its journal. Download a copy to keep it, or discard it." }</p>
            <ul>
                { for kept.iter().map(|k| {
                    let download = {
                        let k = k.clone();
                        Callback::from(move |_| match &k.data {
                            KeptData::Text(t) => persist::download(&format!("byok-sandbox-kept-{}.json", k.name), t),
                            KeptData::Bytes(b) => persist::download_bytes(&format!("byok-sandbox-{}-{}.snapshot", k.name, k.kind), b),
                        })
                    };
                    let discard = {
                        let (key, rev) = (k.key, rev.clone());
                        Callback::from(move |_| {
                            let rev = rev.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                let _ = store::drop_kept(key).await;
                                rev.set(*rev + 1);
                            });
                        })
                    };
                    html! {
                        <li data-testid="kept-copy">
                            { format!("'{}' ({}, {}): {}. ", k.name, k.kind, when(k.at), k.why) }
                            <button onclick={download}>{ "Download" }</button>
                            <button onclick={discard}>{ "Discard" }</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
