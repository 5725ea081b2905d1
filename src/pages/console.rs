//! The API console: method, path, headers and body in; status, headers and body out, through the
//! same request face as everything else, with a ready-made example for every operation and the
//! equivalent `curl` line for the real service.

use serde_json::Value;
use yew::prelude::*;

use crate::frame::state::use_app;
use crate::ui::{input_value, select_value, textarea_value, use_requester};
use byok_engine::Response;

/// (label, method, path, body) with placeholders {instance}, {key}, {key_crn}, {account},
/// {deployment}, {reclamation}, {policy} filled from the sandbox.
const EXAMPLES: &[(&str, &str, &str, &str)] = &[
    (
        "Key Protect: create a root key",
        "POST",
        "/api/v2/keys",
        r#"{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.key+json","name":"my-root-key","extractable":false}]}"#,
    ),
    (
        "Key Protect: import a root key",
        "POST",
        "/api/v2/keys",
        r#"{"metadata":{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.key+json","name":"imported-root","extractable":false,"payload":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}]}"#,
    ),
    (
        "Key Protect: list keys",
        "GET",
        "/api/v2/keys?limit=200&state=1,2,3,5",
        "",
    ),
    ("Key Protect: count keys", "HEAD", "/api/v2/keys", ""),
    (
        "Key Protect: get key metadata",
        "GET",
        "/api/v2/keys/{key}/metadata",
        "",
    ),
    (
        "Key Protect: wrap (generate a DEK)",
        "POST",
        "/api/v2/keys/{key}/actions/wrap",
        "{}",
    ),
    (
        "Key Protect: rotate",
        "POST",
        "/api/v2/keys/{key}/actions/rotate",
        "",
    ),
    (
        "Key Protect: disable",
        "POST",
        "/api/v2/keys/{key}/actions/disable",
        "",
    ),
    (
        "Key Protect: enable",
        "POST",
        "/api/v2/keys/{key}/actions/enable",
        "",
    ),
    (
        "Key Protect: list versions",
        "GET",
        "/api/v2/keys/{key}/versions",
        "",
    ),
    (
        "Key Protect: set a rotation policy",
        "PUT",
        "/api/v2/keys/{key}/policies?policy=rotation",
        r#"{"metadata":{"collectionType":"application/vnd.ibm.kms.policy+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.policy+json","rotation":{"enabled":true,"interval_month":1}}]}"#,
    ),
    (
        "Key Protect: require dual authorization",
        "PUT",
        "/api/v2/keys/{key}/policies?policy=dualAuthDelete",
        r#"{"metadata":{"collectionType":"application/vnd.ibm.kms.policy+json","collectionTotal":1},"resources":[{"type":"application/vnd.ibm.kms.policy+json","dualAuthDelete":{"enabled":true}}]}"#,
    ),
    (
        "Key Protect: authorize deletion",
        "POST",
        "/api/v2/keys/{key}/actions/setKeyForDeletion",
        "",
    ),
    (
        "Key Protect: list registrations",
        "GET",
        "/api/v2/keys/{key}/registrations",
        "",
    ),
    (
        "Key Protect: delete a key",
        "DELETE",
        "/api/v2/keys/{key}",
        "",
    ),
    (
        "Key Protect: force delete (cryptoshred)",
        "DELETE",
        "/api/v2/keys/{key}?force=true",
        "",
    ),
    (
        "Key Protect: restore",
        "POST",
        "/api/v2/keys/{key}/restore",
        "",
    ),
    (
        "Key Protect: purge",
        "DELETE",
        "/api/v2/keys/{key}/purge",
        "",
    ),
    (
        "Key Protect: instance policies",
        "GET",
        "/api/v2/instance/policies",
        "",
    ),
    ("Key Protect: key rings", "GET", "/api/v2/key_rings", ""),
    (
        "IAM: authorize PostgreSQL to read keys",
        "POST",
        "/v1/policies",
        r#"{"type":"authorization","subjects":[{"attributes":[{"name":"accountId","value":"{account}"},{"name":"serviceName","value":"databases-for-postgresql"}]}],"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],"resources":[{"attributes":[{"name":"accountId","operator":"stringEquals","value":"{account}"},{"name":"serviceName","operator":"stringEquals","value":"kms"},{"name":"serviceInstance","operator":"stringEquals","value":"{instance}"}]}]}"#,
    ),
    (
        "IAM: list authorizations",
        "GET",
        "/v1/policies?account_id={account}&type=authorization",
        "",
    ),
    (
        "IAM: delete an authorization",
        "DELETE",
        "/v1/policies/{policy}",
        "",
    ),
    (
        "Resource Controller: provision PostgreSQL with the key",
        "POST",
        "/v2/resource_instances",
        r#"{"name":"orders-db","target":"us-south","resource_group":"Default","resource_plan_id":"databases-for-postgresql-standard","parameters":{"disk_encryption_key_crn":"{key_crn}"}}"#,
    ),
    (
        "Resource Controller: list instances",
        "GET",
        "/v2/resource_instances",
        "",
    ),
    (
        "Resource Controller: delete a deployment (soft)",
        "DELETE",
        "/v2/resource_instances/{deployment}",
        "",
    ),
    (
        "Resource Controller: reclamations",
        "GET",
        "/v1/reclamations",
        "",
    ),
    (
        "Resource Controller: restore a reclamation",
        "POST",
        "/v1/reclamations/{reclamation}/actions/restore",
        "",
    ),
    (
        "Resource Controller: reclaim now",
        "POST",
        "/v1/reclamations/{reclamation}/actions/reclaim",
        "",
    ),
    (
        "Cloud Databases: deployment",
        "GET",
        "/v5/ibm/deployments/{deployment}",
        "",
    ),
    (
        "Cloud Databases: back up now",
        "POST",
        "/v5/ibm/deployments/{deployment}/backups",
        "",
    ),
    (
        "Cloud Databases: tasks",
        "GET",
        "/v5/ibm/deployments/{deployment}/tasks",
        "",
    ),
    (
        "Sandbox: write a record",
        "PUT",
        "/sandbox/v1/deployments/{deployment}/tables/orders/records/1",
        r#"{"value":"2 x espresso machine"}"#,
    ),
    (
        "Sandbox: read records",
        "GET",
        "/sandbox/v1/deployments/{deployment}/tables/orders/records",
        "",
    ),
    (
        "Sandbox: the encrypted disk",
        "GET",
        "/sandbox/v1/deployments/{deployment}/disk",
        "",
    ),
    (
        "Sandbox: timings",
        "PUT",
        "/sandbox/v1/settings",
        r#"{"propagationDelay":"5m"}"#,
    ),
    ("Key Protect: get a key (a standard key's payload needs ReaderPlus)", "GET", "/api/v2/keys/{key}", ""),
    ("Key Protect: wrap your own DEK with AAD", "POST", "/api/v2/keys/{key}/actions/wrap", r#"{"plaintext":"c2VjcmV0LWRlay0xMjM0NTY3ODkwMTIzNDU2Nzg5MDE=","aad":["tenant-a"]}"#),
    ("Key Protect: unwrap (paste a ciphertext from wrap)", "POST", "/api/v2/keys/{key}/actions/unwrap", r#"{"ciphertext":"PASTE_THE_CIPHERTEXT","aad":["tenant-a"]}"#),
    ("Key Protect: rewrap under the newest version", "POST", "/api/v2/keys/{key}/actions/rewrap", r#"{"ciphertext":"PASTE_THE_CIPHERTEXT","aad":["tenant-a"]}"#),
    ("Key Protect: withdraw the deletion authorization", "POST", "/api/v2/keys/{key}/actions/unsetKeyForDeletion", ""),
    ("Key Protect: sync (re-send the key's state to its resources)", "POST", "/api/v2/keys/{key}/actions/sync", ""),
    ("Key Protect: key policies", "GET", "/api/v2/keys/{key}/policies", ""),
    ("Key Protect: registrations of every key", "GET", "/api/v2/keys/registrations?urlEncodedResourceCRNQuery=crn%3Av1%3Abluemix%3Apublic%3Adatabases-for-postgresql%3A*%3A*%3A*%3A*%3A*", ""),
    ("Key Protect: require dual authorization for new keys", "PUT", "/api/v2/instance/policies?policy=dualAuthDelete", r#"{"metadata":{"collectionType":"application/vnd.ibm.kms.policy+json","collectionTotal":1},"resources":[{"policy_type":"dualAuthDelete","policy_data":{"enabled":true}}]}"#),
    ("Key Protect: create a key ring", "POST", "/api/v2/key_rings/team-a", ""),
    ("Key Protect: delete a key ring", "DELETE", "/api/v2/key_rings/team-a", ""),
    ("Key Protect: import token (not modelled: 403)", "POST", "/api/v2/import_token", r#"{"expiration":600,"maxAllowedRetrievals":1}"#),
];

/// The real host a path belongs to, for the curl line.
fn host(path: &str, region: &str) -> String {
    if path.starts_with("/api/v2") {
        format!("https://{region}.kms.cloud.ibm.com")
    } else if path.starts_with("/v1/policies") {
        "https://iam.cloud.ibm.com".into()
    } else if path.starts_with("/v5/") {
        format!("https://api.{region}.databases.cloud.ibm.com")
    } else if path.starts_with("/sandbox/") {
        "<the sandbox only>".into()
    } else {
        "https://resource-controller.cloud.ibm.com".into()
    }
}

/// The `curl` line for the real service (the token is the caller's own IAM token).
pub fn curl(method: &str, path: &str, instance: &str, region: &str, body: &str) -> String {
    let mut line = format!(
        "curl -X {method} \"{}{path}\" -H \"authorization: Bearer $IAM_TOKEN\"",
        host(path, region)
    );
    if path.starts_with("/api/v2") {
        line.push_str(&format!(" -H \"bluemix-instance: {instance}\""));
    }
    if !body.trim().is_empty() {
        line.push_str(&format!(
            " -H \"content-type: application/json\" -d '{}'",
            body.trim()
        ));
    }
    line
}

#[function_component(ConsolePage)]
pub fn console_page() -> Html {
    let app = use_app();
    let requester = use_requester();
    let method = use_state(|| "GET".to_string());
    let path = use_state(|| "/api/v2/keys".to_string());
    let body = use_state(String::new);
    let response = use_state(|| None::<Response>);
    let (fills, instance, region) = {
        let sb = app.sb.borrow();
        let instance = sb
            .instances()
            .first()
            .map(|i| (i.guid.clone(), i.region.clone()))
            .unwrap_or_default();
        let key = sb
            .keys()
            .last()
            .map(|k| (k.id.clone(), k.crn.clone()))
            .unwrap_or_else(|| ("KEY_ID".into(), "KEY_CRN".into()));
        let fills = vec![
            ("{instance}", instance.0.clone()),
            ("{key_crn}", key.1),
            ("{key}", key.0),
            ("{account}", sb.account().to_string()),
            (
                "{deployment}",
                sb.deployments()
                    .last()
                    .map(|d| d.guid.clone())
                    .unwrap_or_else(|| "DEPLOYMENT_ID".into()),
            ),
            (
                "{reclamation}",
                sb.reclamations()
                    .last()
                    .map(|r| r.id.clone())
                    .unwrap_or_else(|| "RECLAMATION_ID".into()),
            ),
            (
                "{policy}",
                sb.authorizations()
                    .last()
                    .map(|a| a.id.clone())
                    .unwrap_or_else(|| "POLICY_ID".into()),
            ),
        ];
        (fills, instance.0, instance.1)
    };
    let fill = move |text: &str| {
        fills
            .iter()
            .fold(text.to_string(), |t, (k, v)| t.replace(k, v))
    };
    let on_example = {
        let (method, path, body, fill) = (method.clone(), path.clone(), body.clone(), fill.clone());
        Callback::from(move |e: Event| {
            if let Some(&(_, m, p, b)) = select_value(&e)
                .parse::<usize>()
                .ok()
                .and_then(|i| EXAMPLES.get(i))
            {
                method.set(m.to_string());
                path.set(fill(p));
                body.set(fill(b));
            }
        })
    };
    let on_send = {
        let (method, path, body, response) =
            (method.clone(), path.clone(), body.clone(), response.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = if body.trim().is_empty() {
                None
            } else {
                // Text that is not JSON goes as it is, so the service's own 400 shows.
                Some(
                    serde_json::from_str::<Value>(&body)
                        .unwrap_or_else(|_| Value::String((*body).clone())),
                )
            };
            let response = response.clone();
            requester.call(&method, (*path).clone(), parsed, move |r| {
                response.set(Some(r))
            });
        })
    };
    let curl_line = curl(&method, &path, &instance, &region, &body);
    html! {
        <section>
            <h1>{ "API console" }</h1>
            <p class="muted">{ format!("Requests go to the sandbox as {}, with that user's bearer token and, for Key Protect, the instance header.", app.actor) }</p>
            <form class="card" onsubmit={on_send} data-testid="api-console">
                <label>{ "Example" }<select aria-label="Example" onchange={on_example}>
                    <option value="">{ "choose an operation…" }</option>
                    { for EXAMPLES.iter().enumerate().map(|(i, (label, ..))| html! { <option value={i.to_string()}>{ *label }</option> }) }
                </select></label>
                <div class="inline">
                    <label>{ "Method" }<select aria-label="Method" onchange={{ let m = method.clone(); Callback::from(move |e: Event| m.set(select_value(&e))) }}>
                        { for ["GET", "HEAD", "POST", "PUT", "DELETE"].into_iter().map(|m| html! { <option value={m} selected={*method == m}>{ m }</option> }) }
                    </select></label>
                    <label class="grow">{ "Path" }<input aria-label="Path" value={(*path).clone()} oninput={{ let p = path.clone(); Callback::from(move |e: InputEvent| p.set(input_value(&e))) }} /></label>
                </div>
                <label class="block">{ "Body (JSON)" }<textarea aria-label="Body" rows="6" value={(*body).clone()}
                    oninput={{ let b = body.clone(); Callback::from(move |e: InputEvent| b.set(textarea_value(&e))) }} /></label>
                <button type="submit">{ "Send" }</button>
                <p class="mono small" data-testid="curl">{ curl_line }</p>
            </form>
            if let Some(r) = &*response {
                <div class="card" data-testid="api-response">
                    <h2>{ format!("{} {}", r.status, byok_engine::error::status_text(r.status)) }</h2>
                    <pre class="mono">{ r.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n") }</pre>
                    <pre class="mono">{ r.body.as_ref().map(|b| serde_json::to_string_pretty(b).unwrap_or_default()).unwrap_or_else(|| "(no body)".into()) }</pre>
                </div>
            }
        </section>
    }
}
