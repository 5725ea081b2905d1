//! The model: each key's and deployment's lane, its markers, and the spans of its periods, from
//! the activity log.

use crate::helpers::{
    at, collection, create_key, lane_text, ok, provision, seed_scenario, timeline_text,
};
use byok_engine::{Duration, Sandbox};
use byok_timeline::{Lane, LaneKind};
use serde_json::json;

#[test]
fn the_seed_scenario_has_a_lane_per_key_and_deployment_with_their_periods() {
    let mut sb = Sandbox::new(42);
    let (key_crn, db_crn) = seed_scenario(&mut sb);
    let tl = byok_timeline::build(&sb);

    assert_eq!(
        timeline_text(&tl),
        "\
Key key pg-root-key
  Propagation 2026-01-01T00:30:00Z..2026-01-01T00:35:00Z delete reaches orders-db | delete reaches orders-db 01-01 00:35
  PurgeWait 2026-01-01T00:30:00Z..2026-01-01T04:30:00Z open purge wait (4h) | purge allowed 01-01 04:30
  RestoreWindow 2026-01-01T00:30:00Z..2026-01-31T00:30:00Z open restore window (30d) | restore closes 01-31
  PurgeSchedule 2026-01-01T00:30:00Z..2026-04-01T00:30:00Z open purged at 90d | purged 04-01
Deployment Databases for PostgreSQL orders-db
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:30:00Z provisioning | ready 01-01 00:30
  SoftDeletion 2026-01-01T00:30:00Z..2026-01-10T00:30:00Z open reclaimable | reclaimed for good 01-10
"
    );
    let ids: Vec<(&str, LaneKind)> = tl.lanes.iter().map(|l| (l.id.as_str(), l.kind)).collect();
    assert_eq!(
        ids,
        [
            (key_crn.as_str(), LaneKind::Key),
            (db_crn.as_str(), LaneKind::Deployment)
        ]
    );
    assert_eq!(tl.start, at("2026-01-01T00:00:00Z"), "the first event");
    assert_eq!(tl.now, at("2026-01-01T00:35:00Z"));
    assert_eq!(
        tl.end,
        at("2026-04-01T00:30:00Z"),
        "the 90-day purge is the latest end"
    );
}

#[test]
fn every_event_aimed_at_a_key_or_deployment_is_one_marker_in_log_order() {
    let mut sb = Sandbox::new(42);
    let (key_crn, db_crn) = seed_scenario(&mut sb);
    let tl = byok_timeline::build(&sb);

    let markers = |lane: &Lane| -> String {
        lane.markers
            .iter()
            .map(|m| format!("{} {} {} | {}\n", m.seq, m.at, m.severity, m.summary))
            .collect()
    };
    assert_eq!(
        markers(&tl.lanes[0]),
        "\
2 2026-01-01T00:00:00Z normal | kms.secrets.create success by alice@example.com
4 2026-01-01T00:00:00Z normal | kms.secrets.wrap success by databases-for-postgresql
5 2026-01-01T00:00:00Z normal | kms.registrations.create success by databases-for-postgresql
7 2026-01-01T00:30:00Z normal | kms.secrets.unwrap success by databases-for-postgresql
10 2026-01-01T00:30:00Z critical | kms.secrets.delete success by alice@example.com
12 2026-01-01T00:35:00Z normal | kms.secrets.ack-delete success by databases-for-postgresql
13 2026-01-01T00:35:00Z normal | kms.secrets.endtoenddelete success by Key Protect
"
    );
    assert_eq!(
        markers(&tl.lanes[1]),
        "\
6 2026-01-01T00:00:00Z normal | databases-for-postgresql.instance.create pending by alice@example.com
8 2026-01-01T00:30:00Z normal | databases-for-postgresql.instance.create success by databases-for-postgresql
9 2026-01-01T00:30:00Z normal | databases-for-postgresql.instance.schedule_reclaim success by alice@example.com
11 2026-01-01T00:35:00Z normal | databases-for-postgresql.deployment-volumes.update success by databases-for-postgresql
"
    );
    // The same rule checked against the whole log: each event aimed at a lane's CRN is on that lane,
    // once, in order; the rest (the instance, the authorization policy) are on none.
    for lane in &tl.lanes {
        let expected: Vec<u64> = sb
            .events()
            .iter()
            .filter(|e| e.target.id == lane.id)
            .map(|e| e.seq)
            .collect();
        let drawn: Vec<u64> = lane.markers.iter().map(|m| m.seq).collect();
        assert_eq!(drawn, expected, "{}", lane.label);
    }
    let undrawn: Vec<&str> = sb
        .events()
        .iter()
        .filter(|e| e.target.id != key_crn && e.target.id != db_crn)
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(undrawn, ["kms.instance.create", "iam-am.policy.create"]);
}

