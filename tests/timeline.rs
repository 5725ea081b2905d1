//! The timeline model: lanes, spans and markers derived from the activity log, driven through the
//! request face as the JavaScript API and the app drive it, and compared as readable text.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web.rs) leave it out.
#![cfg(not(target_arch = "wasm32"))]

use byok_sandbox::engine::{Duration, Request, Response, Sandbox, Timestamp};
use byok_sandbox::timeline::{self, Lane, LaneKind, Timeline};
use serde_json::{json, Value};

/// A request from `user` (alice, bob, carol, dave) to the sandbox's first Key Protect instance.
fn send(sb: &mut Sandbox, user: &str, method: &str, path: &str, body: Option<Value>) -> Response {
    let token = sb.user_by_name(user).expect("a default user").token.clone();
    let instance = sb.instances()[0].guid.clone();
    let mut req = Request::new(method, path)
        .header("authorization", &format!("Bearer {token}"))
        .header("bluemix-instance", &instance);
    req.body = body;
    sb.request(&req)
}

/// Sends and checks the status, so a scenario that went wrong fails where it went wrong.
fn ok(
    sb: &mut Sandbox,
    user: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let resp = send(sb, user, method, path, body);
    assert_eq!(resp.status, status, "{method} {path}: {:?}", resp.body);
    resp.body.unwrap_or(Value::Null)
}

fn collection(kind: &str, resources: Value) -> Option<Value> {
    Some(json!({
        "metadata": { "collectionType": format!("application/vnd.ibm.kms.{kind}+json"), "collectionTotal": 1 },
        "resources": resources,
    }))
}

/// Creates a root key; answers (id, CRN).
fn create_key(sb: &mut Sandbox, name: &str) -> (String, String) {
    let body = collection(
        "key",
        json!([{ "type": "application/vnd.ibm.kms.key+json", "name": name, "extractable": false }]),
    );
    let created = ok(sb, "alice", "POST", "/api/v2/keys", body, 201);
    let key = &created["resources"][0];
    (
        key["id"].as_str().unwrap().to_string(),
        key["crn"].as_str().unwrap().to_string(),
    )
}

/// Authorizes Databases for PostgreSQL on the instance and provisions `name` with `key_crn`; answers
/// the deployment's (GUID, CRN).
fn provision(sb: &mut Sandbox, name: &str, key_crn: &str) -> (String, String) {
    let guid = sb.instances()[0].guid.clone();
    if sb.authorizations().is_empty() {
        let policy = json!({ "type": "authorization",
            "subjects": [{ "attributes": [{ "name": "serviceName", "value": "databases-for-postgresql" }] }],
            "roles": [{ "role_id": "crn:v1:bluemix:public:iam::::serviceRole:Reader" }],
            "resources": [{ "attributes": [{ "name": "serviceName", "value": "kms" },
                                            { "name": "serviceInstance", "value": guid }] }] });
        ok(sb, "alice", "POST", "/v1/policies", Some(policy), 201);
    }
    let body = json!({ "name": name, "target": "us-south", "resource_group": "Default",
        "resource_plan_id": "databases-for-postgresql-standard",
        "parameters": { "disk_encryption_key_crn": key_crn } });
    let db = ok(
        sb,
        "alice",
        "POST",
        "/v2/resource_instances",
        Some(body),
        201,
    );
    (
        db["guid"].as_str().unwrap().to_string(),
        db["crn"].as_str().unwrap().to_string(),
    )
}

/// The documentation's path: a key, the authorization, a deployment provisioned with the key (30
/// minutes), the deployment deleted (soft), the key force-deleted, 5 minutes for the event to reach
/// the deployment. Answers (key CRN, deployment CRN).
fn seed_scenario(sb: &mut Sandbox) -> (String, String) {
    let (key, key_crn) = create_key(sb, "pg-root-key");
    let (db, db_crn) = provision(sb, "orders-db", &key_crn);
    sb.advance(Duration::minutes(30));
    ok(
        sb,
        "alice",
        "DELETE",
        &format!("/v2/resource_instances/{db}"),
        None,
        204,
    );
    ok(
        sb,
        "alice",
        "DELETE",
        &format!("/api/v2/keys/{key}?force=true"),
        None,
        204,
    );
    sb.advance(Duration::minutes(5));
    (key_crn, db_crn)
}

/// A lane as text: its kind and label, then one line per span ("Kind start..end open label |
/// end label", the end label saying what ends it).
fn lane_text(lane: &Lane) -> String {
    let mut out = format!("{:?} {}\n", lane.kind, lane.label);
    for s in &lane.spans {
        out += &format!(
            "  {:?} {}..{}{} {} | {}\n",
            s.kind,
            s.start,
            s.end,
            if s.open { " open" } else { "" },
            s.label,
            s.end_label().as_deref().unwrap_or("-")
        );
    }
    out
}

fn timeline_text(tl: &Timeline) -> String {
    tl.lanes.iter().map(lane_text).collect()
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("an RFC 3339 instant")
}

