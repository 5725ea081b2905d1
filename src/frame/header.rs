//! The header: the brand, the sections (those that do not fit in a More menu; behind a Menu button
//! on a narrow screen), which sandbox this is, and who the user acts as.

use yew::prelude::*;

use super::router::{use_router, Link, Route};
use super::state::{use_app, Action};
use crate::storage::persist;
use crate::storage::session::use_session;
use crate::ui::{select_value, use_measure};

#[function_component(Header)]
pub fn header() -> Html {
    let router = use_router();
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
        <header class={classes!("top", menu.then_some("open"))}>
            <Link classes="brand" to={Route::Overview}>{ "byok-sandbox" }</Link>
            <button class="menu" aria-controls="sections" aria-expanded={(*menu).to_string()} onclick={toggle}>{ "Menu" }</button>
            <Nav on_pick={close} />
            <WhichSandbox />
            <ActAs />
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct NavProps {
    /// A section was picked (even the current one): the narrow screen's menu closes.
    on_pick: Callback<()>,
}

/// Every section, in the header's order.
const SECTIONS: [(Route, &str); 11] = [
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

/// Below this width the sections are a column behind the Menu button (the stylesheet's
/// breakpoint), all of them shown.
const NARROW: f64 = 760.0;

/// How many sections fit in the bar, from each one's width, the More button's and the bar's:
/// all of them if they fit, else as many as leave room for More.
fn fitting(widths: &[f64], more: f64, room: f64) -> usize {
    if widths.iter().sum::<f64>() <= room {
        return widths.len();
    }
    let mut used = more;
    widths
        .iter()
        .take_while(|w| {
            used += **w;
            used <= room
        })
        .count()
}

/// The sections: those that fit in the bar, and the rest in a More menu, measured after every
/// render and resize from a hidden copy of the labels, so every section is reachable at any width.
#[function_component(Nav)]
fn nav(p: &NavProps) -> Html {
    let current = use_router().route.clone();
    let bar = use_node_ref();
    let ruler = use_node_ref();
    // None until measured: every section is drawn (and measured) first.
    let shown = use_state_eq(|| None::<usize>);
    let more_open = use_state_eq(|| false);
    {
        let (bar, ruler, shown) = (bar.clone(), ruler.clone(), shown.clone());
        use_measure(move || {
            let narrow = web_sys::window()
                .and_then(|w| w.inner_width().ok())
                .and_then(|w| w.as_f64())
                .is_some_and(|w| w <= NARROW);
            let (Some(bar), Some(ruler)) = (
                bar.cast::<web_sys::Element>(),
                ruler.cast::<web_sys::Element>(),
            ) else {
                return;
            };
            if narrow {
                shown.set(Some(SECTIONS.len()));
                return;
            }
            let children = ruler.children();
            let width = |i: u32| {
                children
                    .item(i)
                    .map_or(0.0, |c| f64::from(c.client_width()))
            };
            let widths: Vec<f64> = (0..SECTIONS.len() as u32).map(width).collect();
            let more = width(SECTIONS.len() as u32);
            shown.set(Some(fitting(&widths, more, f64::from(bar.client_width()))));
        });
    }
    {
        let more_open = more_open.clone();
        use_effect_with(current.clone(), move |_| more_open.set(false));
    }
    let section = |r: &Route| match current {
        Route::Key { .. } => *r == Route::Keys,
        Route::Deployment { .. } => *r == Route::Databases,
        Route::Scenario { .. } => *r == Route::Scenarios,
        ref c => c == r,
    };
    let link = |(route, label): &(Route, &str)| {
        let class = if section(route) { "active" } else { "" };
        html! { <Link classes={classes!(class)} to={route.clone()}>{ *label }</Link> }
    };
    let (in_bar, in_more) = SECTIONS.split_at(shown.unwrap_or(SECTIONS.len()));
    let toggle = {
        let more_open = more_open.clone();
        Callback::from(move |_: MouseEvent| more_open.set(!*more_open))
    };
    let on_key = {
        let more_open = more_open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                more_open.set(false);
            }
        })
    };
    let more_active = in_more.iter().any(|(r, _)| section(r));
    html! {
        <nav id="sections" aria-label="Sections" ref={bar} data-measured={shown.is_some().to_string()} onclick={p.on_pick.reform(|_: MouseEvent| ())}>
            { for in_bar.iter().map(link) }
            if !in_more.is_empty() {
                <div class="more" onkeydown={on_key}>
                    <button class={classes!("more-button", more_active.then_some("active"))} aria-expanded={more_open.to_string()}
                        aria-controls="more-sections" data-testid="more-sections" onclick={toggle}>{ "More ▾" }</button>
                    if *more_open {
                        <div class="more-list" id="more-sections">{ for in_more.iter().map(link) }</div>
                    }
                </div>
            }
            <div class="nav-ruler" aria-hidden="true" ref={ruler}>
                { for SECTIONS.iter().map(|(_, label)| html! { <span>{ *label }</span> }) }
                <span>{ "More ▾" }</span>
            </div>
        </nav>
    }
}

/// "Act as": every action is taken as the chosen user, and logged with that initiator.
#[function_component(ActAs)]
fn act_as() -> Html {
    let app = use_app();
    let users: Vec<(String, String)> = app
        .sb
        .borrow()
        .users()
        .iter()
        .map(|u| (u.name.clone(), role_summary(u)))
        .collect();
    let onchange = {
        let app = app.clone();
        Callback::from(move |e: Event| app.dispatch(Action::ActAs(select_value(&e))))
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

fn role_summary(u: &byok_engine::iam::User) -> String {
    let kms: Vec<&str> = u.kms_roles.list().iter().map(|r| r.name()).collect();
    format!("{} · {}", kms.join("+"), u.database_role.name())
}

/// Which sandbox this is, with the way back to the reader's default one. It reads the session's
/// name on every change of the app's state: a rename in another tab arrives as a redraw.
#[function_component(WhichSandbox)]
fn which_sandbox() -> Html {
    let _redrawn_with = use_app();
    let route = use_router().route.clone();
    let name = use_session().name.borrow().clone();
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