#[test]
fn provisioning_is_open_until_the_deployment_is_ready() {
    let mut sb = Sandbox::new(3);
    let (_, key_crn) = create_key(&mut sb, "kk");
    provision(&mut sb, "half-done", &key_crn);
    sb.advance(Duration::minutes(10));
    let tl = byok_timeline::build(&sb);
    assert_eq!(
        lane_text(&tl.lanes[1]),
        "\
Deployment Databases for PostgreSQL half-done
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:10:00Z open provisioning | -
"
    );
    assert_eq!(tl.end, at("2026-01-02T00:00:00Z"), "a day after the start");
}

#[test]
fn a_dual_auth_window_is_cut_by_unset_by_the_next_set_and_by_delete_and_lapses_after_7_days() {
    let mut sb = Sandbox::new(4);
    let (key, _) = create_key(&mut sb, "guarded");
    let policy = collection(
        "policy",
        json!([{ "type": "application/vnd.ibm.kms.policy+json", "dualAuthDelete": { "enabled": true } }]),
    );
    let path = format!("/api/v2/keys/{key}/policies?policy=dualAuthDelete");
    ok(&mut sb, "alice", "PUT", &path, policy, 200);
    let set = format!("/api/v2/keys/{key}/actions/setKeyForDeletion");
    let unset = format!("/api/v2/keys/{key}/actions/unsetKeyForDeletion");

    ok(&mut sb, "alice", "POST", &set, None, 204); // 00:00, cut by unset at 01:00
    sb.advance(Duration::hours(1));
    ok(&mut sb, "carol", "POST", &unset, None, 204);
    sb.advance(Duration::hours(1));
    ok(&mut sb, "alice", "POST", &set, None, 204); // 02:00, replaced by the next set at 03:00
    sb.advance(Duration::hours(1));
    ok(&mut sb, "alice", "POST", &set, None, 204); // 03:00, lapses 7 days later
    sb.advance(Duration::days(8));
    ok(&mut sb, "alice", "POST", &set, None, 204); // 01-09T03:00, cut by bob's delete at 04:00
    sb.advance(Duration::hours(1));
    ok(
        &mut sb,
        "bob",
        "DELETE",
        &format!("/api/v2/keys/{key}"),
        None,
        204,
    );
    sb.advance(Duration::hours(1));
    ok(&mut sb, "alice", "POST", &set, None, 410); // a failed request starts no window

    let tl = byok_timeline::build(&sb);
    assert_eq!(
        lane_text(&tl.lanes[0]),
        "\
Key key guarded
  DualAuthWindow 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z set for deletion (7d) | unset 01-01 01:00
  DualAuthWindow 2026-01-01T02:00:00Z..2026-01-01T03:00:00Z set for deletion (7d) | set again 01-01 03:00
  DualAuthWindow 2026-01-01T03:00:00Z..2026-01-08T03:00:00Z set for deletion (7d) | authorization lapses 01-08
  DualAuthWindow 2026-01-09T03:00:00Z..2026-01-09T04:00:00Z set for deletion (7d) | deleted 01-09 04:00
  PurgeWait 2026-01-09T04:00:00Z..2026-01-09T08:00:00Z open purge wait (4h) | purge allowed 01-09 08:00
  RestoreWindow 2026-01-09T04:00:00Z..2026-02-08T04:00:00Z open restore window (30d) | restore closes 02-08
  PurgeSchedule 2026-01-09T04:00:00Z..2026-04-09T04:00:00Z open purged at 90d | purged 04-09
"
    );
}

