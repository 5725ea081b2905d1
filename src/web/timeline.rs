//! The Timeline page: `crate::timeline` drawn as SVG on the virtual clock, fitted to the width it
//! has (a phone's or a desktop's). An axis of round instants, a lane per key and per deployment
//! (a deployment in its key's group), each lane's events as markers (close ones clustered with a
//! count: click to list them), its periods as bars in tracks below, each labelled with what ends it,
//! and the labelled "now" line; zoom, pan and a lane filter. Only what is in view is drawn, within
//! fixed bounds on lanes, bars and markers.

use std::rc::Rc;

use yew::prelude::*;

use super::common::input_value;
use super::state::use_app;
use crate::engine::{Duration, Timestamp};
use crate::timeline::axis::{self, short_instant, Metrics, Scale, Step};
use crate::timeline::layout::{self, Cluster};
use crate::timeline::{self, LaneView, SpanKind};

/// The drawing's width: the container's, within these bounds (below the minimum it scrolls).
const MAX_WIDTH: f64 = 1240.0;
const MIN_WIDTH: f64 = 300.0;
/// The axis: tick labels, then the now line's label under them.
const AXIS: f64 = 36.0;
/// A lane: its markers' row, then a track per stack of periods.
const MARKER_ROW: f64 = 24.0;
const TRACK: f64 = 16.0;
const MAX_TRACKS: usize = 4;
/// Markers closer than this to a cluster's first one join it (a cluster's glyph is 16 px wide).
const CLUSTER_PX: f64 = 16.0;
/// At most this many lanes, bars and marker nodes are drawn at once, so the page stays small at
/// any scale; a cluster costs three nodes, a single marker two.
const MAX_LANES: usize = 20;
const MAX_MARKER_NODES: usize = 300;
const MAX_SPANS: usize = 240;
/// A cluster's list shows at most this many of its events.
const MAX_LISTED: usize = 50;

#[derive(Clone, Copy, PartialEq)]
struct View {
    from: Timestamp,
    to: Timestamp,
}

/// A cluster's list as shown: its lane and instants, (seq, line) per event listed, how many in all.
type Listed = (String, Vec<(u64, String)>, usize);

/// The events of a clicked cluster, listed under the chart.
#[derive(Clone, PartialEq)]
struct Opened {
    lane: String,
    seqs: Rc<Vec<u64>>,
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
    let height = chart.height.max(AXIS + 30.0);
    let now_x = scale.x(now);
    let now_text = format!("now {}", short_instant(now, true));
    let now_w = m.width(&now_text);
    let (now_anchor, now_tx) = if now_x + now_w / 2.0 > width {
        ("end", width - 2.0)
    } else if now_x - now_w / 2.0 < 0.0 {
        ("start", 2.0)
    } else {
        ("middle", now_x)
    };
    let event = selected.and_then(|seq| app.sb.borrow().events().get(seq as usize - 1).cloned());
    let listed: Option<Listed> = opened.as_ref().map(|o| {
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
    });
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
                    <button disabled={*lane_page == 0} aria-label="Previous lanes" onclick={{ let p = lane_page.clone(); Callback::from(move |_| p.set(p.saturating_sub(1))) }}>{ "‹" }</button>
                    <button disabled={*lane_page + 1 >= lane_pages} aria-label="Next lanes" onclick={{ let p = lane_page.clone(); Callback::from(move |_| p.set(*p + 1)) }}>{ "›" }</button>
                }
            </div>
            <div class="legend">
                { for [SpanKind::Provisioning, SpanKind::SoftDeletion, SpanKind::PurgeWait, SpanKind::RestoreWindow, SpanKind::PurgeSchedule, SpanKind::DualAuthWindow, SpanKind::Propagation, SpanKind::KmsSync]
                    .into_iter().map(|k| html! { <span class={format!("{k:?}")}>{ legend(k) }</span> }) }
            </div>
            <p class="muted small" data-testid="timeline-range">{ format!("{} to {} · a tick every {}", minute(v.from), minute(v.to), step_name(step)) }</p>
            <p class="hover mono" data-testid="timeline-hover" aria-live="polite">{ if hover.is_empty() { "Point at a span or an event; click an event to see it." .to_string() } else { (*hover).clone() } }</p>
            <div class="timeline" data-testid="timeline" ref={container}>
                <svg width={px(width)} height={px(height)} viewBox={format!("0 0 {} {}", px(width), px(height))} role="group"
                    aria-label={format!("Timeline from {} to {}", v.from, v.to)}>
                    { for ticks.iter().map(|t| html! {
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
            </div>
            if lanes.is_empty() { <p class="muted">{ "Nothing to draw yet: create a key or a deployment." }</p> }
            if chart.hidden_markers > 0 { <p class="muted">{ format!("{} more events in this range: zoom in to see them.", chart.hidden_markers) }</p> }
            if let Some((lane, rows, total)) = listed {
                <div class="card" data-testid="timeline-cluster">
                    <h2>{ format!("{total} events on {lane}") }</h2>
                    <ul class="cluster-list">
                        { for rows.into_iter().map(|(seq, text)| {
                            let selected = selected.clone();
                            html! { <li><button class="link mono" onclick={Callback::from(move |_| selected.set(Some(seq)))}>{ text }</button></li> }
                        }) }
                    </ul>
                    if total > MAX_LISTED { <p class="muted">{ format!("and {} more: zoom in to tell them apart.", total - MAX_LISTED) }</p> }
                    <button onclick={{ let opened = opened.clone(); Callback::from(move |_| opened.set(None)) }}>{ "Close" }</button>
                </div>
            }
            if let Some(e) = event {
                <div class="card" data-testid="timeline-event">
                    <h2>{ format!("{} · {}", e.action, e.event_time) }</h2>
                    <pre class="mono">{ serde_json::to_string_pretty(&e).unwrap_or_default() }</pre>
                </div>
            }
        </section>
    }
}

/// The width of the element `node` refers to, within the drawing's bounds, measured after every
/// render (a scrollbar appearing narrows the page without resizing the window) and whenever the
/// window is resized (an iframe's too). A changed width draws again once.
#[hook]
fn use_container_width(node: &NodeRef) -> f64 {
    let width = use_state_eq(|| MAX_WIDTH);
    let measure = {
        let (node, width) = (node.clone(), width.clone());
        move || {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let w = f64::from(el.client_width());
                if w > 0.0 {
                    width.set(within(w, MIN_WIDTH, MAX_WIDTH));
                }
            }
        }
    };
    {
        let measure = measure.clone();
        use_effect(move || {
            measure();
            || ()
        });
    }
    use_effect_with((), move |_| {
        use wasm_bindgen::JsCast;
        let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(measure);
        let window = web_sys::window().expect("a browser window");
        let _ =
            window.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        move || {
            let _ = window
                .remove_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        }
    });
    *width
}

