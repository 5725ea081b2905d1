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

/// A lane as text: its kind and label, then one line per span ("Kind start..end open label").
fn lane_text(lane: &Lane) -> String {
    let mut out = format!("{:?} {}\n", lane.kind, lane.label);
    for s in &lane.spans {
        out += &format!(
            "  {:?} {}..{}{} {}\n",
            s.kind,
            s.start,
            s.end,
            if s.open { " open" } else { "" },
            s.label
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
  Propagation 2026-01-01T00:30:00Z..2026-01-01T00:35:00Z delete reaches orders-db
  PurgeWait 2026-01-01T00:30:00Z..2026-01-01T04:30:00Z open purge wait (4h)
  RestoreWindow 2026-01-01T00:30:00Z..2026-01-31T00:30:00Z open restore window (30d)
  PurgeSchedule 2026-01-01T00:30:00Z..2026-04-01T00:30:00Z open purged at 90d
Deployment Databases for PostgreSQL orders-db
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:30:00Z provisioning
  SoftDeletion 2026-01-01T00:30:00Z..2026-01-10T00:30:00Z open reclaimable
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
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:10:00Z open provisioning
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
  DualAuthWindow 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z set for deletion (7d)
  DualAuthWindow 2026-01-01T02:00:00Z..2026-01-01T03:00:00Z set for deletion (7d)
  DualAuthWindow 2026-01-01T03:00:00Z..2026-01-08T03:00:00Z set for deletion (7d)
  DualAuthWindow 2026-01-09T03:00:00Z..2026-01-09T04:00:00Z set for deletion (7d)
  PurgeWait 2026-01-09T04:00:00Z..2026-01-09T08:00:00Z open purge wait (4h)
  RestoreWindow 2026-01-09T04:00:00Z..2026-02-08T04:00:00Z open restore window (30d)
  PurgeSchedule 2026-01-09T04:00:00Z..2026-04-09T04:00:00Z open purged at 90d
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
  DualAuthWindow 2026-01-01T00:00:00Z..2026-01-08T00:00:00Z open set for deletion (7d)
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
  PurgeWait 2026-01-01T00:00:00Z..2026-01-01T04:00:00Z purge wait (4h)
  RestoreWindow 2026-01-01T00:00:00Z..2026-01-01T05:00:00Z restore window (30d)
  PurgeSchedule 2026-01-01T00:00:00Z..2026-01-01T05:00:00Z purged at 90d
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
  PurgeWait 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z purge wait (4h)
  RestoreWindow 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z restore window (30d)
  PurgeSchedule 2026-01-01T00:00:00Z..2026-01-01T01:00:00Z purged at 90d
  PurgeWait 2026-01-01T02:00:00Z..2026-01-01T06:00:00Z purge wait (4h)
  RestoreWindow 2026-01-01T02:00:00Z..2026-01-31T02:00:00Z restore window (30d)
  PurgeSchedule 2026-01-01T02:00:00Z..2026-04-01T02:00:00Z purged at 90d
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
  Propagation 2026-01-01T00:30:00Z..2026-01-01T00:35:00Z rotate reaches ledger
  Propagation 2026-01-01T00:50:00Z..2026-01-01T00:55:00Z disable reaches ledger
Deployment Databases for PostgreSQL ledger
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:30:00Z provisioning
  KmsSync 2026-01-01T00:35:00Z..2026-01-01T00:45:00Z syncing KMS state
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
  Provisioning 2026-01-01T00:00:00Z..2026-01-01T00:30:00Z provisioning
  SoftDeletion 2026-01-01T00:30:00Z..2026-01-02T00:30:00Z reclaimable
  SoftDeletion 2026-01-03T00:30:00Z..2026-01-12T00:30:00Z reclaimable
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