#[test]
fn an_open_dual_auth_window_runs_past_now() {
    let mut sb = Sandbox::new(4);
    let (key, _) = create_key(&mut sb, "guarded");
    let policy = collection(
        "policy",
        json!([{ "type": "application/vnd.ibm.kms.policy+json", "dualAuthDelete": { "enabled": true } }]),
    );
    ok(
        &mut sb,
        "alice",
        "PUT",
        &format!("/api/v2/keys/{key}/policies?policy=dualAuthDelete"),
        policy,
        200,
    );
    ok(
        &mut sb,
        "alice",
        "POST",
        &format!("/api/v2/keys/{key}/actions/setKeyForDeletion"),
        None,
        204,
    );
    sb.advance(Duration::days(1));
    let tl = byok_timeline::build(&sb);
    assert_eq!(
        lane_text(&tl.lanes[0]),
        "\
Key key guarded
  DualAuthWindow 2026-01-01T00:00:00Z..2026-01-08T00:00:00Z open set for deletion (7d) | authorization lapses 01-08
"
    );
    assert_eq!(tl.end, at("2026-01-08T00:00:00Z"));
}

#[test]
fn a_purge_cuts_the_deletion_periods_and_the_purged_key_keeps_its_lane() {
    let mut sb = Sandbox::new(5);
    let (key, key_crn) = create_key(&mut sb, "short-lived");
    create_key(&mut sb, "bystander");
    ok(
        &mut sb,
        "alice",
        "DELETE",
        &format!("/api/v2/keys/{key}"),
        None,
        204,
    );
    sb.advance(Duration::hours(5));
    let roles = json!({ "kms": ["Manager", "KeyPurge"] });
    ok(
        &mut sb,
        "alice",
        "PUT",
        "/sandbox/v1/users/alice/roles",
        Some(roles),
        204,
    );
    ok(
        &mut sb,
        "alice",
        "DELETE",
        &format!("/api/v2/keys/{key}/purge"),
        None,
        200,
    );
    assert!(
        sb.keys().all(|k| k.crn != key_crn),
        "the key is gone from the state"
    );

    let tl = byok_timeline::build(&sb);
    assert_eq!(
        timeline_text(&tl),
        "\
Key key short-lived
  PurgeWait 2026-01-01T00:00:00Z..2026-01-01T04:00:00Z purge wait (4h) | purge allowed 01-01 04:00
  RestoreWindow 2026-01-01T00:00:00Z..2026-01-01T05:00:00Z restore window (30d) | purged 01-01 05:00
  PurgeSchedule 2026-01-01T00:00:00Z..2026-01-01T05:00:00Z purged at 90d | purged 01-01 05:00
Key key bystander
"
    );
    assert_eq!(tl.lanes[0].id, key_crn);
    let last = tl.lanes[0].markers.last().unwrap();
    assert_eq!(
        last.summary,
        "kms.secrets.purge success by alice@example.com"
    );
}

#[test]
fn a_restore_cuts_the_deletion_periods_and_a_second_delete_starts_them_again() {
    let mut sb = Sandbox::new(6);
    let (key, _) = create_key(&mut sb, "undecided");
    ok(
        &mut sb,
        "alice",
        "DELETE",
        &format!("/api/v2/keys/{key}"),
        None,
        204,
    );
    sb.advance(Duration::hours(1));
    ok(
        &mut sb,
        "alice",
        "POST",
        &format!("/api/v2/keys/{key}/restore"),
        None,
        201,
    );
    sb.advance(Duration::hours(1));
    ok(
        &mut sb,
        "alice",
        "DELETE",
        &format!("/api/v2/keys/{key}"),
        None,
        204,
    );
    sb.advance(Duration::days(91));

    // The second deletion runs its course: Key Protect purges the key at 90 days.
    let tl = byok_timeline::build(&sb);
    assert_eq!(
        lane_text(&tl.lanes[0]),
        "\
Key key undecided
  PurgeWait 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z purge wait (4h) | restored 01-01 01:00
  RestoreWindow 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z restore window (30d) | restored 01-01 01:00
  PurgeSchedule 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z purged at 90d | restored 01-01 01:00
  PurgeWait 2026-01-01T02:00:00Z..2026-01-01T06:00:00Z purge wait (4h) | purge allowed 01-01 06:00
  RestoreWindow 2026-01-01T02:00:00Z..2026-01-31T02:00:00Z restore window (30d) | restore closes 01-31
  PurgeSchedule 2026-01-01T02:00:00Z..2026-04-01T02:00:00Z purged at 90d | purged 04-01
"
    );
    let last = tl.lanes[0].markers.last().unwrap();
    assert_eq!(last.summary, "kms.secrets.purge success by Key Protect");
}

