//! Key listing: the state, extractable, search and filter selections, sorting and paging of
//! `GET /keys` and `HEAD /keys`.

use std::cmp::Ordering;

use super::model::{Key, KeyView};
use crate::command::{Compare, Filter, KeyField, KeyQuery, Search};
use crate::error::ApiError;
use crate::sandbox::Sandbox;
use crate::time::Timestamp;

impl Sandbox {
    /// The keys of `instance` that `q` selects, sorted and paged, with the count before paging.
    pub(crate) fn query_keys(
        &self,
        instance: &str,
        q: &KeyQuery,
    ) -> Result<(Vec<KeyView>, usize), ApiError> {
        let mut keys: Vec<&Key> = self
            .keys
            .values()
            .filter(|k| k.instance == instance)
            .filter(|k| q.states.contains(&k.state.code()))
            .filter(|k| q.extractable.is_none_or(|e| k.extractable == e))
            .filter(|k| q.search.as_ref().is_none_or(|s| s.matches(k)))
            .filter(|k| q.filter.iter().all(|f| f.matches(k)))
            .collect();
        crate::sort::sort_by(&mut keys, |a, b| {
            q.sort
                .iter()
                .map(|s| {
                    let o = compare(a, b, s.field);
                    if s.descending {
                        o.reverse()
                    } else {
                        o
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or_else(|| a.seq.cmp(&b.seq))
        });
        let total = keys.len();
        let page = keys
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .map(|k| k.view(self.now, false))
            .collect();
        Ok((page, total))
    }
}

fn date(k: &Key, field: KeyField) -> Option<Timestamp> {
    match field {
        KeyField::CreationDate => Some(k.created),
        KeyField::LastUpdateDate => Some(k.last_updated),
        KeyField::LastRotateDate => k.last_rotated,
        KeyField::DeletionDate => k.deletion.as_ref().map(|d| d.at),
        KeyField::ExpirationDate => k.expiration,
        _ => None,
    }
}

fn compare(a: &Key, b: &Key, field: KeyField) -> Ordering {
    match field {
        KeyField::Id => a.id.cmp(&b.id),
        KeyField::Name => a.name.cmp(&b.name),
        KeyField::State => a.state.cmp(&b.state),
        KeyField::Extractable => a.extractable.cmp(&b.extractable),
        KeyField::Imported => a.imported.cmp(&b.imported),
        _ => date(a, field).cmp(&date(b, field)),
    }
}

impl Search {
    pub fn matches(&self, k: &Key) -> bool {
        let needle = self.text.to_ascii_lowercase();
        let hit = |hay: &str| {
            if self.exact {
                hay == self.text
            } else {
                hay.to_ascii_lowercase().contains(&needle)
            }
        };
        let found =
            (self.in_name && hit(&k.name)) || (self.in_alias && k.aliases.iter().any(|a| hit(a)));
        found != self.negate
    }

    /// Parses `search=`: `[not:][exact:][name:|alias:]text` (prefixes in any order).
    pub fn parse(text: &str) -> Result<Search, ApiError> {
        let mut s = Search {
            text: String::new(),
            exact: false,
            negate: false,
            in_name: true,
            in_alias: true,
        };
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("not:") {
                s.negate = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("exact:") {
                s.exact = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("name:") {
                s.in_alias = false;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alias:") {
                s.in_name = false;
                rest = r;
            } else {
                break;
            }
        }
        if !s.in_name && !s.in_alias {
            return Err(ApiError::query(
                "search",
                "scoped to name: or alias:, not both",
            ));
        }
        if rest.is_empty() || rest.chars().count() > 90 {
            return Err(ApiError::query(
                "search",
                "1 to 90 characters after the optional not:, exact:, name: and alias: prefixes",
            ));
        }
        s.text = rest.to_string();
        Ok(s)
    }
}

impl Filter {
    pub fn matches(&self, k: &Key) -> bool {
        match self {
            Filter::States(states) => states.contains(&k.state.code()),
            Filter::Extractable(e) => k.extractable == *e,
            Filter::Date { field, op, at } => {
                let value = date(k, *field);
                match (value, at) {
                    // `field=null` (written as `at: None`) selects keys without that date.
                    (v, None) => v.is_none() == (*op == Compare::Eq),
                    (None, Some(_)) => false,
                    (Some(v), Some(t)) => match op {
                        Compare::Gt => v > *t,
                        Compare::Gte => v >= *t,
                        Compare::Lt => v < *t,
                        Compare::Lte => v <= *t,
                        Compare::Eq => v == *t,
                    },
                }
            }
        }
    }

    /// Parses `filter=`: space-separated terms `field=[op:]value`, e.g.
    /// `creationDate=gte:"2026-01-01T00:00:00Z" state=1,2 extractable=false`.
    pub fn parse_all(text: &str) -> Result<Vec<Filter>, ApiError> {
        let bad = |why: String| ApiError::query("filter", why);
        let mut out = Vec::new();
        for term in text.split_whitespace() {
            let (field, value) = term.split_once('=').ok_or_else(|| {
                bad(format!(
                    "space-separated terms of the form field=value; '{term}' has no '='"
                ))
            })?;
            match field {
                "state" => {
                    let states = parse_states(value).map_err(|_| {
                        bad(format!("state=<list of 0,1,2,3,5>; '{value}' is not one"))
                    })?;
                    out.push(Filter::States(states));
                }
                "extractable" => match value {
                    "true" => out.push(Filter::Extractable(true)),
                    "false" => out.push(Filter::Extractable(false)),
                    _ => {
                        return Err(bad(format!(
                            "extractable=true or extractable=false; got '{value}'"
                        )))
                    }
                },
                _ => {
                    let f = KeyField::parse(field).filter(|f| f.is_date()).ok_or_else(|| {
                        bad(format!(
                            "terms on creationDate, lastUpdateDate, lastRotateDate, deletionDate, expirationDate, state or extractable; '{field}' is none of them"
                        ))
                    })?;
                    let (op, raw) = match value.split_once(':') {
                        Some((op @ ("gt" | "gte" | "lt" | "lte"), rest)) => (op, rest),
                        _ => ("eq", value),
                    };
                    let op = match op {
                        "gt" => Compare::Gt,
                        "gte" => Compare::Gte,
                        "lt" => Compare::Lt,
                        "lte" => Compare::Lte,
                        _ => Compare::Eq,
                    };
                    let raw = raw.trim_matches('"');
                    let at = if raw == "null" {
                        if op != Compare::Eq {
                            return Err(bad(format!("{field}=null without a comparison")));
                        }
                        None
                    } else {
                        Some(Timestamp::parse_rfc3339(raw).ok_or_else(|| {
                            bad(format!("{field}=[gt:|gte:|lt:|lte:]\"<RFC 3339 date>\"; '{raw}' is not a date"))
                        })?)
                    };
                    out.push(Filter::Date { field: f, op, at });
                }
            }
        }
        Ok(out)
    }
}

/// Parses a comma-separated list of key state integers.
pub fn parse_states(text: &str) -> Result<Vec<u8>, ()> {
    text.split(',')
        .map(|s| match s.trim() {
            "0" => Ok(0),
            "1" => Ok(1),
            "2" => Ok(2),
            "3" => Ok(3),
            "5" => Ok(5),
            _ => Err(()),
        })
        .collect()
}
