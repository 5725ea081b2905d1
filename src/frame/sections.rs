//! The pages of the sections in chunks (`split`), in three groups, each group in a chunk of its
//! own: what a route of the group draws (the group's first page for any other route). Each
//! group's function names only its own pages, so the build cuts them into its chunk.

use yew::prelude::*;

use super::router::Route;
use crate::pages::{activity, console, databases, iam, keys, settings, terminal, timeline, tours};

/// Key Protect, IAM, Databases and the settings: the resources and the sandbox's own.
pub fn resources(route: Route) -> Html {
    match route {
        Route::Key { id } => html! { <keys::KeyPage {id} /> },
        Route::Iam => html! { <iam::IamPage /> },
        Route::Databases => html! { <databases::DatabasesPage /> },
        Route::Deployment { id } => html! { <databases::DeploymentPage {id} /> },
        Route::Reclamations => html! { <databases::ReclamationsPage /> },
        Route::Settings => html! { <settings::SettingsPage /> },
        _ => html! { <keys::KeysPage /> },
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
        Route::Scenarios => html! { <tours::ScenariosPage /> },
        Route::Scenario { id } => html! { <tours::ScenarioPage {id} /> },
        _ => html! { <terminal::TerminalPage /> },
    }
}
