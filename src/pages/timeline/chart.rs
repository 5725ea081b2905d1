//! The lanes drawn: each lane's label, its periods as bars in tracks (labelled with what ends
//! them), its events as markers (close ones clustered with a count), a key's group shaded; within
//! fixed bounds on bars and marker nodes.

use std::rc::Rc;

use yew::prelude::*;

use super::words::{px, short_label, truncate};
use byok_timeline::axis::{Metrics, Scale};
use byok_timeline::layout::{self, Cluster};
use byok_timeline::LaneView;

/// The axis: tick labels, then the now line's label under them.
pub const AXIS: f64 = 36.0;
/// A lane: its markers' row, then a track per stack of periods.
const MARKER_ROW: f64 = 24.0;
const TRACK: f64 = 16.0;
const MAX_TRACKS: usize = 4;
/// Markers closer than this to a cluster's first one join it (a cluster's glyph is 16 px wide).
const CLUSTER_PX: f64 = 16.0;
/// At most this many bars and marker nodes are drawn at once, so the page stays small at any
/// scale; a cluster costs three nodes, a single marker two.
const MAX_MARKER_NODES: usize = 300;
const MAX_SPANS: usize = 240;

/// The events of a clicked cluster, listed under the chart.
#[derive(Clone, PartialEq)]
pub struct Opened {
    pub lane: String,
    pub seqs: Rc<Vec<u64>>,
}

/// What the chart's shapes do when pointed at or clicked.
pub struct Acts {
    pub hover: UseStateHandle<String>,
    pub selected: UseStateHandle<Option<u64>>,
    pub opened: UseStateHandle<Option<Opened>>,
}

impl Acts {
    fn hover_on<E: 'static>(&self, text: String) -> Callback<E> {
        let hover = self.hover.clone();
        Callback::from(move |_| hover.set(text.clone()))
    }
}

/// The lanes drawn, with what the page says around them.
pub struct Chart {
    /// The shading of the key groups, drawn first.
    pub groups: Html,
    pub rows: Html,
    pub height: f64,
    pub hidden_markers: usize,
}

impl Chart {
    #[inline(never)]
    pub fn draw(
        lanes: &[LaneView],
        scale: &Scale,
        m: &Metrics,
        label_w: f64,
        acts: &Acts,
    ) -> Chart {
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
            let spans: Vec<&byok_timeline::Span> = lv
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
