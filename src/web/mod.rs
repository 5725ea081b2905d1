//! The browser app: a Yew single-page console over the engine. Every page reads the sandbox's
//! state and acts through the same API requests any other face sends (`Action::Call`), as the user
//! chosen in "act as". The app shell (routes, header, time controls, persistence) lives here.

pub mod activity;
pub mod common;
pub mod console;
pub mod databases;
pub mod embed;
pub mod iam;
pub mod jsapi;
pub mod kms;
pub mod open;
pub mod overview;
pub mod persist;
pub mod rebuild;
pub mod router;
pub mod sandboxes;
pub mod scenarios;
pub mod session;
pub mod settings;
pub mod split;
pub mod state;
pub mod store;
pub mod terminal;
pub mod timeline;

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::Duration;
pub use router::Route;
use router::{use_router, Link, RouterProvider};
use session::{use_session, SessionRef};
use state::{Action, Handle, Restart};

/// The page a route names. `arriving`: the sandbox's history is still being read (just after
/// opening a snapshot), so the pages made of it wait for it. The overview is in the first load;
/// the other sections' pages come in chunks (`split`).
fn switch(route: Route, arriving: bool) -> Html {
    match route {
        Route::Timeline | Route::Activity if arriving => html! {
            <section><p class="boot" role="status" data-testid="history-arriving">{ "Reading the activity log…" }</p></section>
        },
        Route::Overview => html! { <overview::Overview /> },
        Route::NotFound => {
            html! { <section><h1>{ "Page not found" }</h1><Link to={Route::Overview}>{ "Back to the overview" }</Link></section> }
        }
        route => html! { <split::Lazy {route} /> },
    }
}

/// The pages of the sections in chunks (`split`), in three groups, each group in a chunk of its
/// own (what a route of the group draws; the group's first page for any other route).
mod sections {
    use super::*;

    /// Key Protect, IAM, Databases and the settings: the resources and the sandbox's own.
    pub fn resources(route: Route) -> Html {
        match route {
            Route::Key { id } => html! { <kms::KeyPage {id} /> },
            Route::Iam => html! { <iam::IamPage /> },
            Route::Databases => html! { <databases::DatabasesPage /> },
            Route::Deployment { id } => html! { <databases::DeploymentPage {id} /> },
            Route::Reclamations => html! { <databases::ReclamationsPage /> },
            Route::Settings => html! { <settings::SettingsPage /> },
            _ => html! { <kms::KeysPage /> },
        }
    }

    /// The timeline and the activity: what the event log shows.
    pub fn history(route: Route) -> Html {
        match route {
            Route::Activity => html! { <activity::ActivityPage /> },
            _ => html! { <timeline::TimelinePage /> },
        }
    }

    /// The API console, the terminal and the tours: the documentation's faces (with the shell's
    /// chunk handed over by `split`).
    pub fn faces(route: Route) -> Html {
        match route {
            Route::Console => html! { <console::ConsolePage /> },
            Route::Scenarios => html! { <scenarios::ScenariosPage /> },
            Route::Scenario { id } => html! { <scenarios::ScenarioPage {id} /> },
            _ => html! { <terminal::TerminalPage /> },
        }
    }
}

/// Starts the app in the page's body. `?scenario=NAME&step=N` opens a guided tour at a step.
pub fn start() {
    if let Some(name) = persist::url_param("scenario") {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&format!("/scenarios/{name}"));
        }
    } else if persist::url_param("scenario-url").is_some() {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash("/scenarios");
        }
    }
    yew::Renderer::<App>::new().render();
}

/// The app: opens the sandbox the address names (the page's "Loading the sandbox…" line stays up
/// meanwhile), then runs it.
#[function_component(App)]
pub fn app() -> Html {
    let opened = use_state(|| None::<Rc<open::Opened>>);
    {
        let opened = opened.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                opened.set(Some(Rc::new(open::open().await)));
            });
        });
    }
    match &*opened {
        Some(o) => html! { <Main opened={o.clone()} /> },
        None => html! {},
    }
}

#[derive(Properties, PartialEq)]
struct MainProps {
    opened: Rc<open::Opened>,
}

