//! The Timeline page: the model kept up to date as the log grows, the range in view, the drawing
//! fitted to its container's width, and what was clicked.

use yew::prelude::*;

use super::chart::{Acts, Chart, Opened, AXIS};
use super::details::{ClusterList, EventCard, MAX_LISTED};
use super::toolbar::{Toolbar, View, MAX_LANES};
use super::width::use_container_width;
use super::words::{legend, minute, px, step_name, within};
use crate::frame::state::{use_app, Handle};
use byok_engine::{Duration, Timestamp};
use byok_timeline::axis::{self, short_instant, Metrics, Scale, Tick};
use byok_timeline::{LaneView, SpanKind};

/// A cluster's list as shown: its lane and instants, (seq, line) per event listed, how many in all.
type Listed = (String, Vec<(u64, String)>, usize);

#[function_component(TimelinePage)]
pub fn timeline_page() -> Html {
    let app = use_app();
    // One builder per sandbox keeps the timeline up to date: each render adds only the events that
    // arrived since the last one (the log only grows), so a step costs what its events cost.
    let builder = use_mut_ref(|| (0u64, byok_timeline::Builder::default()));
    // Another sandbox swapped in (reset, import, a rebase after another tab's change): start over.
    let sandbox_id = app.epoch() + 1;
    if builder.borrow().0 != sandbox_id {
        *builder.borrow_mut() = (sandbox_id, byok_timeline::Builder::default());
    }
    let now = app.sb.borrow().now();
    builder.borrow_mut().1.update(&app.sb.borrow());
    let built = builder.borrow();
    let model = built.1.timeline();
    let view = use_state(|| None::<View>);
    let filter = use_state(String::new);
    let lane_page = use_state(|| 0usize);
    let selected = use_state(|| None::<u64>);
    let opened = use_state(|| None::<Opened>);
    // One shared line shows what the pointer is over: a title per shape would double the DOM.
    let hover = use_state(String::new);
    let container = use_node_ref();
    let width = use_container_width(&container);
    let end = model.end.max(now);
    let fit = View {
        from: model.start,
        to: end + Duration((end - model.start).0 / 50 + 60),
    };
    let v = view.unwrap_or(fit);
    let label_w = within(width * 0.22, 96.0, 230.0);
    let scale = Scale {
        from: v.from,
        to: Timestamp(v.to.0.max(v.from.0 + 60)),
        left: label_w,
        width: width - label_w - 10.0,
    };
    let on_view = {
        let view = view.clone();
        Callback::from(move |v: Option<View>| view.set(v))
    };
    let on_filter = {
        let (filter, lane_page) = (filter.clone(), lane_page.clone());
        Callback::from(move |text: String| {
            filter.set(text);
            lane_page.set(0);
        })
    };
    let on_lane_page = {
        let lane_page = lane_page.clone();
        Callback::from(move |n: usize| lane_page.set(n))
    };
    let lanes = model.visible(v.from, v.to, &filter);
    let lane_count = lanes.len();
    let lanes: Vec<LaneView> = lanes
        .into_iter()
        .skip(*lane_page * MAX_LANES)
        .take(MAX_LANES)
        .collect();
    let m = Metrics::APP;
    let (step, ticks) = axis::ticks(&scale, &m, (label_w - 20.0, width));
    let acts = Acts {
        hover: hover.clone(),
        selected: selected.clone(),
        opened: opened.clone(),
    };
    let chart = Chart::draw(&lanes, &scale, &m, label_w, &acts);
    let hidden_markers = chart.hidden_markers;
    let event = selected.and_then(|seq| app.sb.borrow().events().get(seq as usize - 1).cloned());
    let listed = opened.as_ref().map(|o| cluster_rows(&app, o));
    html! {
        <section>
            <h1>{ "Timeline" }</h1>
            <Toolbar view={v} {on_view} filter={(*filter).clone()} {on_filter} lane_page={*lane_page} {lane_count} {on_lane_page} />
            <div class="legend">
                { for [SpanKind::Provisioning, SpanKind::SoftDeletion, SpanKind::PurgeWait, SpanKind::RestoreWindow, SpanKind::PurgeSchedule, SpanKind::DualAuthWindow, SpanKind::Propagation, SpanKind::KmsSync]
                    .into_iter().map(|k| html! { <span class={format!("{k:?}")}>{ legend(k) }</span> }) }
            </div>
            <p class="muted small" data-testid="timeline-range">{ format!("{} to {} · a tick every {}", minute(v.from), minute(v.to), step_name(step)) }</p>
            <p class="hover mono" data-testid="timeline-hover" aria-live="polite">{ if hover.is_empty() { "Point at a span or an event; click an event to see it." .to_string() } else { (*hover).clone() } }</p>
            <div class="timeline" data-testid="timeline" ref={container}>
                { drawing(&Drawing { width, label_w, view: v, scale: &scale, m: &m, now, ticks: &ticks }, chart) }
            </div>
            if lanes.is_empty() { <p class="muted">{ "Nothing to draw yet: create a key or a deployment." }</p> }
            if hidden_markers > 0 { <p class="muted">{ format!("{hidden_markers} more events in this range: zoom in to see them.") }</p> }
            if let Some((lane, rows, total)) = listed {
                <ClusterList {lane} {rows} {total}
                    on_pick={{ let selected = selected.clone(); Callback::from(move |seq| selected.set(Some(seq))) }}
                    on_close={{ let opened = opened.clone(); Callback::from(move |()| opened.set(None)) }} />
            }
            if let Some(e) = event {
                <EventCard event={e} />
            }
        </section>
    }
}