#[test]
fn a_rotation_propagates_to_the_deployment_which_then_syncs_its_kms_state() {
    let mut sb = Sandbox::new(7);
    let (key, key_crn) = create_key(&mut sb, "disk-key");
    provision(&mut sb, "ledger", &key_crn);
    sb.advance(Duration::minutes(30));
    ok(
        &mut sb,
        "alice",
        "POST",
        &format!("/api/v2/keys/{key}/actions/rotate"),
        None,
        204,
    );
    sb.advance(Duration::minutes(20));
    ok(
        &mut sb,
        "alice",
        "POST",
        &format!("/api/v2/keys/{key}/actions/disable"),
        None,
        204,
    );
    sb.advance(Duration::minutes(10));

    let tl = byok_timeline::build(&sb);
    assert_eq!(
        timeline_text(&tl),
        "\
Key key disk-key
  Propagation 2026-01-01T00:30:00Z..2026-01-01T00:35:00Z rotate reaches ledger | rotate reaches ledger 01-01 00:35
  Propagation 2026-01-01T00:50:00Z..2026-01-01T00:55:00Z disable reaches ledger | disable reaches ledger 01-01 00:55
Deployment Databases for PostgreSQL ledger
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:30:00Z provisioning | ready 01-01 00:30
  KmsSync 2026-01-01T00:35:00Z..2026-01-01T00:45:00Z syncing KMS state | synced 01-01 00:45
"
    );
}

#[test]
fn a_reclaimed_deployment_keeps_its_lane_and_a_restore_ends_a_soft_deletion() {
    let mut sb = Sandbox::new(8);
    let (_, key_crn) = create_key(&mut sb, "kk");
    let (db, db_crn) = provision(&mut sb, "scratch", &key_crn);
    sb.advance(Duration::minutes(30));
    let path = format!("/v2/resource_instances/{db}");
    ok(&mut sb, "alice", "DELETE", &path, None, 204);
    sb.advance(Duration::days(1));
    let reclamation = ok(&mut sb, "alice", "GET", "/v1/reclamations", None, 200)["resources"][0]
        ["id"]
        .as_str()
        .unwrap()
        .to_string();
    let restore = format!("/v1/reclamations/{reclamation}/actions/restore");
    ok(&mut sb, "alice", "POST", &restore, None, 200);
    sb.advance(Duration::days(1));
    ok(&mut sb, "alice", "DELETE", &path, None, 204);
    sb.advance(Duration::days(10));
    assert!(
        sb.deployments().next().is_none(),
        "the period ended: the deployment is gone"
    );

    let tl = byok_timeline::build(&sb);
    assert_eq!(tl.lanes[1].id, db_crn);
    assert_eq!(
        lane_text(&tl.lanes[1]),
        "\
Deployment Databases for PostgreSQL scratch
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:30:00Z provisioning | ready 01-01 00:30
  SoftDeletion 2026-01-01T00:30:00Z..2026-01-02T00:30:00Z reclaimable | restored 01-02 00:30
  SoftDeletion 2026-01-03T00:30:00Z..2026-01-12T00:30:00Z reclaimable | reclaimed for good 01-12
"
    );
    let last = tl.lanes[1].markers.last().unwrap();
    assert_eq!(
        (last.at, last.action.as_str()),
        (
            at("2026-01-12T00:30:00Z"),
            "databases-for-postgresql.instance.delete"
        )
    );
}