/// Adds a listener for the page's lifetime (the app's root lives as long as the page).
fn on_window(event: &str, f: impl FnMut() + 'static) {
    use wasm_bindgen::JsCast;
    let f = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
    }
    f.forget();
}

#[function_component(Main)]
fn main_view(p: &MainProps) -> Html {
    let state = use_reducer(|| {
        p.opened
            .state
            .borrow_mut()
            .take()
            .expect("the opened state is taken once")
    });
    let session = p.opened.session.clone();
    // Once: the session joins the reducer and the other tabs; the page's events reach it.
    {
        let (session, handle, slow) = (session.clone(), state.clone(), p.opened.slow);
        let arriving = p.opened.arriving.borrow_mut().take();
        use_effect_with((), move |_| {
            if let Some(boot) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("boot"))
            {
                boot.remove();
            }
            let redraw = handle.clone();
            session.attach(handle);
            // The chunks of what the first drawing did without (`split`); the JS API waits for
            // the shell's.
            persist::after_paint(move || split::preload(move || redraw.dispatch(Action::Redraw)));
            // A snapshot's history (its activity log) is read once the page has been painted, so
            // the first drawing never waits for it.
            if let Some(arriving) = arriving {
                let session = session.clone();
                persist::after_paint(move || session.attach_history(arriving));
            }
            if slow {
                // The journal took long to replay: a snapshot makes the next open quick.
                session.snapshot(true);
            }
            let s = session.clone();
            on_window("pagehide", move || s.snapshot(true));
            let s = session.clone();
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(d) = document {
                use wasm_bindgen::JsCast;
                let doc = d.clone();
                let f = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    if doc.hidden() {
                        s.snapshot(true);
                    } else {
                        s.visible();
                    }
                });
                let _ = d.add_event_listener_with_callback(
                    "visibilitychange",
                    f.as_ref().unchecked_ref(),
                );
                f.forget();
            }
            let s = session.clone();
            on_window("focus", move || s.visible());
        });
    }
    // After every change, the session writes what is new (and catches up with the others).
    {
        let session = session.clone();
        use_effect_with(state.rev, move |_| session.poke());
    }
    // The live sandbox for the page around the app: `window.byokSandbox` and postMessage.
    {
        let api = use_mut_ref(|| None::<Rc<jsapi::Api>>);
        let origins = use_mut_ref(|| None::<Rc<std::cell::RefCell<embed::Origins>>>);
        // Installed once the history is here (a script reads the whole log from the start) and
        // the shell's chunk (for `exec`).
        if api.borrow().is_none() && !state.sb.borrow().history_arriving() && split::shell_settled()
        {
            let made = Rc::new(jsapi::Api {
                app: state.clone(),
                session: session.clone(),
                latest: Rc::new(std::cell::RefCell::new((*state).clone_rc())),
                listeners: Rc::new(std::cell::RefCell::new(jsapi::Listeners {
                    seen: state.sb.borrow().event_count(),
                    epoch: state.epoch(),
                    ..Default::default()
                })),
            });
            jsapi::install(made.clone());
            *origins.borrow_mut() =
                Some(embed::install(made.clone(), session.name.borrow().clone()));
            *api.borrow_mut() = Some(made);
        }
        let installed = api.borrow().clone().zip(origins.borrow().clone());
        if let Some((api, _)) = &installed {
            *api.latest.borrow_mut() = (*state).clone_rc();
        }
        use_effect_with(state.rev, move |_| {
            if let Some((api, origins)) = installed {
                let events = jsapi::notify(&api, embed::embedded());
                embed::forward(&origins, &events);
            }
        });
    }
    // Playing the clock: one step per 400 ms of real time while a speed is chosen.
    {
        let handle = state.clone();
        use_effect_with(state.playing, move |playing| {
            let interval = playing.map(|speed| {
                gloo_timers::callback::Interval::new(400, move || {
                    handle.dispatch(Action::Advance(speed))
                })
            });
            move || drop(interval)
        });
    }
    html! {
        <ContextProvider<Handle> context={state}>
            <ContextProvider<SessionRef> context={SessionRef(session)}>
                <RouterProvider>
                    <Shell />
                </RouterProvider>
            </ContextProvider<SessionRef>>
        </ContextProvider<Handle>>
    }
}