/// The events of an opened cluster, as its list shows them.
fn cluster_rows(app: &Handle, o: &Opened) -> Listed {
    let sb = app.sb.borrow();
    let rows = o
        .seqs
        .iter()
        .take(MAX_LISTED)
        .filter_map(|&seq| sb.events().get(seq as usize - 1))
        .map(|e| {
            (
                e.seq,
                format!(
                    "{} · {} {} by {}",
                    e.event_time, e.action, e.outcome, e.initiator.name
                ),
            )
        })
        .collect();
    (o.lane.clone(), rows, o.seqs.len())
}

/// What the drawing is of: its width and the label column's, the range, its scale, the clock.
struct Drawing<'a> {
    width: f64,
    label_w: f64,
    view: View,
    scale: &'a Scale,
    m: &'a Metrics,
    now: Timestamp,
    ticks: &'a [Tick],
}

/// The SVG: the axis's ticks, the groups' shading, the now line, the lanes, the now line's label
/// (kept inside the drawing at either end).
fn drawing(d: &Drawing, chart: Chart) -> Html {
    let (width, label_w) = (d.width, d.label_w);
    let height = chart.height.max(AXIS + 30.0);
    let now_x = d.scale.x(d.now);
    let now_text = format!("now {}", short_instant(d.now, true));
    let now_w = d.m.width(&now_text);
    let (now_anchor, now_tx) = if now_x + now_w / 2.0 > width {
        ("end", width - 2.0)
    } else if now_x - now_w / 2.0 < 0.0 {
        ("start", 2.0)
    } else {
        ("middle", now_x)
    };
    html! {
        <svg width={px(width)} height={px(height)} viewBox={format!("0 0 {} {}", px(width), px(height))} role="group"
            aria-label={format!("Timeline from {} to {}", d.view.from, d.view.to)}>
            { for d.ticks.iter().map(|t| html! {
                <>
                    <line class={classes!("tick", t.major.then_some("major"))} x1={px(t.x)} x2={px(t.x)} y1="18" y2={px(height)} />
                    <text class={classes!("axis", t.major.then_some("major"))} x={px(t.x)} y="13" text-anchor="middle">{ t.label.clone() }</text>
                </>
            }) }
            // The now line over the groups' shading and under the lanes' shapes.
            { chart.groups }
            if (label_w..=width).contains(&now_x) {
                <line class="now-line" x1={px(now_x)} x2={px(now_x)} y1="18" y2={px(height)} />
            }
            { chart.rows }
            if (label_w..=width).contains(&now_x) {
                <text class="now-label" data-testid="now-label" x={px(now_tx)} y="29" text-anchor={now_anchor}>{ now_text }</text>
            }
        </svg>
    }
}
