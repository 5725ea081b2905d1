//! The layout: markers clustered, spans stacked in tracks with their end labels.

use crate::helpers::{at, seed_scenario};
use byok_engine::{Duration, Sandbox};

/// Events at the same instant, or a few pixels apart, are one glyph with a count; zoomed in, they
/// come apart by instant. Glyphs are never closer than the clustering distance.
#[test]
fn markers_close_together_are_clustered_with_a_count() {
    use byok_timeline::axis::Scale;
    use byok_timeline::layout::clusters;
    let mut sb = Sandbox::new(42);
    seed_scenario(&mut sb);
    let tl = byok_timeline::build(&sb);
    let counts = |from: &str, to: &str| -> Vec<String> {
        let scale = Scale {
            from: at(from),
            to: at(to),
            left: 230.0,
            width: 940.0,
        };
        tl.visible(scale.from, scale.to, "")
            .iter()
            .map(|v| {
                let cs = clusters(&v.markers, &scale, 14.0);
                for w in cs.windows(2) {
                    assert!(w[1].x - w[0].x >= 14.0, "glyphs overlap");
                }
                let parts: Vec<String> = cs
                    .iter()
                    .map(|c| {
                        let (_, _, _, secs) = c.markers[0].at.civil();
                        format!("{}x{:02}:{:02}", c.len(), secs / 3600, secs % 3600 / 60)
                    })
                    .collect();
                format!("{}: {}", v.lane.label, parts.join(" "))
            })
            .collect()
    };
    // The whole 90 days: each lane's events are one cluster.
    assert_eq!(
        counts("2026-01-01T00:00:00Z", "2026-04-03T00:00:00Z"),
        [
            "key pg-root-key: 7x00:00",
            "Databases for PostgreSQL orders-db: 4x00:00"
        ]
    );
    // An hour: by instant (create, wrap and registration at 00:00; unwrap and delete at 00:30; the
    // acknowledgement and endtoenddelete at 00:35).
    assert_eq!(
        counts("2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"),
        [
            "key pg-root-key: 3x00:00 2x00:30 2x00:35",
            "Databases for PostgreSQL orders-db: 1x00:00 2x00:30 1x00:35"
        ]
    );
}

/// Each span is labelled with what ends it, inside its bar when the text fits there, else just
/// after its end; within a track nothing overlaps, and every label stays inside the drawing. The
/// long periods get the tracks first; the short propagation goes to the markers' row when no
/// track has room.
#[test]
fn spans_are_stacked_in_tracks_with_their_end_labels_clear_of_each_other() {
    use byok_timeline::axis::{Metrics, Scale};
    use byok_timeline::layout::place_spans;
    let mut sb = Sandbox::new(42);
    seed_scenario(&mut sb);
    sb.advance(Duration::hours(1));
    let tl = byok_timeline::build(&sb);
    let m = Metrics::APP;
    let layout = |from: &str, to: &str, left: f64, width: f64| -> String {
        let scale = Scale {
            from: at(from),
            to: at(to),
            left,
            width,
        };
        let mut out = String::new();
        for v in tl.visible(scale.from, scale.to, "") {
            let spans: Vec<_> = v
                .lane
                .spans
                .iter()
                .filter(|s| s.end >= scale.from && s.start <= scale.to)
                .collect();
            let placed = place_spans(&spans, &scale, &m, 4);
            out += &format!("{} ({} tracks)\n", v.lane.label, placed.tracks);
            for p in &placed.placed {
                let track = p
                    .track
                    .map_or("markers".to_string(), |t| format!("track {t}"));
                let label = p.label.as_ref().map_or("no label".to_string(), |l| {
                    assert!(
                        l.extent.0 >= left && l.extent.1 <= left + width,
                        "{} runs out",
                        l.text
                    );
                    format!(
                        "\"{}\" {}",
                        l.text,
                        if l.inside { "inside" } else { "after" }
                    )
                });
                out += &format!("  {:?}: {track}, {label}\n", spans[p.index].kind);
            }
            for (i, a) in placed.placed.iter().enumerate() {
                for b in &placed.placed[i + 1..] {
                    if a.track.is_none() || a.track != b.track {
                        continue;
                    }
                    let reach = |p: &byok_timeline::layout::Placed| {
                        (
                            p.x0,
                            p.label.as_ref().map_or(p.x1, |l| l.extent.1.max(p.x1)),
                        )
                    };
                    let ((a0, a1), (b0, b1)) = (reach(a), reach(b));
                    assert!(a1 + m.gap <= b0 || b1 + m.gap <= a0, "overlap in a track");
                }
            }
        }
        out
    };
    // The whole 90 days on a desktop: the 4-hour wait is a sliver, labelled after its end.
    assert_eq!(
        layout("2026-01-01T00:00:00Z", "2026-04-03T00:00:00Z", 230.0, 940.0),
        "\
key pg-root-key (3 tracks)
  Propagation: markers, no label
  PurgeWait: track 0, \"purge allowed 01-01 04:30\" after
  RestoreWindow: track 1, \"restore closes 01-31\" inside
  PurgeSchedule: track 2, \"purged 04-01\" inside
Databases for PostgreSQL orders-db (2 tracks)
  Provisioning: track 0, \"ready 01-01 00:30\" after
  SoftDeletion: track 1, \"reclaimed for good 01-10\" after
"
    );
    // Six hours on a phone: the wait's label fits neither in its bar nor after it (the hover line
    // says it); the windows running on past the view say their ends against its right edge.
    assert_eq!(
        layout("2026-01-01T00:00:00Z", "2026-01-01T06:00:00Z", 110.0, 220.0),
        "\
key pg-root-key (3 tracks)
  Propagation: markers, no label
  PurgeWait: track 0, no label
  RestoreWindow: track 1, \"restore closes 01-31\" inside
  PurgeSchedule: track 2, \"purged 04-01\" inside
Databases for PostgreSQL orders-db (2 tracks)
  Provisioning: track 0, \"ready 01-01 00:30\" after
  SoftDeletion: track 1, \"reclaimed for good 01-10\" inside
"
    );
}
