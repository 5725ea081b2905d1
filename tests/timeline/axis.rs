//! The time axis: its ticks at every zoom.

use crate::helpers::at;
use byok_engine::Duration;

/// The axis at every zoom from an hour to two years, at a phone's width and a desktop's, from a
/// round start and from an awkward one: every tick is a round instant of the chosen step, inside
/// the view; labels are inside the drawing and never overlap; there are always at least two; and
/// the step is the finest whose labels fit, so a wider drawing never gets a coarser step.
#[test]
fn ticks_are_round_and_their_labels_never_overlap_at_every_zoom_from_an_hour_to_two_years() {
    use byok_timeline::axis::{ticks, Metrics, Scale, Step, STEPS};
    let m = Metrics::APP;
    let zooms = [
        Duration::hours(1),
        Duration::hours(2),
        Duration::hours(3),
        Duration::hours(6),
        Duration::hours(12),
        Duration::days(1),
        Duration::days(2),
        Duration::days(4),
        Duration::days(7),
        Duration::days(14),
        Duration::days(30),
        Duration::days(91),
        Duration::days(182),
        Duration::days(365),
        Duration::days(730),
    ];
    let starts = [
        at("2026-01-01T00:00:00Z"),
        at("2026-03-30T17:23:41Z"),
        at("2027-12-31T23:59:59Z"),
    ];
    // (left edge of the plot, its width, the drawing's width): a 360 px phone and a desktop.
    let layouts = [(110.0, 220.0, 340.0), (230.0, 940.0, 1180.0)];
    for &(left, width, total) in &layouts {
        let mut previous = 0;
        for zoom in zooms {
            for from in starts {
                let scale = Scale {
                    from,
                    to: from + zoom,
                    left,
                    width,
                };
                let (step, ts) = ticks(&scale, &m, (0.0, total));
                let what = format!("{zoom} from {from} over {width} px: {step:?}");
                assert!(ts.len() >= 2, "{what}: {} ticks", ts.len());
                for t in &ts {
                    assert!(step.is_round(t.at), "{what}: {} is not round", t.at);
                    assert!(
                        from <= t.at && t.at <= from + zoom,
                        "{what}: {} outside",
                        t.at
                    );
                    let (a, b) = t.extent(&m);
                    assert!(a >= 0.0 && b <= total, "{what}: label {} runs out", t.label);
                    assert!(t.label.chars().count() <= 5, "{what}: label {}", t.label);
                }
                for w in ts.windows(2) {
                    assert!(
                        w[1].extent(&m).0 - w[0].extent(&m).1 >= m.gap,
                        "{what}: {} and {} overlap",
                        w[0].label,
                        w[1].label
                    );
                }
                let rank = STEPS.iter().position(|s| *s == step).unwrap();
                if from == starts[0] {
                    assert!(rank >= previous, "{what}: a longer view got a finer step");
                    previous = rank;
                }
                // The next finer step would not have fitted: its spacing is too small for a label,
                // or (same spacing class) the chosen one is the first that fits.
                if rank > 0 {
                    let finer = STEPS[rank - 1];
                    let spacing = finer.shortest().0 as f64 * scale.px_per_second();
                    let widest = m.width("00:00") + m.gap;
                    assert!(
                        spacing < widest + 2.0 * m.char_px
                            || matches!(finer, Step::Months(_) | Step::Years(_) | Step::Weeks(_)),
                        "{what}: {finer:?} ({spacing:.0} px apart) would have fitted"
                    );
                }
            }
        }
    }
    // What a desktop shows, as text: the step and the labels.
    let axis = |from: &str, zoom: Duration| {
        let from = at(from);
        let scale = Scale {
            from,
            to: from + zoom,
            left: 230.0,
            width: 940.0,
        };
        let (step, ts) = ticks(&scale, &m, (0.0, 1180.0));
        let labels: Vec<&str> = ts.iter().map(|t| t.label.as_str()).collect();
        format!("{step:?}: {}", labels.join(" "))
    };
    assert_eq!(
        axis("2026-01-01T00:00:00Z", Duration::hours(1)),
        "Minutes(5): 2026 00:05 00:10 00:15 00:20 00:25 00:30 00:35 00:40 00:45 00:50 00:55"
    );
    assert_eq!(
        axis("2026-01-01T22:00:00Z", Duration::hours(6)),
        "Minutes(30): 22:00 22:30 23:00 23:30 01-02 00:30 01:00 01:30 02:00 02:30 03:00 03:30"
    );
    assert_eq!(
        axis("2026-01-01T00:00:00Z", Duration::days(91)),
        "Weeks(1): 01-05 01-12 01-19 01-26 02-02 02-09 02-16 02-23 03-02 03-09 03-16 03-23 03-30"
    );
    assert_eq!(
        axis("2026-01-01T00:00:00Z", Duration::days(730)),
        "Months(3): 2026 Apr Jul Oct 2027 Apr Jul Oct"
    );
}
