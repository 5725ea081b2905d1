//! The Key Protect request face's readers of query strings: key listing's filters and the typed
//! parameters (`force`, `limit`, `policy`...), each refusing bad input with the reference's 400.

use super::list::parse_states;
use crate::command::*;
use crate::error::ApiError;

pub(super) fn key_query(query: &[(String, String)]) -> Result<KeyQuery, ApiError> {
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut kq = KeyQuery {
        limit: int_param(q("limit"), "limit", 1, 5000)?.unwrap_or(200),
        offset: int_param(q("offset"), "offset", 0, usize::MAX)?.unwrap_or(0),
        extractable: bool_param(q("extractable"), "extractable")?,
        ..KeyQuery::default()
    };
    if let Some(states) = q("state") {
        kq.states = parse_states(states).map_err(|_| {
            ApiError::query(
                "state",
                "a comma-separated list of key states: 0, 1, 2, 3 or 5",
            )
        })?;
    }
    if let Some(sort) = q("sort") {
        for term in sort.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let (descending, name) = match term.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, term),
            };
            let field = KeyField::parse(name).ok_or_else(|| {
                ApiError::query(
                    "sort",
                    format!("a comma-separated list of id, name, state, extractable, imported, creationDate, lastUpdateDate, lastRotateDate, deletionDate or expirationDate, each optionally prefixed with '-'; '{name}' is none of them"),
                )
            })?;
            kq.sort.push(SortKey { field, descending });
        }
    }
    if let Some(search) = q("search") {
        kq.search = Some(Search::parse(search)?);
    }
    if let Some(filter) = q("filter") {
        kq.filter = Filter::parse_all(filter)?;
    }
    Ok(kq)
}

pub(super) fn bool_param(value: Option<&str>, name: &str) -> Result<Option<bool>, ApiError> {
    match value {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(ApiError::query(name, "true or false")),
    }
}

pub(super) fn int_param(
    value: Option<&str>,
    name: &str,
    min: usize,
    max: usize,
) -> Result<Option<usize>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    match v.parse::<usize>() {
        Ok(n) if n >= min && n <= max => Ok(Some(n)),
        _ if max == usize::MAX => Err(ApiError::query(
            name,
            format!("an integer of at least {min}"),
        )),
        _ => Err(ApiError::query(
            name,
            format!("an integer from {min} to {max}"),
        )),
    }
}

pub(super) fn policy_param(value: Option<&str>) -> Result<Option<PolicyKind>, ApiError> {
    match value {
        None => Ok(None),
        Some("rotation") => Ok(Some(PolicyKind::Rotation)),
        Some("dualAuthDelete") => Ok(Some(PolicyKind::DualAuthDelete)),
        Some(_) => Err(ApiError::query("policy", "rotation or dualAuthDelete")),
    }
}

pub(super) fn instance_policy_param(value: Option<&str>) -> Result<Option<PolicyKind>, ApiError> {
    match value {
        None => Ok(None),
        Some("dualAuthDelete") => Ok(Some(PolicyKind::DualAuthDelete)),
        Some(_) => Err(ApiError::query(
            "policy",
            "dualAuthDelete (the sandbox models that instance policy only)",
        )),
    }
}
