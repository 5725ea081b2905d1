//! What the tests share: requests to the sandbox as a user sends them, the documentation's
//! scenario, and lanes and timelines as readable text.

use byok_engine::{Duration, Request, Response, Sandbox, Timestamp};
use byok_timeline::{Lane, Timeline};
use serde_json::{json, Value};

/// A request from `user` (alice, bob, carol, dave) to the sandbox's first Key Protect instance.
pub fn send(
    sb: &mut Sandbox,
    user: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Response {
    let token = sb.user_by_name(user).expect("a default user").token.clone();
    let instance = sb.instances()[0].guid.clone();
    let mut req = Request::new(method, path)
        .header("authorization", &format!("Bearer {token}"))
        .header("bluemix-instance", &instance);
    req.body = body;
    sb.request(&req)
}

/// Sends and checks the status, so a scenario that went wrong fails where it went wrong.
pub fn ok(
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

pub fn collection(kind: &str, resources: Value) -> Option<Value> {
    Some(json!({
        "metadata": { "collectionType": format!("application/vnd.ibm.kms.{kind}+json"), "collectionTotal": 1 },
        "resources": resources,
    }))
}

/// Creates a root key; answers (id, CRN).
pub fn create_key(sb: &mut Sandbox, name: &str) -> (String, String) {
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
pub fn provision(sb: &mut Sandbox, name: &str, key_crn: &str) -> (String, String) {
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
pub fn seed_scenario(sb: &mut Sandbox) -> (String, String) {
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
pub fn lane_text(lane: &Lane) -> String {
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

pub fn timeline_text(tl: &Timeline) -> String {
    tl.lanes.iter().map(lane_text).collect()
}

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("an RFC 3339 instant")
}
