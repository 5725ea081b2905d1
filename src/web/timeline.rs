//! The timeline page (the SVG drawing of `crate::timeline`).

use yew::prelude::*;

#[function_component(TimelinePage)]
pub fn timeline_page() -> Html {
    html! { <section><h1>{ "Timeline" }</h1></section> }
}
