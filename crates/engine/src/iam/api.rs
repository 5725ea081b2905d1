//! The IAM Policy Management request face: service-to-service authorization policies
//! (`/v1/policies`) in IAM's shapes.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::model::{Authorization, ServiceRole};
use crate::command::*;
use crate::crn::Crn;
use crate::error::ApiError;
use crate::request::{body_json, Request};
use crate::sandbox::Sandbox;
use crate::shape::Shape;

impl Sandbox {
    /// The IAM Policy Management face: authorization policies (`/v1/policies`); `None` for a path it does not know.
    pub(crate) fn iam_command(
        &self,
        method: &str,
        segs: &[&str],
        q: &dyn Fn(&str) -> Option<String>,
        req: &Request,
    ) -> Result<Option<(Command, Shape)>, ApiError> {
        let id = |s: &str| s.to_string();
        Ok(Some(match (method, segs) {
            // IAM Policy Management: authorization policies.
            ("POST", ["v1", "policies"]) => (
                Command::Iam(IamOp::CreateAuthorization(parse_policy(
                    req,
                    &self.account,
                )?)),
                Shape::Policy(201),
            ),
            ("GET", ["v1", "policies"]) => {
                match q("account_id") {
                    None => {
                        return Err(ApiError::new(
                            400,
                            "missing_required_query_parameter",
                            "The query parameter 'account_id' is required",
                        ))
                    }
                    Some(a) if a != self.account => {
                        return Err(ApiError::new(
                            403,
                            "insufficent_permissions",
                            format!("You are not allowed to list the policies of account {a}"),
                        ))
                    }
                    _ => {}
                }
                let only_authorization = q("type").is_none_or(|t| t == "authorization");
                (
                    Command::Iam(IamOp::ListAuthorizations),
                    Shape::Policies { only_authorization },
                )
            }
            ("GET", ["v1", "policies", pid]) => (
                Command::Iam(IamOp::GetAuthorization { id: id(pid) }),
                Shape::Policy(200),
            ),
            ("DELETE", ["v1", "policies", pid]) => (
                Command::Iam(IamOp::DeleteAuthorization { id: id(pid) }),
                Shape::NoContent,
            ),
            _ => return Ok(None),
        }))
    }
}

impl Sandbox {
    /// An authorization as IAM Policy Management shows it.
    pub(crate) fn policy_json(&self, a: &Authorization) -> Value {
        let mut subject = vec![
            json!({ "name": "accountId", "value": self.account }),
            json!({ "name": "serviceName", "value": a.source_service }),
        ];
        if let Some(i) = &a.source_instance {
            subject.push(json!({ "name": "serviceInstance", "value": i }));
        }
        let attr = |name: &str, value: &str| json!({ "name": name, "operator": "stringEquals", "value": value });
        let mut resource = vec![
            attr("accountId", &self.account),
            attr("serviceName", &a.target_service),
        ];
        if let Some(i) = &a.target_instance {
            resource.push(attr("serviceInstance", i));
        }
        let roles: Vec<Value> = a
            .roles
            .iter()
            .map(|r| {
                let description = match r {
                    ServiceRole::Reader => "As a reader, you can perform read-only actions within a service such as viewing service-specific resources.",
                    ServiceRole::AuthorizationDelegator => "As an authorization delegator, the source service can delegate its access to other services.",
                };
                json!({ "role_id": r.role_id(), "display_name": r.name(), "description": description })
            })
            .collect();
        json!({
            "id": a.id,
            "type": "authorization",
            "subjects": [{ "attributes": subject }],
            "roles": roles,
            "resources": [{ "attributes": resource }],
            "href": format!("https://iam.cloud.ibm.com/v1/policies/{}", a.id),
            "created_at": a.created_at,
            "created_by_id": a.created_by,
            "last_modified_at": a.created_at,
            "last_modified_by_id": a.created_by,
            "state": "active",
        })
    }
}

/// Parses an IAM authorization policy body (`type: authorization`).
pub(crate) fn parse_policy(req: &Request, account: &str) -> Result<NewAuthorization, ApiError> {
    let invalid = |why: String| ApiError::new(400, "invalid_body", why);
    let body = body_json(req)?.ok_or_else(|| invalid("The request has no body".into()))?;
    if body.get("type").and_then(Value::as_str) != Some("authorization") {
        return Err(invalid("The sandbox's IAM creates service-to-service policies only: set \"type\": \"authorization\"".into()));
    }
    let attributes = |list: &str| -> Result<BTreeMap<String, String>, ApiError> {
        let attrs = body
            .get(list)
            .and_then(|v| v.get(0))
            .and_then(|v| v.get("attributes"))
            .and_then(Value::as_array)
            .ok_or_else(|| invalid(format!("'{list}[0].attributes' is required")))?;
        let mut out = BTreeMap::new();
        for a in attrs {
            let (Some(name), Some(value)) = (
                a.get("name").and_then(Value::as_str),
                a.get("value").and_then(Value::as_str),
            ) else {
                return Err(invalid(format!(
                    "every attribute of '{list}' needs a 'name' and a string 'value'"
                )));
            };
            out.insert(name.to_string(), value.to_string());
        }
        Ok(out)
    };
    let subject = attributes("subjects")?;
    let resource = attributes("resources")?;
    for attrs in [&subject, &resource] {
        if let Some(a) = attrs.get("accountId") {
            if a != account {
                return Err(ApiError::new(
                    403,
                    "insufficent_permissions",
                    format!("Account {a} is not this sandbox's account {account}"),
                ));
            }
        }
    }
    let source_service = subject.get("serviceName").cloned().ok_or_else(|| {
        invalid("The subject needs a 'serviceName' attribute (the source service)".into())
    })?;
    let target_service = resource.get("serviceName").cloned().ok_or_else(|| {
        invalid("The resource needs a 'serviceName' attribute (the target service, kms)".into())
    })?;
    let roles = body
        .get("roles")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("'roles' is required".into()))?;
    let roles = roles
        .iter()
        .map(|r| {
            let text = r.get("role_id").or_else(|| r.get("display_name")).and_then(Value::as_str).unwrap_or_default();
            ServiceRole::parse(text).ok_or_else(|| {
                ApiError::new(
                    404,
                    "role_not_found",
                    format!("Role '{text}' was not found: an authorization from {source_service} to {target_service} can grant Reader and AuthorizationDelegator"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(i) = resource.get("serviceInstance") {
        if Crn::parse(i).is_ok() {
            return Err(invalid(
                "'serviceInstance' takes the instance GUID, not its CRN".into(),
            ));
        }
    }
    Ok(NewAuthorization {
        source_service,
        source_instance: subject.get("serviceInstance").cloned(),
        target_service,
        target_instance: resource.get("serviceInstance").cloned(),
        roles,
    })
}
