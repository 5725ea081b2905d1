//! The timeline's toolbar: zoom, pan, fit, the lane filter and the lanes' pages.

use yew::prelude::*;

use crate::ui::input_value;
use byok_engine::Timestamp;

/// At most this many lanes are drawn at once (the others are on the lanes' other pages).
pub const MAX_LANES: usize = 20;

/// The range in view.
#[derive(Clone, Copy, PartialEq)]
pub struct View {
    pub from: Timestamp,
    pub to: Timestamp,
}

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub view: View,
    /// Another range, or `None` to fit everything.
    pub on_view: Callback<Option<View>>,
    pub filter: String,
    pub on_filter: Callback<String>,
    pub lane_page: usize,
    /// How many lanes pass the filter.
    pub lane_count: usize,
    pub on_lane_page: Callback<usize>,
}

#[function_component(Toolbar)]
pub fn toolbar(p: &ToolbarProps) -> Html {
    let v = p.view;
    let zoom = |factor: f64| {
        p.on_view.reform(move |_: MouseEvent| {
            let width = ((v.to - v.from).0 as f64 * factor).max(120.0) as i64;
            let centre = v.from.0 + (v.to - v.from).0 / 2;
            Some(View {
                from: Timestamp(centre - width / 2),
                to: Timestamp(centre + width / 2),
            })
        })
    };
    let pan = |fraction: f64| {
        p.on_view.reform(move |_: MouseEvent| {
            let shift = ((v.to - v.from).0 as f64 * fraction) as i64;
            Some(View {
                from: Timestamp(v.from.0 + shift),
                to: Timestamp(v.to.0 + shift),
            })
        })
    };
    let (lane_page, lane_count) = (p.lane_page, p.lane_count);
    let lane_pages = lane_count.div_ceil(MAX_LANES).max(1);
    let to_page = |n: usize| p.on_lane_page.reform(move |_: MouseEvent| n);
    html! {
        <div class="toolbar">
            <button onclick={zoom(0.5)} aria-label="Zoom in">{ "Zoom in" }</button>
            <button onclick={zoom(2.0)} aria-label="Zoom out">{ "Zoom out" }</button>
            <button onclick={pan(-0.25)} aria-label="Earlier">{ "◀ Earlier" }</button>
            <button onclick={pan(0.25)} aria-label="Later">{ "Later ▶" }</button>
            <button onclick={p.on_view.reform(|_: MouseEvent| None)}>{ "Fit all" }</button>
            <input type="search" placeholder="Filter lanes" aria-label="Filter lanes" value={p.filter.clone()}
                oninput={p.on_filter.reform(|e: InputEvent| input_value(&e))} />
            if lane_pages > 1 {
                <span>{ format!("lanes {}–{} of {lane_count}", lane_page * MAX_LANES + 1, (lane_page * MAX_LANES + MAX_LANES).min(lane_count)) }</span>
                <button disabled={lane_page == 0} aria-label="Previous lanes" onclick={to_page(lane_page.saturating_sub(1))}>{ "‹" }</button>
                <button disabled={lane_page + 1 >= lane_pages} aria-label="Next lanes" onclick={to_page(lane_page + 1)}>{ "›" }</button>
            }
        </div>
    }
}
