//! An API answer's error as a user sees it: the real status, code and message and, in plain words,
//! why it happened and what would make it work; and a page's last outcome (a success line or that
//! error).

use serde_json::Value;
use yew::prelude::*;

use byok_engine::Response;

/// The error an API answer carries, whatever the service's envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

impl ShownError {
    pub fn of(resp: &Response) -> Option<ShownError> {
        if resp.status < 400 {
            return None;
        }
        let body = resp.body.clone().unwrap_or(Value::Null);
        let kms = body.pointer("/resources/0");
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let code = text(kms.and_then(|r| r.pointer("/reasons/0/code")))
            .or_else(|| text(body.get("error_code")))
            .or_else(|| text(body.pointer("/errors/0/code")))
            .or_else(|| text(body.get("code")))
            .unwrap_or_else(|| {
                if resp.status == 401 {
                    "UNAUTHORIZED_ERR".into()
                } else {
                    "ERROR".into()
                }
            });
        let message = text(kms.and_then(|r| r.pointer("/reasons/0/message")))
            .or_else(|| text(kms.and_then(|r| r.get("errorMsg"))))
            .or_else(|| text(body.get("message")))
            .or_else(|| text(body.pointer("/errors/0/message")))
            .or_else(|| text(body.get("errors")))
            .unwrap_or_default();
        Some(ShownError {
            status: resp.status,
            code,
            message,
            hint: text(body.get("sandbox_hint")),
        })
    }
}

/// Why a refusal happened and what would make it work, in plain words.
pub fn explain(code: &str) -> &'static str {
    match code {
        "UNAUTHORIZED_ERR" => "The user you act as lacks the Key Protect role this needs (Reader to read and wrap, ReaderPlus for a standard key's payload, Writer to create and rotate, Manager to delete, disable or set policies, KeyPurge to purge). Act as someone else, or give the role on the IAM page.",
        "PROTECTED_RESOURCE_ERR" => "The key still protects a resource: a deployment registered on it, even one that is soft-deleted. Delete it with force to cryptoshred that resource, or wait until its reclamation period ends.",
        "PREV_KEY_DEL_ERR" => "A resource registered on this key has a retention policy (preventKeyDeletion), which even force cannot override.",
        "AUTHORIZATIONS_NOT_MET" => "This key needs dual authorization: another user must first authorize the deletion (Schedule deletion), then a different Manager deletes within 7 days.",
        "NOT_DUAL_AUTH_ERR" => "Scheduling a deletion only applies to keys with a dual authorization policy.",
        "KEY_ACTION_INVALID_STATE_ERR" => "The key's state does not allow this: wrap needs Active; unwrap and rotate need Active or Deactivated; enable needs Suspended; restore and purge need a deleted key.",
        "KEY_DELETED_ERR" => "The key is destroyed. Restore it within 30 days of the deletion to use it again.",
        "KEY_NOT_FOUND_ERR" => "No such key in this instance: it may have been purged (automatically 90 days after deletion).",
        "REQ_TOO_EARLY_ERR" => "Too soon: enable and restore wait 30 s after the previous change, sync waits an hour, and purge waits 4 hours after the deletion. Move the clock on.",
        "KEY_ROTATION_NOT_PERMITTED" => "A key rotates at most once an hour. Move the clock on an hour.",
        "KEY_PAYLOAD_REQ_ERR" => "This key was imported: rotating or restoring it needs key material.",
        "KEY_RESTORE_EXPIRED" => "Restore is only possible within 30 days of the deletion.",
        "KEY_EXPIRED_ERR" => "The key passed its expiration date; it cannot be restored.",
        "KEY_ROOT_REQ_ERR" | "KEY_ROOT_REQ_REG_ERR" => "Only root keys (not extractable) can do this.",
        "KEY_ALIAS_NOT_UNIQUE_ERR" => "Another key in this instance already uses that alias.",
        "SERVICE_ONLY_ERR" => "Only a cloud service can register its resources on a key.",
        "RC-ServiceBrokerErrorResponse" => "Cloud Databases refused the key. Check the key CRN, that the key is an Active root key, and that the service is authorized to read it (IAM page).",
        "DEPLOYMENT_CRYPTOSHREDDED" => "The deployment's key was destroyed: its data encryption key is gone, and so is the data. Only metadata and the encrypted disk remain.",
        "DEPLOYMENT_DISABLED" => "The deployment cannot reach its data encryption key: its root key is suspended, or the service lost its authorization.",
        "DEPLOYMENT_PROVISIONING" => "The deployment is still being created. Move the clock on.",
        "DEPLOYMENT_PENDING_RECLAMATION" => "The deployment is soft-deleted. Restore it from the Reclamations page to use it.",
        "insufficent_permissions" | "FORBIDDEN_ERR" => "The user you act as lacks the platform role for this. Act as someone else, or have the owner (alice) change roles.",
        "policy_conflict_error" => "An authorization for the same source and target already exists.",
        "BAD_BODY_ERR" | "INVALID_FIELD_ERR" | "INVALID_QUERY_PARAM_ERR" => "Part of the request is not valid: see the field named in the message.",
        _ => "",
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    pub error: ShownError,
}

/// A refusal: the real status, code and message, then the explanation.
#[function_component(ErrorView)]
pub fn error_view(p: &ErrorViewProps) -> Html {
    let e = &p.error;
    let why = explain(&e.code);
    html! {
        <div class="error-box" role="alert" data-testid="error">
            <p class="code"><strong>{ format!("{} {}", e.status, e.code) }</strong></p>
            <p>{ e.message.clone() }</p>
            if let Some(h) = &e.hint { <p class="hint">{ h.clone() }</p> }
            if !why.is_empty() { <p class="why">{ why }</p> }
        </div>
    }
}

/// The outcome of the last action on a page: nothing yet, a success line, or an error.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Outcome {
    #[default]
    None,
    Done(String),
    Failed(ShownError),
}

impl Outcome {
    pub fn of(resp: &Response, success: impl Into<String>) -> Outcome {
        match ShownError::of(resp) {
            Some(e) => Outcome::Failed(e),
            None => Outcome::Done(success.into()),
        }
    }

    pub fn view(&self) -> Html {
        match self {
            Outcome::None => html! {},
            Outcome::Done(msg) => {
                html! { <p class="ok" role="status" data-testid="ok">{ msg.clone() }</p> }
            }
            Outcome::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        }
    }
}
