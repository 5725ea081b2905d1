//! The Timeline page: `crate::timeline` drawn as SVG on the virtual clock. A lane per key and per
//! deployment, coloured spans for the waiting periods, a marker per event (hover for a summary,
//! click for the event), the "now" line; zoom, pan and a lane filter. Only what is in view is drawn.

use yew::prelude::*;

use super::common::input_value;
use super::state::use_app;
use crate::engine::{Duration, Timestamp};
use crate::timeline::{self, SpanKind};

const WIDTH: f64 = 1180.0;
const LABEL: f64 = 230.0;
const LANE: f64 = 30.0;
const AXIS: f64 = 26.0;
/// At most this many lanes and markers are drawn at once, so the page stays small at any scale.
const MAX_LANES: usize = 20;
const MAX_MARKERS: usize = 300;
const MAX_SPANS: usize = 240;

#[derive(Clone, Copy, PartialEq)]
struct View {
    from: Timestamp,
    to: Timestamp,
}

#[function_component(TimelinePage)]
pub fn timeline_page() -> Html {
    let app = use_app();
    // One builder per sandbox keeps the timeline up to date: each render adds only the events that
    // arrived since the last one (the log only grows), so a step costs what its events cost.
    let builder = use_mut_ref(|| (0u64, timeline::Builder::default()));
    // Another sandbox swapped in (reset, import, a rebase after another tab's change): start over.
    let sandbox_id = app.epoch() + 1;
    if builder.borrow().0 != sandbox_id {
        *builder.borrow_mut() = (sandbox_id, timeline::Builder::default());
    }
    let now = app.sb.borrow().now();
    builder.borrow_mut().1.update(&app.sb.borrow());
    let built = builder.borrow();
    let model = built.1.timeline();
    let view = use_state(|| None::<View>);
    let filter = use_state(String::new);
    let lane_page = use_state(|| 0usize);
    let selected = use_state(|| None::<u64>);
    // One shared line shows what the pointer is over: a title per shape would double the DOM.
    let hover = use_state(String::new);
    let end = model.end.max(now);
    let fit = View {
        from: model.start,
        to: end + Duration((end - model.start).0 / 50 + 60),
    };
    let v = view.unwrap_or(fit);
    let span_secs = (v.to - v.from).0.max(60) as f64;
    let x = |t: Timestamp| LABEL + ((t - v.from).0 as f64 / span_secs) * (WIDTH - LABEL - 10.0);
    let zoom = |factor: f64| {
        let view = view.clone();
        Callback::from(move |_| {
            let width = ((v.to - v.from).0 as f64 * factor).max(120.0) as i64;
            let centre = v.from.0 + (v.to - v.from).0 / 2;
            view.set(Some(View {
                from: Timestamp(centre - width / 2),
                to: Timestamp(centre + width / 2),
            }));
        })
    };
    let pan = |fraction: f64| {
        let view = view.clone();
        Callback::from(move |_| {
            let shift = ((v.to - v.from).0 as f64 * fraction) as i64;
            view.set(Some(View {
                from: Timestamp(v.from.0 + shift),
                to: Timestamp(v.to.0 + shift),
            }));
        })
    };
    let on_fit = {
        let view = view.clone();
        Callback::from(move |_| view.set(None))
    };
    let on_filter = {
        let (filter, lane_page) = (filter.clone(), lane_page.clone());
        Callback::from(move |e: InputEvent| {
            filter.set(input_value(&e));
            lane_page.set(0);
        })
    };
    let lanes = model.visible(v.from, v.to, &filter);
    let lane_count = lanes.len();
    let lanes: Vec<_> = lanes
        .into_iter()
        .skip(*lane_page * MAX_LANES)
        .take(MAX_LANES)
        .collect();
    let height = AXIS + LANE * lanes.len().max(1) as f64 + 8.0;
    let ticks: Vec<(f64, String)> = (0..=5)
        .map(|i| {
            let t = Timestamp(v.from.0 + (v.to - v.from).0 * i / 5);
            (x(t), t.to_string()[..16].replace('T', " "))
        })
        .collect();
    let mut drawn_markers = 0usize;
    let mut hidden_markers = 0usize;
    let mut drawn_spans = 0usize;
    let rows: Vec<Html> = lanes
        .iter()
        .enumerate()
        .map(|(i, lv)| {
            let y = AXIS + LANE * i as f64;
            let span_room = MAX_SPANS.saturating_sub(drawn_spans);
            drawn_spans += lv.spans.len().min(span_room);
            let spans = lv.spans.iter().take(span_room).map(|s| {
                let text = format!("{}: {} → {}{}", s.label, s.start, s.end, if s.open { " (still running)" } else { "" });
                let onmouseenter = {
                    let hover = hover.clone();
                    Callback::from(move |_| hover.set(text.clone()))
                };
                let (x0, x1) = (x(s.start), x(s.end));
                // The three periods after a key's deletion overlap; each gets its own band.
                let (top, h) = match s.kind {
                    SpanKind::PurgeWait => (4.0, 7.0),
                    SpanKind::RestoreWindow => (11.5, 7.0),
                    SpanKind::PurgeSchedule => (19.0, 7.0),
                    _ => (6.0, LANE - 12.0),
                };
                html! {
                    <rect class={classes!("span", format!("{:?}", s.kind))} x={px(x0)} y={px(y + top)}
                        width={px((x1 - x0).max(2.0))} height={px(h)} {onmouseenter} />
                }
            });
            let room = MAX_MARKERS.saturating_sub(drawn_markers);
            hidden_markers += lv.markers.len().saturating_sub(room);
            drawn_markers += lv.markers.len().min(room);
            let markers = lv.markers.iter().take(room).map(|m| {
                let seq = m.seq;
                let onclick = {
                    let selected = selected.clone();
                    Callback::from(move |_| selected.set(Some(seq)))
                };
                let text = format!("{} · {}", m.at, m.summary);
                let onmouseenter = {
                    let (hover, text) = (hover.clone(), text.clone());
                    Callback::from(move |_: MouseEvent| hover.set(text.clone()))
                };
                let onfocus = {
                    let (hover, text) = (hover.clone(), text.clone());
                    Callback::from(move |_: FocusEvent| hover.set(text.clone()))
                };
                // From the keyboard: Tab reaches each marker (its summary shows), Enter opens it.
                let onkeydown = {
                    let selected = selected.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        if e.key() == "Enter" || e.key() == " " {
                            e.prevent_default();
                            selected.set(Some(seq));
                        }
                    })
                };
                html! {
                    <circle class={classes!("marker", m.outcome, m.severity)} cx={px(x(m.at))} cy={px(y + LANE / 2.0)} r="4.5"
                        tabindex="0" role="button" aria-label={text} {onclick} {onmouseenter} {onfocus} {onkeydown}
                        data-action={m.action.clone()} />
                }
            });
            html! {
                <g class="lane">
                    <line x1="0" x2={px(WIDTH)} y1={px(y + LANE)} y2={px(y + LANE)} stroke="#e0e0e0" />
                    <text class="lane-label" x="4" y={px(y + LANE / 2.0 + 4.0)}>
                        { truncate(&short_label(&lv.lane.label), 34) }<title>{ lv.lane.label.clone() }</title></text>
                    { for spans }
                    { for markers }
                </g>
            }
        })
        .collect();
    let now_x = x(now);
    let event = selected.and_then(|seq| app.sb.borrow().events().get(seq as usize - 1).cloned());
    let lane_pages = lane_count.div_ceil(MAX_LANES).max(1);
    html! {
        <section>
            <h1>{ "Timeline" }</h1>
            <div class="toolbar">
                <button onclick={zoom(0.5)} aria-label="Zoom in">{ "Zoom in" }</button>
                <button onclick={zoom(2.0)} aria-label="Zoom out">{ "Zoom out" }</button>
                <button onclick={pan(-0.25)} aria-label="Earlier">{ "◀ Earlier" }</button>
                <button onclick={pan(0.25)} aria-label="Later">{ "Later ▶" }</button>
                <button onclick={on_fit}>{ "Fit all" }</button>
                <input type="search" placeholder="Filter lanes" aria-label="Filter lanes" value={(*filter).clone()} oninput={on_filter} />
                if lane_pages > 1 {
                    <span>{ format!("lanes {}–{} of {lane_count}", *lane_page * MAX_LANES + 1, (*lane_page * MAX_LANES + MAX_LANES).min(lane_count)) }</span>
                    <button disabled={*lane_page == 0} onclick={{ let p = lane_page.clone(); Callback::from(move |_| p.set(p.saturating_sub(1))) }}>{ "‹" }</button>
                    <button disabled={*lane_page + 1 >= lane_pages} onclick={{ let p = lane_page.clone(); Callback::from(move |_| p.set(*p + 1)) }}>{ "›" }</button>
                }
            </div>
            <div class="legend">
                { for [SpanKind::Provisioning, SpanKind::SoftDeletion, SpanKind::PurgeWait, SpanKind::RestoreWindow, SpanKind::PurgeSchedule, SpanKind::DualAuthWindow, SpanKind::Propagation, SpanKind::KmsSync]
                    .into_iter().map(|k| html! { <span class={format!("{k:?}")}>{ legend(k) }</span> }) }
            </div>
            <p class="hover mono" data-testid="timeline-hover" aria-live="polite">{ if hover.is_empty() { "Point at a span or an event; click an event to see it." .to_string() } else { (*hover).clone() } }</p>
            <div class="timeline" data-testid="timeline">
                <svg width={px(WIDTH)} height={px(height)} viewBox={format!("0 0 {} {}", px(WIDTH), px(height))} role="group"
                    aria-label={format!("Timeline from {} to {}", v.from, v.to)}>
                    { for ticks.iter().map(|(tx, label)| html! {
                        <g><line x1={px(*tx)} x2={px(*tx)} y1="18" y2={px(height)} stroke="#f0f0f0" />
                        <text class="axis" x={px(*tx)} y="14" text-anchor={if *tx > WIDTH - 120.0 { "end" } else { "middle" }}>{ label.clone() }</text></g>
                    }) }
                    { for rows }
                    if (LABEL..=WIDTH).contains(&now_x) {
                        <line class="now-line" x1={px(now_x)} x2={px(now_x)} y1="18" y2={px(height)}>
                            <title>{ format!("now: {now}") }</title>
                        </line>
                    }
                </svg>
            </div>
            if lanes.is_empty() { <p class="muted">{ "Nothing to draw yet: create a key or a deployment." }</p> }
            if hidden_markers > 0 { <p class="muted">{ format!("{hidden_markers} more events in this range: zoom in to see them.") }</p> }
            if let Some(e) = event {
                <div class="card" data-testid="timeline-event">
                    <h2>{ format!("{} · {}", e.action, e.event_time) }</h2>
                    <pre class="mono">{ serde_json::to_string_pretty(&e).unwrap_or_default() }</pre>
                </div>
            }
        </section>
    }
}

/// A coordinate to a tenth of a pixel ("12.5", "1180"), written with integer formatting: the only
/// floats the app prints are these, and core's float printing would add some 20 KB to the wasm.
fn px(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

fn legend(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Provisioning => "provisioning",
        SpanKind::SoftDeletion => "soft-deletion period",
        SpanKind::PurgeWait => "4 h purge wait",
        SpanKind::RestoreWindow => "30-day restore window",
        SpanKind::PurgeSchedule => "90 days to purge",
        SpanKind::DualAuthWindow => "7-day dual-auth window",
        SpanKind::Propagation => "key event propagating",
        SpanKind::KmsSync => "syncing KMS state",
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// "orders-db · PostgreSQL" for "Databases for PostgreSQL orders-db": the name first, so it survives
/// the label column's width.
fn short_label(label: &str) -> String {
    for (_, display) in crate::engine::databases::SERVICES {
        if let Some(name) = label.strip_prefix(display).map(str::trim) {
            let short = display.rsplit(' ').next().unwrap_or(display);
            return format!("{name} · {short}");
        }
    }
    label.to_string()
}