/// What the chart's shapes do when pointed at or clicked.
struct Acts {
    hover: UseStateHandle<String>,
    selected: UseStateHandle<Option<u64>>,
    opened: UseStateHandle<Option<Opened>>,
}

impl Acts {
    fn hover_on<E: 'static>(&self, text: String) -> Callback<E> {
        let hover = self.hover.clone();
        Callback::from(move |_| hover.set(text.clone()))
    }
}

/// The lanes drawn, with what the page says around them.
struct Chart {
    /// The shading of the key groups, drawn first.
    groups: Html,
    rows: Html,
    height: f64,
    hidden_markers: usize,
}

impl Chart {
    #[inline(never)]
    fn draw(lanes: &[LaneView], scale: &Scale, m: &Metrics, label_w: f64, acts: &Acts) -> Chart {
        let total = scale.right() + 10.0;
        let mut y = AXIS;
        let mut spans_left = MAX_SPANS;
        let mut nodes_left = MAX_MARKER_NODES;
        let mut hidden_markers = 0;
        let mut groups: Vec<Html> = Vec::new();
        let mut rows: Vec<Html> = Vec::new();
        // A group: a key's lane and the deployments nested under it; shaded when it has any.
        let mut group_top = y;
        let mut group_size = 0;
        let label_chars = ((label_w - 12.0) / m.char_px) as usize;
        for lv in lanes {
            if !lv.nested {
                if group_size > 1 {
                    groups.push(group_box(group_top, y, total));
                }
                group_top = y;
                group_size = 0;
            }
            group_size += 1;
            let spans: Vec<&timeline::Span> = lv
                .lane
                .spans
                .iter()
                .filter(|s| s.end >= scale.from && s.start <= scale.to)
                .take(spans_left)
                .collect();
            spans_left -= spans.len();
            let placed = layout::place_spans(&spans, scale, m, MAX_TRACKS);
            let h = MARKER_ROW + TRACK * placed.tracks as f64 + 4.0;
            let bars = placed.placed.iter().map(|p| {
                let s = spans[p.index];
                let end = s.end_label();
                let text = format!(
                    "{}: {} → {}{}",
                    s.label,
                    s.start,
                    s.end,
                    end.map(|e| format!(" · {e}")).unwrap_or_else(|| " (still running)".into())
                );
                let (top, bar_h) = match p.track {
                    Some(t) => (y + MARKER_ROW + TRACK * t as f64, TRACK - 4.0),
                    None => (y + MARKER_ROW / 2.0 - 3.0, 6.0),
                };
                let bar = html! {
                    <rect class={format!("span {:?}", s.kind)} x={px(p.x0)} y={px(top)}
                        width={px(p.x1 - p.x0)} height={px(bar_h)} onmouseenter={acts.hover_on::<MouseEvent>(text)} />
                };
                let label = p.label.as_ref().map(|l| html! {
                    <text class="span-label" x={px(l.x)} y={px(top + 10.0)} text-anchor={if l.inside { "end" } else { "start" }}>{ l.text.clone() }</text>
                });
                [Some(bar), label]
            });
            let clusters = layout::clusters(&lv.markers, scale, CLUSTER_PX);
            let mut glyphs = Vec::new();
            for c in &clusters {
                let cost = if c.len() == 1 { 2 } else { 3 };
                if cost > nodes_left {
                    hidden_markers += c.len();
                    continue;
                }
                nodes_left -= cost;
                glyphs.push(marker_glyph(c, &lv.lane.label, y + MARKER_ROW / 2.0, acts));
            }
            let name = short_label(&lv.lane.label);
            let shown = if lv.nested {
                format!("↳ {}", truncate(&name, label_chars.saturating_sub(2)))
            } else {
                truncate(&name, label_chars)
            };
            rows.push(html! {
                <g class={classes!("lane", lv.nested.then_some("nested"))}>
                    <line class="lane-rule" x1="0" x2={px(total)} y1={px(y + h)} y2={px(y + h)} />
                    <text class="lane-label" x="6" y={px(y + MARKER_ROW / 2.0 + 4.0)}>{ shown }<title>{ lv.lane.label.clone() }</title></text>
                    { for bars.flatten().flatten() }
                    { for glyphs }
                </g>
            });
            y += h;
        }
        if group_size > 1 {
            groups.push(group_box(group_top, y, total));
        }
        Chart {
            groups: html! { <>{ for groups }</> },
            rows: html! { <>{ for rows }</> },
            height: y + 4.0,
            hidden_markers,
        }
    }
}

