//! Under the chart: the events of a clicked cluster, and the event picked, as JSON.

use yew::prelude::*;

use byok_engine::events::Event as CadfEvent;

/// A cluster's list shows at most this many of its events.
pub const MAX_LISTED: usize = 50;

#[derive(Properties, PartialEq)]
pub struct ClusterListProps {
    /// The lane and the instants of the cluster.
    pub lane: String,
    /// (seq, line) per event listed.
    pub rows: Vec<(u64, String)>,
    /// How many events the cluster holds in all.
    pub total: usize,
    pub on_pick: Callback<u64>,
    pub on_close: Callback<()>,
}

#[function_component(ClusterList)]
pub fn cluster_list(p: &ClusterListProps) -> Html {
    html! {
        <div class="card" data-testid="timeline-cluster">
            <h2>{ format!("{} events on {}", p.total, p.lane) }</h2>
            <ul class="cluster-list">
                { for p.rows.iter().map(|(seq, text)| {
                    let seq = *seq;
                    html! { <li><button class="link mono" onclick={p.on_pick.reform(move |_: MouseEvent| seq)}>{ text.clone() }</button></li> }
                }) }
            </ul>
            if p.total > MAX_LISTED { <p class="muted">{ format!("and {} more: zoom in to tell them apart.", p.total - MAX_LISTED) }</p> }
            <button onclick={p.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct EventCardProps {
    pub event: CadfEvent,
}

#[function_component(EventCard)]
pub fn event_card(p: &EventCardProps) -> Html {
    let e = &p.event;
    html! {
        <div class="card" data-testid="timeline-event">
            <h2>{ format!("{} · {}", e.action, e.event_time) }</h2>
            <pre class="mono">{ serde_json::to_string_pretty(e).unwrap_or_default() }</pre>
        </div>
    }
}