#[test]
fn the_seed_scenario_has_a_lane_per_key_and_deployment_with_their_periods() {
    let mut sb = Sandbox::new(42);
    let (key_crn, db_crn) = seed_scenario(&mut sb);
    let tl = timeline::build(&sb);

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
    let tl = timeline::build(&sb);

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
    let tl = timeline::build(&sb);
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

    let tl = timeline::build(&sb);
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
    let tl = timeline::build(&sb);
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

    let tl = timeline::build(&sb);
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
    let tl = timeline::build(&sb);
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

    let tl = timeline::build(&sb);
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

    let tl = timeline::build(&sb);
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

#[test]
fn filtered_matches_label_or_id_without_regard_to_case() {
    let mut sb = Sandbox::new(42);
    let (key_crn, db_crn) = seed_scenario(&mut sb);
    let tl = timeline::build(&sb);
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
    let tl = timeline::build(&sb);

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

/// A timeline built earlier, adjusted with `Span::at`, draws what a fresh build draws, as long as
/// no event happened in between: the provisioning span runs on, the 90-day purge closes on time.
#[test]
fn spans_adjusted_to_a_later_now_match_a_fresh_build() {
    use byok_sandbox::engine::command::{Command, KmsOp, NewKey, Outcome};
    use byok_sandbox::engine::Actor;
    use byok_sandbox::timeline::{build, Span};
    let mut sb = Sandbox::new(31);
    let alice = Actor::User(sb.users()[0].id.clone());
    let instance = sb.instances()[0].guid.clone();
    let Ok(Outcome::Key(k)) = sb.apply(
        &alice,
        Command::Kms {
            instance: instance.clone(),
            op: KmsOp::CreateKey(NewKey {
                name: "kk".into(),
                ..NewKey::default()
            }),
        },
    ) else {
        panic!()
    };
    sb.apply(
        &alice,
        Command::Kms {
            instance,
            op: KmsOp::DeleteKey {
                key: k.id.clone(),
                force: false,
            },
        },
    )
    .unwrap();
    // A deployment that provisions for a day: its provisioning span is pinned to now meanwhile.
    sb.apply(
        &alice,
        Command::SetTimings {
            reclamation_period: None,
            provisioning_time: Some(Duration::days(1)),
            propagation_delay: None,
        },
    )
    .unwrap();
    let new = byok_sandbox::engine::command::NewDeployment {
        name: "db".into(),
        service: "databases-for-redis".into(),
        region: "us-south".into(),
        plan: "databases-for-redis-standard".into(),
        ..Default::default()
    };
    sb.apply(
        &alice,
        Command::Db(byok_sandbox::engine::command::DbOp::Provision(new)),
    )
    .unwrap();
    let built = build(&sb);
    assert!(
        built
            .lanes
            .iter()
            .flat_map(|l| &l.spans)
            .any(|s| s.open && s.end == built.now),
        "a span pinned to now"
    );
    // Four hours on, the purge wait has closed: `at` must close it too.
    for step in [Duration::hours(1), Duration::hours(4)] {
        let events = sb.events().len();
        sb.advance(step);
        assert_eq!(
            sb.events().len(),
            events,
            "no event may happen in this step"
        );
        let fresh = build(&sb);
        for (old, new) in built.lanes.iter().zip(&fresh.lanes) {
            let adjusted: Vec<Span> = old
                .spans
                .iter()
                .map(|s| s.at(built.now, sb.now()))
                .collect();
            assert_eq!(adjusted, new.spans, "lane {}", old.label);
        }
    }
}

/// Updating a builder after every step gives exactly what a fresh build gives, through provisioning,
/// rotations and their syncs, disable and enable, soft deletion, a shred, a restore, a purge and
/// the clock's own work; and a shorter log (another sandbox) starts it over.
#[test]
fn an_incremental_timeline_matches_a_fresh_build_after_every_step() {
    use byok_sandbox::engine::command::{
        Command, DbOp, IamOp, KmsOp, NewAuthorization, NewDeployment, NewKey, Outcome,
    };
    use byok_sandbox::engine::iam::ServiceRole;
    use byok_sandbox::engine::{Actor, KpRole};
    use byok_sandbox::timeline::{build, Builder};

    let mut sb = Sandbox::new(77);
    let alice = Actor::User(sb.users()[0].id.clone());
    let instance = sb.instances()[0].guid.clone();
    let mut builder = Builder::default();
    let mut check = |sb: &Sandbox, what: &str| {
        assert_eq!(builder.update(sb), &build(sb), "after {what}");
    };
    check(&sb, "a new sandbox");
    sb.apply(
        &alice,
        Command::SetKmsRoles {
            user: "alice".into(),
            roles: vec![KpRole::Manager, KpRole::KeyPurge],
        },
    )
    .unwrap();
    let kms = |op| Command::Kms {
        instance: instance.clone(),
        op,
    };
    let Ok(Outcome::Key(k)) = sb.apply(
        &alice,
        kms(KmsOp::CreateKey(NewKey {
            name: "root".into(),
            ..NewKey::default()
        })),
    ) else {
        panic!()
    };
    let auth = NewAuthorization {
        source_service: "databases-for-postgresql".into(),
        target_service: "kms".into(),
        roles: vec![ServiceRole::Reader],
        ..NewAuthorization::default()
    };
    sb.apply(&alice, Command::Iam(IamOp::CreateAuthorization(auth)))
        .unwrap();
    check(&sb, "a key and an authorization");
    let new = NewDeployment {
        name: "orders".into(),
        service: "databases-for-postgresql".into(),
        region: "us-south".into(),
        plan: "databases-for-postgresql-standard".into(),
        disk_key_crn: Some(k.crn.clone()),
        ..NewDeployment::default()
    };
    let Ok(Outcome::Deployment(d)) = sb.apply(&alice, Command::Db(DbOp::Provision(new))) else {
        panic!()
    };
    check(&sb, "provisioning");
    for (step, op) in [
        (
            "rotate",
            KmsOp::Rotate {
                key: k.id.clone(),
                payload: None,
            },
        ),
        ("disable", KmsOp::Disable { key: k.id.clone() }),
        ("enable", KmsOp::Enable { key: k.id.clone() }),
        (
            "set a rotation policy",
            KmsOp::SetPolicies {
                key: k.id.clone(),
                rotation: Some(byok_sandbox::engine::kms::RotationPolicy {
                    enabled: true,
                    interval_month: 1,
                }),
                dual_auth_delete: None,
            },
        ),
    ] {
        sb.advance(Duration::hours(1));
        check(&sb, "an hour");
        sb.apply(&alice, kms(op)).unwrap();
        check(&sb, step);
        sb.advance(Duration::minutes(7));
        check(&sb, &format!("{step} propagating"));
    }
    sb.advance(Duration::days(40));
    check(&sb, "automatic rotations");
    sb.apply(
        &alice,
        Command::Db(DbOp::DeleteDeployment { id: d.guid.clone() }),
    )
    .unwrap();
    check(&sb, "soft deletion");
    sb.apply(
        &alice,
        kms(KmsOp::DeleteKey {
            key: k.id.clone(),
            force: true,
        }),
    )
    .unwrap();
    check(&sb, "force delete");
    sb.advance(Duration::minutes(5));
    check(&sb, "the shred");
    sb.advance(Duration::seconds(30));
    sb.apply(
        &alice,
        kms(KmsOp::RestoreKey {
            key: k.id.clone(),
            payload: None,
        }),
    )
    .unwrap();
    check(&sb, "restore");
    sb.apply(
        &alice,
        kms(KmsOp::DeleteKey {
            key: k.id.clone(),
            force: true,
        }),
    )
    .unwrap();
    sb.advance(Duration::hours(5));
    sb.apply(&alice, kms(KmsOp::PurgeKey { key: k.id.clone() }))
        .unwrap();
    check(&sb, "purge");
    sb.advance(Duration::days(10));
    check(&sb, "the reclamation period ending");
    let other = Sandbox::new(5);
    check(&other, "another sandbox");
}

/// The axis at every zoom from an hour to two years, at a phone's width and a desktop's, from a
/// round start and from an awkward one: every tick is a round instant of the chosen step, inside
/// the view; labels are inside the drawing and never overlap; there are always at least two; and
/// the step is the finest whose labels fit, so a wider drawing never gets a coarser step.
#[test]
fn ticks_are_round_and_their_labels_never_overlap_at_every_zoom_from_an_hour_to_two_years() {
    use byok_sandbox::timeline::axis::{ticks, Metrics, Scale, Step, STEPS};
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

/// Events at the same instant, or a few pixels apart, are one glyph with a count; zoomed in, they
/// come apart by instant. Glyphs are never closer than the clustering distance.
#[test]
fn markers_close_together_are_clustered_with_a_count() {
    use byok_sandbox::timeline::axis::Scale;
    use byok_sandbox::timeline::layout::clusters;
    let mut sb = Sandbox::new(42);
    seed_scenario(&mut sb);
    let tl = timeline::build(&sb);
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
    use byok_sandbox::timeline::axis::{Metrics, Scale};
    use byok_sandbox::timeline::layout::place_spans;
    let mut sb = Sandbox::new(42);
    seed_scenario(&mut sb);
    sb.advance(Duration::hours(1));
    let tl = timeline::build(&sb);
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
                    let reach = |p: &byok_sandbox::timeline::layout::Placed| {
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

/// A deployment's lane follows its key's lane (its group), even when another key came between
/// them in the log; filtered apart from its key, it stands on its own.
#[test]
fn a_deployment_is_grouped_under_the_key_it_is_registered_on() {
    let mut sb = Sandbox::new(42);
    let (_, key_crn) = create_key(&mut sb, "pg-root-key");
    let (_, other_crn) = create_key(&mut sb, "other-key");
    let (_, db_crn) = provision(&mut sb, "orders-db", &key_crn);
    let tl = timeline::build(&sb);
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
