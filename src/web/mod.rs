//! The browser app: a Yew single-page console over the engine. Every page reads the sandbox's
//! state and acts through the same API requests any other face sends (`Action::Call`), as the user
//! chosen in "act as". The app shell (routes, header, time controls, persistence) lives here.

pub mod activity;
pub mod common;
pub mod console;
pub mod databases;
pub mod iam;
pub mod jsapi;
pub mod kms;
pub mod overview;
pub mod persist;
pub mod router;
pub mod scenarios;
pub mod settings;
pub mod state;
pub mod terminal;
pub mod timeline;

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::Duration;
pub use router::Route;
use router::{use_router, Link, RouterProvider};
use state::{Action, AppState, Handle};

fn switch(route: Route) -> Html {
    match route {
        Route::Overview => html! { <overview::Overview /> },
        Route::Keys => html! { <kms::KeysPage /> },
        Route::Key { id } => html! { <kms::KeyPage {id} /> },
        Route::Iam => html! { <iam::IamPage /> },
        Route::Databases => html! { <databases::DatabasesPage /> },
        Route::Deployment { id } => html! { <databases::DeploymentPage {id} /> },
        Route::Reclamations => html! { <databases::ReclamationsPage /> },
        Route::Timeline => html! { <timeline::TimelinePage /> },
        Route::Activity => html! { <activity::ActivityPage /> },
        Route::Console => html! { <console::ConsolePage /> },
        Route::Terminal => html! { <terminal::TerminalPage /> },
        Route::Scenarios => html! { <scenarios::ScenariosPage /> },
        Route::Scenario { id } => html! { <scenarios::ScenarioPage {id} /> },
        Route::Settings => html! { <settings::SettingsPage /> },
        Route::NotFound => {
            html! { <section><h1>{ "Page not found" }</h1><Link to={Route::Overview}>{ "Back to the overview" }</Link></section> }
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

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(persist::load);
    // The page's own "Loading the sandbox…" line (index.html) stays up through the download and the
    // replay of the saved journal, and goes once the app has drawn.
    use_effect_with((), |_| {
        if let Some(boot) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("boot"))
        {
            boot.remove();
        }
    });
    // Persistence lives here, not in the reducer: save after every change, a moment later, so a
    // burst of changes (a playing clock) is one save and an action's result shows first. Once the
    // browser has refused for its quota, the app stops serialising the journal on every change.
    let refused = use_mut_ref(|| false);
    {
        let handle = state.clone();
        let refused = refused.clone();
        use_effect_with(state.rev, move |_| {
            let skip = *refused.borrow();
            let timeout = (!skip).then(|| {
                gloo_timers::callback::Timeout::new(250, move || {
                    let result = persist::save(&handle);
                    if let Err(why) = &result {
                        *refused.borrow_mut() = why.contains("quota");
                    }
                    let notice = result.err();
                    if notice != handle.notice {
                        handle.dispatch(Action::Notice(notice));
                    }
                })
            });
            move || drop(timeout)
        });
    }
    // Leaving the page (reload, close) saves at once, so the last moment's change is not lost to
    // the save's short delay.
    {
        let latest = use_mut_ref(|| None::<std::rc::Rc<AppState>>);
        *latest.borrow_mut() = Some((*state).clone_rc());
        use_effect_with((), move |_| {
            use wasm_bindgen::JsCast;
            let on_hide = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                if let Some(s) = latest.borrow().as_ref() {
                    let _ = persist::save(s);
                }
            });
            let window = web_sys::window().expect("a browser window");
            let _ = window
                .add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
            move || {
                let _ = window.remove_event_listener_with_callback(
                    "pagehide",
                    on_hide.as_ref().unchecked_ref(),
                );
            }
        });
    }
    // The live sandbox for the page around the app: `window.byokSandbox` and postMessage.
    {
        let api = use_mut_ref(|| None::<Rc<jsapi::Api>>);
        if api.borrow().is_none() {
            let made = Rc::new(jsapi::Api {
                app: state.clone(),
                latest: Rc::new(std::cell::RefCell::new((*state).clone_rc())),
                listeners: Rc::new(std::cell::RefCell::new(jsapi::Listeners {
                    seen: state.sb.borrow().events().len(),
                    ..Default::default()
                })),
            });
            jsapi::install(made.clone());
            *api.borrow_mut() = Some(made);
        }
        let api = api.borrow().clone().expect("installed above");
        *api.latest.borrow_mut() = (*state).clone_rc();
        use_effect_with(state.rev, move |_| jsapi::notify(&api));
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
            <RouterProvider>
                <Shell />
            </RouterProvider>
        </ContextProvider<Handle>>
    }
}

#[function_component(Shell)]
fn shell() -> Html {
    let app = state::use_app();
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
                <ActAs />
            </header>
            }
            <TimeControls />
            if let Some(damaged) = &app.damaged { <Damaged why={damaged.0.clone()} text={damaged.1.clone()} /> }
            if let Some(n) = &app.notice {
                <div class="banner warning" role="status">{ n.clone() }</div>
            }
            <main id="main">{ switch(router.route.clone()) }</main>
            if !*embedded {
                <footer>{ format!("Seed {} · everything runs in this tab; nothing is sent anywhere.", app.seed) }</footer>
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
struct DamagedProps {
    why: String,
    text: String,
}

/// A stored sandbox that could not be read: never blank the page; keep the copy until the user agrees.
#[function_component(Damaged)]
fn damaged(p: &DamagedProps) -> Html {
    let app = state::use_app();
    let download = {
        let text = p.text.clone();
        Callback::from(move |_| persist::download("byok-sandbox-damaged.json", &text))
    };
    let start_fresh = {
        let app = app.clone();
        Callback::from(move |_| {
            persist::forget();
            let fresh = AppState::fresh(app.seed);
            app.dispatch(Action::Replace(Rc::new(AppState {
                rev: app.rev + 1,
                ..fresh
            })));
        })
    };
    html! {
        <div class="banner error" role="alert" data-testid="damaged">
            <p>{ format!("The sandbox saved in this browser could not be read ({}). It is kept as it was; this is a fresh sandbox that is not being saved.", p.why) }</p>
            <button onclick={download}>{ "Download the damaged copy" }</button>
            <button onclick={start_fresh}>{ "Discard it and start fresh" }</button>
        </div>
    }
}
