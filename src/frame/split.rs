//! What the first load does without: every section's pages but the overview, in three wasm
//! chunks: the resources (Key Protect, IAM, Databases, Settings), the history (the timeline, the
//! activity) and the documentation's faces (the API console, the terminal, the tours, with the
//! `ibmcloud` shell, its tools and the tours' runner). The page fetches them once it has been
//! drawn (`preload`), and at once the chunk of a page the address names.
//!
//! The build (`scripts/build.mjs`, with the `split` feature) cuts the chunks out of the app's wasm
//! at the functions `split_point!` marks `#[wasm_split]` below: whatever only one of them reaches
//! goes into its chunk, and what several share into chunks of their own, fetched with each. Their
//! callers get plain function pointers back, kept once loaded (here, and the shell's in
//! `shell_chunk`, which the reducer reads), so the rest of the app calls into a chunk without
//! knowing it is one. Without the feature (the wasm tests, and any build that does not split) the
//! same functions are called directly and "loading" is immediate.

use std::cell::Cell;

use yew::prelude::*;

use super::router::Route;
use super::shell_chunk::{self, ShellChunk};

/// Draws the pages of one section (`super::sections`).
pub type Pages = fn(Route) -> Html;

/// A chunk could not be fetched or compiled (offline, or the files replaced by another version).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unavailable;

/// The groups of sections that come in chunks, one each (`super::sections`; the shell is in the
/// faces' chunk).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    Resources,
    History,
    Faces,
}

const PARTS: [Part; 3] = [Part::Resources, Part::History, Part::Faces];

impl Part {
    /// The part a route's page is in; `None` for the first load's (the overview, not found).
    fn of(route: &Route) -> Option<Part> {
        Some(match route {
            Route::Keys
            | Route::Key { .. }
            | Route::Iam
            | Route::Databases
            | Route::Deployment { .. }
            | Route::Reclamations
            | Route::Settings => Part::Resources,
            Route::Timeline | Route::Activity => Part::History,
            Route::Console | Route::Terminal | Route::Scenarios | Route::Scenario { .. } => {
                Part::Faces
            }
            Route::Overview | Route::NotFound => return None,
        })
    }

    /// Its pages, if its chunk is here.
    fn pages(self) -> Option<Pages> {
        PAGES.with(|p| p.get()[self as usize])
    }

    async fn load(self) -> Result<Pages, Unavailable> {
        if let Some(p) = self.pages() {
            return Ok(p);
        }
        let loaded = match self {
            Part::Resources => points::resources().await.ok(),
            Part::History => points::history().await.ok(),
            Part::Faces => points::faces().await.ok(),
        };
        let p = loaded.ok_or(Unavailable)?;
        PAGES.with(|all| {
            let mut now = all.get();
            now[self as usize] = Some(p);
            all.set(now);
        });
        Ok(p)
    }
}

/// A page that runs shell commands (the terminal, a tour) waits for the shell too.
fn needs_shell(route: &Route) -> bool {
    matches!(route, Route::Terminal | Route::Scenario { .. })
}

thread_local! {
    static PAGES: Cell<[Option<Pages>; PARTS.len()]> = const { Cell::new([None; PARTS.len()]) };
}

/// An async function `$name` whose value comes from the chunk `$chunk` (by default named as the
/// function): `$made`, built inside the chunk. Only the split function names `$made`'s code, so
/// that code is reached from the chunk alone. Called directly (and at once) without the `split`
/// feature.
macro_rules! split_point {
    ($name:ident -> $ty:ty = $made:expr) => {
        split_point!($name in $name -> $ty = $made);
    };
    ($name:ident in $chunk:ident -> $ty:ty = $made:expr) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($chunk, fallible)]
        pub fn $name() -> Result<$ty, wasm_split_helpers::SplitLoaderError> {
            Ok($made)
        }

        #[cfg(not(feature = "split"))]
        pub async fn $name() -> Result<$ty, super::Unavailable> {
            Ok($made)
        }
    };
}

mod points {
    use super::{Pages, ShellChunk};
    use crate::frame::sections;

    split_point!(shell in faces -> ShellChunk = ShellChunk {
        exec: |shell, backend, input| shell.exec(backend, input),
        run_step: byok_shell::scenario::run_step,
        compare: byok_shell::docs::compare,
    });
    split_point!(resources -> Pages = sections::resources);
    split_point!(history -> Pages = sections::history);
    split_point!(faces -> Pages = sections::faces);
}

/// Fetches the shell, in the faces' chunk (once: later calls after a success return at once;
/// after a failure they try again).
pub async fn load_shell() -> Result<ShellChunk, Unavailable> {
    if let Some(s) = shell_chunk::shell() {
        return Ok(s);
    }
    match points::shell().await {
        Ok(s) => {
            shell_chunk::keep(s);
            Ok(s)
        }
        Err(_) => Err(Unavailable),
    }
}

/// Once the app has been drawn: every chunk, so that moving to any page is immediate. The faces'
/// first, alone (`exec` and the terminal wait for its shell; sharing the line with the others would
/// slow it),
/// then `shell` runs, then the others (at once the one of a page asked for meanwhile: `Lazy`).
pub fn preload(shell: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = load_shell().await;
        shell();
        for part in PARTS {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = part.load().await;
            });
        }
    });
}

#[derive(Properties, PartialEq)]
pub struct LazyProps {
    pub route: Route,
}

/// A page of a section in a chunk: a line saying it is on its way until the chunk (and the
/// shell, for the terminal and tours) is here, or what went wrong with a way to try again.
#[function_component(Lazy)]
pub fn lazy(p: &LazyProps) -> Html {
    let part = Part::of(&p.route);
    let shell_needed = needs_shell(&p.route);
    let pages = part.and_then(Part::pages);
    let ready = pages.is_some() && (!shell_needed || shell_chunk::shell().is_some());
    // Moved when a load ends, to draw again; `failed` until the next attempt. `run` counts the
    // effect's runs: a load answers only if no later run (another part, another attempt) began.
    let arrived = use_state_eq(|| 0u32);
    let failed = use_state_eq(|| false);
    let attempt = use_state_eq(|| 0u32);
    let run = use_mut_ref(|| 0u32);
    {
        let (arrived, failed) = (arrived.clone(), failed.clone());
        use_effect_with(
            (*attempt, part, shell_needed, ready),
            move |&(_, part, shell_needed, ready)| {
                *run.borrow_mut() += 1;
                let this = *run.borrow();
                failed.set(false);
                if let (Some(part), false) = (part, ready) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let shell = if shell_needed {
                            load_shell().await.map(|_| ())
                        } else {
                            Ok(())
                        };
                        let loaded = shell.and(part.load().await.map(|_| ()));
                        if *run.borrow() != this {
                            return;
                        }
                        match loaded {
                            Ok(()) => arrived.set(*arrived + 1),
                            Err(Unavailable) => failed.set(true),
                        }
                    });
                }
            },
        );
    }
    match pages {
        Some(view) if ready => view(p.route.clone()),
        _ if *failed => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! {
                <section>
                    <p class="notice error" role="alert" data-testid="page-unavailable">
                        { "This page could not be downloaded: are you offline? If the sandbox was updated since this tab opened it, reload the page. " }
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
