//! Long lists show one page at a time.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PagerProps {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub on_page: Callback<usize>,
}

/// Long lists show one page at a time, so the page never holds more rows than fit.
#[function_component(Pager)]
pub fn pager(p: &PagerProps) -> Html {
    let pages = p.total.div_ceil(p.per_page).max(1);
    if pages <= 1 {
        return html! {};
    }
    let go = |n: usize| {
        let cb = p.on_page.clone();
        Callback::from(move |_| cb.emit(n))
    };
    html! {
        <div class="pager">
            <button onclick={go(p.page.saturating_sub(1))} disabled={p.page == 0}>{ "‹ Previous" }</button>
            <span>{ format!("page {} of {pages} ({} in all)", p.page + 1, p.total) }</span>
            <button onclick={go((p.page + 1).min(pages - 1))} disabled={p.page + 1 >= pages}>{ "Next ›" }</button>
        </div>
    }
}
