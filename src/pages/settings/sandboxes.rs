//! The list of saved sandboxes, kept up to date, and what its buttons do against the store: open,
//! rename, duplicate, export, delete (kept in this tab so it can be undone) and undo. `SandboxList`
//! draws it.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use yew::prelude::*;

use super::sandbox_list::SandboxList;
use crate::frame::state::{use_app, Entry, Handle, Saved, FORMAT, VERSION};
use crate::storage::persist;
use crate::storage::session::{use_session, Deleted, Session};
use crate::storage::store::{self, Meta};

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

type List = UseStateHandle<Rc<Vec<Meta>>>;
type Problem = UseStateHandle<Option<String>>;

async fn refresh(list: List, problem: Problem) {
    match store::list().await {
        Ok(all) => list.set(Rc::new(all)),
        Err(e) => problem.set(Some(format!(
            "The saved sandboxes could not be listed ({e})."
        ))),
    }
}

/// The saved sandboxes, read now and again whenever they may have changed (here or in another
/// tab), and what went wrong last.
#[hook]
fn use_listed(session: &Rc<Session>) -> (List, Problem) {
    let list = use_state(|| Rc::new(Vec::<Meta>::new()));
    let problem = use_state(|| None::<String>);
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
    (list, problem)
}

/// A copy of the sandbox, under a free name.
fn duplicate(list: &List) -> Job {
    let list = list.clone();
    job(move |_session, m: Meta| {
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
    })
}

/// The sandbox as a file: this tab's from its session, another from the store.
fn export(app: &Handle) -> Job {
    let app = app.clone();
    job(move |session: Rc<Session>, m: Meta| {
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
    })
}

/// Removes the sandbox from the store, keeping it whole in this tab for an undo.
fn delete() -> Job {
    job(|session: Rc<Session>, m: Meta| async move {
        let all = store::read_all(&m.id).await?.ok_or("it no longer exists")?;
        store::remove(&m.id).await?;
        session.deleted.borrow_mut().push(Deleted {
            meta: all.meta,
            texts: Rc::new(all.texts),
            snapshot: all.snapshot,
        });
        Ok(())
    })
}

/// Puts a sandbox deleted in this tab back, under a free name.
fn undo(list: &List) -> Job {
    let list = list.clone();
    job(move |session: Rc<Session>, m: Meta| {
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
    })
}

/// The list of saved sandboxes, kept up to date, and what its buttons do.
#[function_component(Sandboxes)]
pub fn sandboxes() -> Html {
    let app = use_app();
    let session = use_session();
    let (list, problem) = use_listed(&session);
    let deleted_rev = use_state(|| 0u32);
    let current = session.id().unwrap_or_default();
    // A job's button: runs it, says what went wrong, tells the other tabs, lists again.
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
    let deleted: Rc<Vec<Meta>> = Rc::new(
        session
            .deleted
            .borrow()
            .iter()
            .map(|d| d.meta.clone())
            .collect(),
    );
    html! {
        <SandboxList items={(*list).clone()} {current} {on_open} {on_rename}
            on_duplicate={work(duplicate(&list))} on_export={work(export(&app))}
            on_delete={work(delete())} {deleted} on_undo={work(undo(&list))}
            problem={(*problem).clone()} />
    }
}