#[function_component(Shell)]
fn shell() -> Html {
    let app = state::use_app();
    let session = use_session();
    let router = use_router();
    // `?embed=1` drops the chrome for iframes: no header, nav or footer; the time controls stay.
    let embedded = use_memo((), |_| {
        persist::url_param("embed").is_some_and(|v| v == "1")
    });
    // On a narrow screen the sections sit behind a Menu button; going anywhere closes it.
    let menu = use_state_eq(|| false);
    {
        let menu = menu.clone();
        use_effect_with(router.route.clone(), move |_| menu.set(false));
    }
    let toggle = {
        let menu = menu.clone();
        Callback::from(move |_| menu.set(!*menu))
    };
    let close = {
        let menu = menu.clone();
        Callback::from(move |_| menu.set(false))
    };
    html! {
        <>
            if !*embedded {
            <header class={classes!("top", menu.then_some("open"))}>
                <Link classes="brand" to={Route::Overview}>{ "byok-sandbox" }</Link>
                <button class="menu" aria-controls="sections" aria-expanded={(*menu).to_string()} onclick={toggle}>{ "Menu" }</button>
                <Nav on_pick={close} />
                <WhichSandbox name={session.name.borrow().clone()} />
                <ActAs />
            </header>
            }
            <TimeControls />
            if let Some(damaged) = &app.damaged { <Damaged damage={damaged.clone()} /> }
            if let Some(n) = &app.notice {
                <div class="banner warning" role="status">{ n.clone() }</div>
            }
            <main id="main">{ switch(router.route.clone(), app.sb.borrow().history_arriving()) }</main>
            if !*embedded {
                <footer>{ format!("Seed {} · everything runs in this browser and is saved in it; nothing is sent anywhere.", app.seed()) }</footer>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct NavProps {
    /// A section was picked (even the current one): the narrow screen's menu closes.
    on_pick: Callback<()>,
}

#[function_component(Nav)]
fn nav(p: &NavProps) -> Html {
    let current = use_router().route.clone();
    let links = [
        (Route::Overview, "Overview"),
        (Route::Keys, "Key Protect"),
        (Route::Iam, "IAM"),
        (Route::Databases, "Databases"),
        (Route::Reclamations, "Reclamations"),
        (Route::Timeline, "Timeline"),
        (Route::Activity, "Activity"),
        (Route::Terminal, "Terminal"),
        (Route::Console, "API console"),
        (Route::Scenarios, "Tours"),
        (Route::Settings, "Settings"),
    ];
    let section = |r: &Route| match current {
        Route::Key { .. } => *r == Route::Keys,
        Route::Deployment { .. } => *r == Route::Databases,
        Route::Scenario { .. } => *r == Route::Scenarios,
        ref c => c == r,
    };
    html! {
        <nav id="sections" aria-label="Sections" onclick={p.on_pick.reform(|_: MouseEvent| ())}>
            { for links.into_iter().map(|(route, label)| {
                let class = if section(&route) { "active" } else { "" };
                html! { <Link classes={classes!(class)} to={route}>{ label }</Link> }
            }) }
        </nav>
    }
}

/// "Act as": every action is taken as the chosen user, and logged with that initiator.
#[function_component(ActAs)]
fn act_as() -> Html {
    let app = state::use_app();
    let users: Vec<(String, String)> = app
        .sb
        .borrow()
        .users()
        .iter()
        .map(|u| (u.name.clone(), role_summary(u)))
        .collect();
    let onchange = {
        let app = app.clone();
        Callback::from(move |e: Event| app.dispatch(Action::ActAs(common::select_value(&e))))
    };
    html! {
        <label class="act-as">{ "Act as " }
            <select data-testid="act-as" {onchange}>
                { for users.into_iter().map(|(name, roles)| html! {
                    <option value={name.clone()} selected={name == app.actor}>{ format!("{name} ({roles})") }</option>
                }) }
            </select>
        </label>
    }
}

fn role_summary(u: &crate::engine::iam::User) -> String {
    let kms: Vec<&str> = u.kms_roles.list().iter().map(|r| r.name()).collect();
    format!("{} · {}", kms.join("+"), u.database_role.name())
}

#[function_component(TimeControls)]
fn time_controls() -> Html {
    let app = state::use_app();
    let (now, next) = {
        let sb = app.sb.borrow();
        (sb.now(), sb.pending().into_iter().next())
    };
    let step = |d: Duration| {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Advance(d)))
    };
    let to_next = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::AdvanceToNext))
    };
    let on_play = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let v = common::select_value(&e);
            app.dispatch(Action::Play(Duration::parse(&v).ok().filter(|d| d.0 > 0)));
        })
    };
    let speed = app.playing.map(|d| d.to_string()).unwrap_or_default();
    html! {
        <div class="clock" role="region" aria-label="Simulated time">
            <span class="now" data-testid="now" title="The sandbox's virtual clock">{ format!("Now {now}") }</span>
            <button onclick={step(Duration::hours(1))}>{ "+1 h" }</button>
            <button onclick={step(Duration::days(1))}>{ "+1 d" }</button>
            <button onclick={step(Duration::days(9))} data-testid="plus-9d">{ "+9 d" }</button>
            <button onclick={step(Duration::days(30))}>{ "+30 d" }</button>
            <button onclick={to_next} disabled={next.is_none()} data-testid="to-next"
                title={next.as_ref().map(|p| format!("{} at {}", p.what, p.at)).unwrap_or_default()}>
                { match &next { Some(p) => format!("Next: {} ({})", p.what, common::relative(p.at, now)), None => "Nothing scheduled".into() } }
            </button>
            <label>{ "Play " }
                <select onchange={on_play} aria-label="Play speed">
                    <option value="" selected={speed.is_empty()}>{ "paused" }</option>
                    { for ["1m", "10m", "1h", "6h", "1d"].into_iter().map(|s| html! {
                        <option value={s} selected={speed == s}>{ format!("{s} per tick") }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct WhichProps {
    name: String,
}

/// Which sandbox this is, with the way back to the reader's default one.
#[function_component(WhichSandbox)]
fn which_sandbox(p: &WhichProps) -> Html {
    let route = use_router().route.clone();
    let name = p.name.clone();
    let default = name == persist::DEFAULT_SANDBOX;
    // The same page of the default sandbox.
    let href = persist::sandbox_url_at(persist::DEFAULT_SANDBOX, &format!("#{}", route.path()));
    html! {
        <span class="which-sandbox" data-testid="sandbox-name">
            <Link to={Route::Settings}>{ format!("Sandbox: {name}") }</Link>
            if !default {
                { " · " }<a {href} data-testid="open-default">{ "your default sandbox" }</a>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct DamagedProps {
    damage: Rc<state::Damage>,
}

/// A stored copy that could not be read: never blank the page; keep the copy until the user agrees.
#[function_component(Damaged)]
fn damaged(p: &DamagedProps) -> Html {
    let app = state::use_app();
    let session = use_session();
    let download = {
        let text = p.damage.text.clone();
        Callback::from(move |_| persist::download("byok-sandbox-damaged.json", &text))
    };
    let start_fresh = {
        let app = app.clone();
        Callback::from(move |_| {
            session.resume_over_damaged();
            app.dispatch(Action::Replace(Box::new(Restart::fresh(app.seed()))));
        })
    };
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ClearDamaged))
    };
    html! {
        <div class="banner error" role="alert" data-testid="damaged">
            if p.damage.blocks_sandbox {
                <p>{ format!("This sandbox could not be opened: {}. Its stored copy is kept as it was; this is a fresh sandbox that is not being saved.", p.damage.why) }</p>
                <button onclick={download}>{ "Download the damaged copy" }</button>
                <button onclick={start_fresh}>{ "Discard it and start fresh" }</button>
            } else {
                <p>{ format!("Note: {}.", p.damage.why) }</p>
                <button onclick={download}>{ "Download the damaged copy" }</button>
                <button onclick={dismiss}>{ "Dismiss" }</button>
            }
        </div>
    }
}
