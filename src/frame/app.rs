//! The app: opens the sandbox the address names, then runs it: the reducer, the session that keeps
//! it in the store and in step with other tabs, the page's events, the JS API and postMessage for
//! the page around it, and the clock while it plays.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::layout::Layout;
use super::router::RouterProvider;
use super::split;
use super::state::{Action, Handle};
use crate::embedding::{embed, jsapi};
use crate::storage::open::{self, Opened};
use crate::storage::persist;
use crate::storage::session::{Session, SessionRef};

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
    let opened = use_state(|| None::<Rc<Opened>>);
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
    opened: Rc<Opened>,
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
    use_first_drawing(&p.opened, &state);
    // After every change, the session writes what is new (and catches up with the others).
    {
        let session = session.clone();
        use_effect_with(state.rev, move |_| session.poke());
    }
    use_host_api(&state, &session);
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
                    <Layout />
                </RouterProvider>
            </ContextProvider<SessionRef>>
        </ContextProvider<Handle>>
    }
}

/// Once, after the first drawing: the session joins the reducer and the other tabs; the page's
/// events reach it; the chunks and the snapshot's history follow.
#[hook]
fn use_first_drawing(opened: &Opened, state: &Handle) {
    let (session, handle, slow) = (opened.session.clone(), state.clone(), opened.slow);
    let arriving = opened.arriving.borrow_mut().take();
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
        listen_to_the_page(&session);
    });
}

/// Leaving, hiding or coming back to the page: a snapshot on the way out, a look at the store on
/// the way back.
fn listen_to_the_page(session: &Rc<Session>) {
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
        let _ = d.add_event_listener_with_callback("visibilitychange", f.as_ref().unchecked_ref());
        f.forget();
    }
    let s = session.clone();
    on_window("focus", move || s.visible());
}

/// The live sandbox for the page around the app: `window.byokSandbox` and postMessage.
#[hook]
fn use_host_api(state: &Handle, session: &Rc<Session>) {
    let api = use_mut_ref(|| None::<Rc<jsapi::Api>>);
    let origins = use_mut_ref(|| None::<Rc<RefCell<embed::Origins>>>);
    // Installed once the history is here (a script reads the whole log from the start); `exec`
    // waits for the shell's chunk itself.
    if api.borrow().is_none() && !state.sb.borrow().history_arriving() {
        let made = Rc::new(jsapi::Api {
            app: state.clone(),
            session: session.clone(),
            latest: Rc::new(RefCell::new((**state).clone_rc())),
            listeners: Rc::new(RefCell::new(jsapi::Listeners {
                seen: state.sb.borrow().event_count(),
                epoch: state.epoch(),
                ..Default::default()
            })),
        });
        jsapi::install(made.clone());
        *origins.borrow_mut() = Some(embed::install(made.clone(), session.name.borrow().clone()));
        *api.borrow_mut() = Some(made);
    }
    let installed = api.borrow().clone().zip(origins.borrow().clone());
    if let Some((api, _)) = &installed {
        *api.latest.borrow_mut() = (**state).clone_rc();
    }
    use_effect_with(state.rev, move |_| {
        if let Some((api, origins)) = installed {
            let events = jsapi::notify(&api, embed::embedded());
            embed::forward(&origins, &events);
        }
    });
}
