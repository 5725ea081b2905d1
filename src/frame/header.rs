//! The header: the brand, the sections (behind a Menu button on a narrow screen), which sandbox
//! this is, and who the user acts as.

use yew::prelude::*;

use super::router::{use_router, Link, Route};
use super::state::{use_app, Action};
use crate::storage::persist;
use crate::storage::session::use_session;
use crate::ui::select_value;

#[function_component(Header)]
pub fn header() -> Html {
    let session = use_session();
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
            <WhichSandbox name={session.name.borrow().clone()} />
            <ActAs />
        </header>
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
