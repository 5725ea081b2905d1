//! What the first load does without: every page but the overview, and the `ibmcloud` shell (with
//! its tools and the tours' runner), each in its own wasm chunk that the page fetches after it has
//! been drawn (`preload`), or at once when the address names such a page.
//!
//! The build (`scripts/build.mjs`, with the `split` feature) cuts the chunks out of the app's wasm
//! at the two functions marked `#[wasm_split]` below: whatever only they reach goes into the chunk.
//! Their callers get plain function pointers back, kept here once loaded, so the rest of the app
//! calls into a chunk without knowing it is one. Without the feature (the wasm tests, and any build
//! that does not split) the same functions are called directly and "loading" is immediate.

use std::cell::Cell;

use yew::prelude::*;

use super::Route;
use crate::cli::{Backend, Output, Shell};
use crate::scenario::{Step, StepResult};

/// The shell's entry points: a command line (or a paste of several), and a tour's step.
#[derive(Clone, Copy)]
pub struct ShellChunk {
    pub exec: fn(&mut Shell, &mut dyn Backend, &str) -> Output,
    pub run_step: fn(&mut Shell, &mut dyn Backend, &Step) -> StepResult,
}

/// Draws a page the overview does not: `super::pages`.
pub type Pages = fn(Route) -> Html;

/// A chunk could not be fetched or compiled (offline, or the files replaced by another version).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unavailable;

thread_local! {
    static SHELL: Cell<Option<ShellChunk>> = const { Cell::new(None) };
    static SHELL_FAILED: Cell<bool> = const { Cell::new(false) };
    static PAGES: Cell<Option<Pages>> = const { Cell::new(None) };
}

// Built only inside the split functions, so that the code they point to is reached from the
// chunk alone.
fn shell_entry() -> ShellChunk {
    ShellChunk {
        exec: |shell, backend, input| shell.exec(backend, input),
        run_step: crate::scenario::run_step,
    }
}

fn pages_entry() -> Pages {
    super::pages
}

#[cfg(feature = "split")]
mod points {
    use wasm_split_helpers::{wasm_split, SplitLoaderError};

    #[wasm_split(shell, fallible)]
    pub fn shell() -> Result<super::ShellChunk, SplitLoaderError> {
        Ok(super::shell_entry())
    }

    #[wasm_split(pages, fallible)]
    pub fn pages() -> Result<super::Pages, SplitLoaderError> {
        Ok(super::pages_entry())
    }
}

#[cfg(not(feature = "split"))]
mod points {
    pub async fn shell() -> Result<super::ShellChunk, super::Unavailable> {
        Ok(super::shell_entry())
    }

    pub async fn pages() -> Result<super::Pages, super::Unavailable> {
        Ok(super::pages_entry())
    }
}

/// The shell, if its chunk is here.
pub fn shell() -> Option<ShellChunk> {
    SHELL.with(Cell::get)
}

/// The shell's chunk is here, or could not be fetched: what waits for it can go on either way.
pub fn shell_settled() -> bool {
    shell().is_some() || SHELL_FAILED.with(Cell::get)
}

/// The pages, if their chunk is here.
pub fn pages() -> Option<Pages> {
    PAGES.with(Cell::get)
}

/// Fetches the shell's chunk (once: later calls after a success return at once; after a failure
/// they try again).
pub async fn load_shell() -> Result<ShellChunk, Unavailable> {
    if let Some(s) = shell() {
        return Ok(s);
    }
    match points::shell().await {
        Ok(s) => {
            SHELL.with(|c| c.set(Some(s)));
            Ok(s)
        }
        Err(_) => {
            SHELL_FAILED.with(|c| c.set(true));
            Err(Unavailable)
        }
    }
}

/// Fetches the pages' chunk (as `load_shell`).
pub async fn load_pages() -> Result<Pages, Unavailable> {
    if let Some(p) = pages() {
        return Ok(p);
    }
    let p = points::pages().await.map_err(|_| Unavailable)?;
    PAGES.with(|c| c.set(Some(p)));
    Ok(p)
}

/// Once the app has been drawn: both chunks, so that moving to any page is immediate. The shell's
/// first, alone (the JS API waits for it; sharing the line with the pages' would slow it), then
/// `shell` runs, then the pages' (at once if a page asked for it meanwhile: `Lazy`).
pub fn preload(shell: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = load_shell().await;
        shell();
        let _ = load_pages().await;
    });
}

/// Whether a route's page runs shell commands (the terminal, a tour): it waits for the shell too.
fn needs_shell(route: &Route) -> bool {
    matches!(route, Route::Terminal | Route::Scenario { .. })
}

#[derive(Properties, PartialEq)]
pub struct LazyProps {
    pub route: Route,
}

/// A page from the pages' chunk: a line saying it is on its way until the chunk (and the shell's,
/// for the terminal and tours) is here, or what went wrong with a way to try again.
#[function_component(Lazy)]
pub fn lazy(p: &LazyProps) -> Html {
    let shell_needed = needs_shell(&p.route);
    let ready = pages().is_some() && (!shell_needed || shell().is_some());
    // Set when a load ends, to draw again; `failed` until the next attempt.
    let arrived = use_state_eq(|| 0u32);
    let failed = use_state_eq(|| false);
    let attempt = use_state_eq(|| 0u32);
    {
        let (arrived, failed) = (arrived.clone(), failed.clone());
        use_effect_with(
            (*attempt, shell_needed, ready),
            move |&(_, shell_needed, ready)| {
                if !ready {
                    failed.set(false);
                    wasm_bindgen_futures::spawn_local(async move {
                        let shell = if shell_needed {
                            load_shell().await.map(|_| ())
                        } else {
                            Ok(())
                        };
                        let pages = load_pages().await.map(|_| ());
                        match shell.and(pages) {
                            Ok(()) => arrived.set(*arrived + 1),
                            Err(Unavailable) => failed.set(true),
                        }
                    });
                }
            },
        );
    }
    match pages() {
        Some(view) if ready => view(p.route.clone()),
        _ if *failed => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! {
                <section>
                    <p class="notice error" role="alert" data-testid="page-unavailable">
                        { "This page could not be downloaded (are you offline?). " }
                        <button onclick={retry}>{ "Try again" }</button>
                    </p>
                </section>
            }
        }
        _ => html! {
            <section><p class="boot" role="status" data-testid="page-arriving">{ "Loading the page…" }</p></section>
        },
    }
}
