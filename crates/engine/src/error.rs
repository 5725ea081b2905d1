//! The one error type of the engine's boundary: a Key Protect style refusal.
//!
//! It carries what a user sees from the real service: HTTP status, reason code, reason message and,
//! for bad input, the field, header or query parameter at fault. The request face wraps it in the
//! error envelope; the other faces print it as the real tools do.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub target: Option<ErrorTarget>,
    /// What went wrong and what would make it work, in plain words, for the sandbox's own faces
    /// (the real envelopes do not carry it).
    pub hint: Option<String>,
}

/// What part of a request was wrong: `{"type":"field","name":"expirationDate"}` in the envelope.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ErrorTarget {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            target: None,
            hint: None,
        }
    }

    /// A 400 about one field of the body.
    pub fn field(code: &'static str, field: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(400, code, message).with_target("field", field)
    }

    /// A 400 INVALID_FIELD_ERR about one field of the body, worded as Key Protect words it:
    /// "The field 'name' must be: <rule>".
    pub fn invalid_field(field: &str, rule: impl std::fmt::Display) -> ApiError {
        ApiError::field(
            "INVALID_FIELD_ERR",
            field,
            format!("The field '{field}' must be: {rule}"),
        )
    }

    /// A 400 INVALID_QUERY_PARAM_ERR: "The query_param 'name' must be: <rule>".
    pub fn query(param: &str, rule: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            400,
            "INVALID_QUERY_PARAM_ERR",
            format!("The query_param '{param}' must be: {rule}"),
        )
        .with_target("query_param", param)
    }

    pub fn bad_body(detail: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            400,
            "BAD_BODY_ERR",
            format!("Invalid body data was passed: Please ensure the data passed had valid formatting with no invalid characters: {detail}"),
        )
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> ApiError {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_target(mut self, kind: &'static str, name: &str) -> ApiError {
        self.target = Some(ErrorTarget {
            kind,
            name: name.to_string(),
        });
        self
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            401,
            "UNAUTHORIZED_ERR",
            "Unauthorized: The user does not have access to the specified resource",
        )
    }

    pub fn key_not_found() -> ApiError {
        ApiError::new(404, "KEY_NOT_FOUND_ERR", "key does not exist")
    }

    pub fn key_deleted() -> ApiError {
        ApiError::new(
            410,
            "KEY_DELETED_ERR",
            "Key has already been deleted. Please delete references to this key.",
        )
    }

    pub fn invalid_state() -> ApiError {
        ApiError::new(
            409,
            "KEY_ACTION_INVALID_STATE_ERR",
            "Key is not in a valid state",
        )
    }

    pub fn too_early() -> ApiError {
        ApiError::new(
            409,
            "REQ_TOO_EARLY_ERR",
            "The key was updated recently: Please wait and try again",
        )
    }

    pub fn root_required() -> ApiError {
        ApiError::new(
            400,
            "KEY_ROOT_REQ_ERR",
            "Requested action can only be completed with a root key.",
        )
    }

    /// The HTTP reason phrase of the status, the first words of Key Protect's `errorMsg`.
    pub fn status_text(&self) -> &'static str {
        status_text(self.status)
    }
}

pub fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        _ => "Error",
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for ApiError {}
