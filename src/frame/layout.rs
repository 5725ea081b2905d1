//! The page around every section: the header (left out in an embed), the time controls, the
//! banners, the section the route names, the footer.

use yew::prelude::*;

use super::clock::TimeControls;
use super::damaged::Damaged;
use super::header::Header;
use super::router::{use_router, Link, Route};
use super::split;
use super::state::use_app;
use crate::pages::overview::Overview;
use crate::storage::persist;

/// The page a route names. `arriving`: the sandbox's history is still being read (just after
/// opening a snapshot), so the pages made of it wait for it. The overview is in the first load;
/// the other sections' pages come in chunks (`split`, `sections`).
fn switch(route: Route, arriving: bool) -> Html {
    match route {
        Route::Timeline | Route::Activity if arriving => html! {
            <section><p class="boot" role="status" data-testid="history-arriving">{ "Reading the activity log…" }</p></section>
        },
        Route::Overview => html! { <Overview /> },
        Route::NotFound => {
            html! { <section><h1>{ "Page not found" }</h1><Link to={Route::Overview}>{ "Back to the overview" }</Link></section> }
        }
        route => html! { <split::Lazy {route} /> },
    }
}

/// How much of the time controls a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Controls {
    Full,
    Compact,
    None,
}

impl Controls {
    /// `?controls=` as given, else compact in an embed and full otherwise.
    fn of(param: Option<&str>, embedded: bool) -> Controls {
        match param {
            Some("full") => Controls::Full,
            Some("compact") => Controls::Compact,
            Some("none") => Controls::None,
            _ if embedded => Controls::Compact,
            _ => Controls::Full,
        }
    }
}

#[function_component(Layout)]
pub fn layout() -> Html {
    let app = use_app();
    let router = use_router();
    // `?embed=1` drops the chrome for iframes: no header, nav or footer; the time controls stay,
    // on one row unless `?controls=full` (`?controls=none` leaves them out).
    let embedded = use_memo((), |_| {
        persist::url_param("embed").is_some_and(|v| v == "1")
    });
    let controls = use_memo(*embedded, |embedded| {
        Controls::of(persist::url_param("controls").as_deref(), *embedded)
    });
    html! {
        <>
            if !*embedded {
                <Header />
            }
            if *controls != Controls::None {
                <TimeControls compact={*controls == Controls::Compact} />
            }
            if let Some(damaged) = &app.damaged { <Damaged damage={damaged.clone()} /> }
            // In an embed a notice (most often: a cross-site frame that the browser gives no
            // storage) is one line, whole in its title, so the documentation's frame stays the
            // documentation's.
            if let Some(n) = &app.notice {
                <div class={classes!("banner", "warning", embedded.then_some("line"))} role="status" title={embedded.then(|| n.clone())}>{ n.clone() }</div>
            }
            <main id="main">{ switch(router.route.clone(), app.sb.borrow().history_arriving()) }</main>
            if !*embedded {
                <footer>{ format!("Seed {} · everything runs in this browser and is saved in it; nothing is sent anywhere.", app.seed()) }</footer>
            }
        </>
    }
}
