//! The views: lanes filtered and grouped under their keys, spans and markers clipped to a window.

use crate::helpers::{at, create_key, provision, seed_scenario};
use byok_engine::Sandbox;
use byok_timeline::Lane;

#[test]
fn filtered_matches_label_or_id_without_regard_to_case() {
    let mut sb = Sandbox::new(42);
    let (key_crn, db_crn) = seed_scenario(&mut sb);
    let tl = byok_timeline::build(&sb);
    let ids = |lanes: Vec<&Lane>| -> Vec<String> { lanes.iter().map(|l| l.id.clone()).collect() };
    let (key, db) = (key_crn.as_str(), db_crn.as_str());

    assert_eq!(ids(tl.filtered("")), [key, db]);
    assert_eq!(ids(tl.filtered("  ")), [key, db]);
    assert_eq!(ids(tl.filtered("ORDERS")), [db], "by label");
    assert_eq!(
        ids(tl.filtered("postgresql")),
        [db],
        "the service in the label and CRN"
    );
    assert_eq!(ids(tl.filtered(":KEY:")), [key], "by CRN");
    assert_eq!(ids(tl.filtered("pg-root")), [key], "by label");
    assert!(tl.filtered("no such thing").is_empty());
}

#[test]
fn visible_clips_straddling_spans_and_drops_markers_outside_the_window() {
    let mut sb = Sandbox::new(42);
    seed_scenario(&mut sb);
    let tl = byok_timeline::build(&sb);

    // 00:20 to 00:32 catches the end of provisioning and the first two minutes after the deletions.
    let views = tl.visible(at("2026-01-01T00:20:00Z"), at("2026-01-01T00:32:00Z"), "");
    let text: String = views
        .iter()
        .map(|v| {
            let mut out = format!("{}\n", v.lane.label);
            for s in &v.spans {
                out += &format!(
                    "  {:?} {}..{}{}\n",
                    s.kind,
                    s.start,
                    s.end,
                    if s.open { " open" } else { "" }
                );
            }
            for m in &v.markers {
                out += &format!("  #{} {}\n", m.seq, m.action);
            }
            out
        })
        .collect();
    assert_eq!(
        text,
        "\
key pg-root-key
  Propagation 2026-01-01T00:30:00Z..2026-01-01T00:32:00Z
  PurgeWait 2026-01-01T00:30:00Z..2026-01-01T00:32:00Z open
  RestoreWindow 2026-01-01T00:30:00Z..2026-01-01T00:32:00Z open
  PurgeSchedule 2026-01-01T00:30:00Z..2026-01-01T00:32:00Z open
  #7 kms.secrets.unwrap
  #10 kms.secrets.delete
Databases for PostgreSQL orders-db
  Provisioning 2026-01-01T00:20:00Z..2026-01-01T00:30:00Z
  SoftDeletion 2026-01-01T00:30:00Z..2026-01-01T00:32:00Z open
  #8 databases-for-postgresql.instance.create
  #9 databases-for-postgresql.instance.schedule_reclaim
"
    );

    // A window after everything but the long periods: lanes stay, with what reaches into it.
    let later = tl.visible(
        at("2026-02-01T00:00:00Z"),
        at("2026-02-02T00:00:00Z"),
        "orders",
    );
    assert_eq!(later.len(), 1);
    assert!(later[0].spans.is_empty() && later[0].markers.is_empty());
    let later = tl.visible(
        at("2026-02-01T00:00:00Z"),
        at("2026-02-02T00:00:00Z"),
        "key",
    );
    let kinds: Vec<String> = later[0]
        .spans
        .iter()
        .map(|s| format!("{:?} {}..{}", s.kind, s.start, s.end))
        .collect();
    assert_eq!(
        kinds,
        ["PurgeSchedule 2026-02-01T00:00:00Z..2026-02-02T00:00:00Z"]
    );
}

/// A deployment's lane follows its key's lane (its group), even when another key came between
/// them in the log; filtered apart from its key, it stands on its own.
#[test]
fn a_deployment_is_grouped_under_the_key_it_is_registered_on() {
    let mut sb = Sandbox::new(42);
    let (_, key_crn) = create_key(&mut sb, "pg-root-key");
    let (_, other_crn) = create_key(&mut sb, "other-key");
    let (_, db_crn) = provision(&mut sb, "orders-db", &key_crn);
    let tl = byok_timeline::build(&sb);
    assert_eq!(
        tl.lanes.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
        [key_crn.as_str(), other_crn.as_str(), db_crn.as_str()],
        "the model keeps the order of first appearance"
    );
    assert_eq!(tl.lanes[2].key_lane, Some(0), "the key's lane");
    let shown = |filter: &str| -> Vec<(String, bool)> {
        tl.visible(tl.start, tl.end, filter)
            .iter()
            .map(|v| (v.lane.label.clone(), v.nested))
            .collect()
    };
    let owned = |v: &[(&str, bool)]| -> Vec<(String, bool)> {
        v.iter().map(|(l, n)| (l.to_string(), *n)).collect()
    };
    assert_eq!(
        shown(""),
        owned(&[
            ("key pg-root-key", false),
            ("Databases for PostgreSQL orders-db", true),
            ("key other-key", false),
        ])
    );
    assert_eq!(
        shown("orders"),
        owned(&[("Databases for PostgreSQL orders-db", false)])
    );
    assert_eq!(
        tl.filtered("")
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>(),
        [key_crn.as_str(), db_crn.as_str(), other_crn.as_str()]
    );
}
