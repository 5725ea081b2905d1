//! Hash routing in a few lines: the URL's fragment names the page (`#/keys/<id>`), so the static
//! files work from any host and sub-path, deep links and the back button work. Links are real
//! anchors (a middle click opens a new tab); a plain click moves at once, and `hashchange` covers
//! the rest (back, forward, a typed or scripted URL). A router crate would add some 25 KB of wasm
//! for the same.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use byok_engine::request::percent_decode;

/// Every page has a URL.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Overview,
    Keys,
    Key { id: String },
    Iam,
    Databases,
    Deployment { id: String },
    Reclamations,
    Timeline,
    Activity,
    Console,
    Terminal,
    Scenarios,
    Scenario { id: String },
    Settings,
    NotFound,
}

impl Route {
    /// The route a fragment names ("#/keys/abc", "/keys/abc"; empty is the overview).
    pub fn parse(fragment: &str) -> Route {
        let path = fragment.strip_prefix('#').unwrap_or(fragment);
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let id = || segments[1].clone();
        match segments.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [] => Route::Overview,
            ["keys"] => Route::Keys,
            ["keys", _] => Route::Key { id: id() },
            ["iam"] => Route::Iam,
            ["databases"] => Route::Databases,
            ["databases", _] => Route::Deployment { id: id() },
            ["reclamations"] => Route::Reclamations,
            ["timeline"] => Route::Timeline,
            ["activity"] => Route::Activity,
            ["console"] => Route::Console,
            ["terminal"] => Route::Terminal,
            ["scenarios"] => Route::Scenarios,
            ["scenarios", _] => Route::Scenario { id: id() },
            ["settings"] => Route::Settings,
            _ => Route::NotFound,
        }
    }

    /// The fragment's path, e.g. "/keys/abc" (ids are the sandbox's own: URL-safe).
    pub fn path(&self) -> String {
        match self {
            Route::Overview => "/".into(),
            Route::Keys => "/keys".into(),
            Route::Key { id } => format!("/keys/{id}"),
            Route::Iam => "/iam".into(),
            Route::Databases => "/databases".into(),
            Route::Deployment { id } => format!("/databases/{id}"),
            Route::Reclamations => "/reclamations".into(),
            Route::Timeline => "/timeline".into(),
            Route::Activity => "/activity".into(),
            Route::Console => "/console".into(),
            Route::Terminal => "/terminal".into(),
            Route::Scenarios => "/scenarios".into(),
            Route::Scenario { id } => format!("/scenarios/{id}"),
            Route::Settings => "/settings".into(),
            Route::NotFound => "/404".into(),
        }
    }
}

/// The route in the address bar, and a way to move.
#[derive(Clone, PartialEq)]
pub struct Router {
    pub route: Route,
    go: Callback<Route>,
}

impl Router {
    /// Moves to `to`, as a link would (a history entry, so Back returns).
    pub fn push(&self, to: Route) {
        self.go.emit(to);
    }
}

fn current() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    pub children: Html,
}

/// Gives its children the current route (`use_router`) and keeps it in step with the address bar.
#[function_component(RouterProvider)]
pub fn router_provider(p: &RouterProps) -> Html {
    let route = use_state_eq(current);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || route.set(current()));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "hashchange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let go = {
        let route = route.clone();
        use_callback((), move |to: Route, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash(&to.path());
            }
            route.set(to);
        })
    };
    let router = Rc::new(Router {
        route: (*route).clone(),
        go,
    });
    html! {
        <ContextProvider<Rc<Router>> context={router}>{ p.children.clone() }</ContextProvider<Rc<Router>>>
    }
}

/// The router of the enclosing `RouterProvider`.
#[hook]
pub fn use_router() -> Rc<Router> {
    use_context::<Rc<Router>>().expect("inside a RouterProvider")
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// An anchor to `to`.
#[function_component(Link)]
pub fn link(p: &LinkProps) -> Html {
    let router = use_router();
    let onclick = {
        let to = p.to.clone();
        Callback::from(move |e: MouseEvent| {
            // With a modifier or another button the browser opens a tab or a window: let it.
            if e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() {
                return;
            }
            e.prevent_default();
            router.push(to.clone());
        })
    };
    html! {
        <a class={p.classes.clone()} href={format!("#{}", p.to.path())} {onclick}>{ p.children.clone() }</a>
    }
}