/// The shading behind a key's group of lanes, with a bar down its left edge.
fn group_box(top: f64, bottom: f64, width: f64) -> Html {
    html! {
        <>
            <rect class="group" x="0" y={px(top)} width={px(width)} height={px(bottom - top)} />
            <rect class="group-bar" x="0" y={px(top)} width="3" height={px(bottom - top)} />
        </>
    }
}

/// One event as a dot, or several as a numbered disc; either is a button (Enter or a click shows
/// the event, or lists the cluster's events). Two DOM nodes, three with a count.
#[inline(never)]
fn marker_glyph(c: &Cluster, lane: &str, cy: f64, acts: &Acts) -> Html {
    let (first, last) = (c.markers[0], c.markers[c.len() - 1]);
    let when = if first.at == last.at {
        format!("at {}", first.at)
    } else {
        format!("from {} to {}", first.at, last.at)
    };
    let text = if c.len() == 1 {
        format!("{} · {}", first.at, first.summary)
    } else {
        let mut names: Vec<String> = c
            .markers
            .iter()
            .take(8)
            .map(|m| format!("{} {}", m.action, m.outcome))
            .collect();
        if c.len() > 8 {
            names.push(format!("and {} more", c.len() - 8));
        }
        format!("{} events {when}: {}", c.len(), names.join(", "))
    };
    let open: Rc<dyn Fn()> = if c.len() == 1 {
        let (selected, seq) = (acts.selected.clone(), first.seq);
        Rc::new(move || selected.set(Some(seq)))
    } else {
        let opened = acts.opened.clone();
        let seqs = Rc::new(c.markers.iter().map(|m| m.seq).collect::<Vec<u64>>());
        let lane = format!("{lane}, {when}");
        Rc::new(move || {
            opened.set(Some(Opened {
                lane: lane.clone(),
                seqs: seqs.clone(),
            }))
        })
    };
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            open();
        }
    });
    let count = (c.len() > 1).then(|| {
        if c.len() > 99 {
            "99+".to_string()
        } else {
            c.len().to_string()
        }
    });
    html! {
        <g class={classes!(if count.is_some() { "cluster" } else { "marker" }, c.outcome(), c.severity())} tabindex="0" role="button"
            aria-label={text.clone()} data-action={first.action.clone()} {onclick} {onkeydown}
            onmouseenter={acts.hover_on::<MouseEvent>(text.clone())} onfocus={acts.hover_on::<FocusEvent>(text)}>
            <circle cx={px(c.x)} cy={px(cy)} r={if count.is_some() { "8" } else { "4.5" }} />
            if let Some(n) = count {
                <text x={px(c.x)} y={px(cy + 3.5)} text-anchor="middle">{ n }</text>
            }
        </g>
    }
}

/// "2026-01-01 00:30": an instant to the minute, for the range line.
fn minute(t: Timestamp) -> String {
    t.to_string()[..16].replace('T', " ")
}

fn step_name(step: Step) -> String {
    let (n, unit) = match step {
        Step::Minutes(n) => (n, "minute"),
        Step::Hours(n) => (n, "hour"),
        Step::Days(n) => (n, "day"),
        Step::Weeks(n) => (n, "week"),
        Step::Months(n) => (n, "month"),
        Step::Years(n) => (n, "year"),
    };
    if n == 1 {
        unit.to_string()
    } else {
        format!("{n} {unit}s")
    }
}

/// `v` held between `lo` and `hi`. Not `f64::clamp`: its panic message prints floats, and core's
/// float printing would add some 20 KB to the wasm (see `px`).
#[allow(clippy::manual_clamp)]
fn within(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
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
        format!("{}…", text.chars().take(max.max(2) - 1).collect::<String>())
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
