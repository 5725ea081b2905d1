//! Text layouts of the CLI (tables with aligned columns and `Label:   value` blocks), JSON as text,
//! and the percent-encoding of request paths.

use serde_json::Value;

/// Columns aligned with three spaces between them, as the CLI's tab writer prints them; the last
/// column is not padded.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        let last = cells.len().saturating_sub(1);
        for (i, cell) in cells.iter().enumerate() {
            s.push_str(cell);
            if i < last {
                let pad = widths[i] - cell.chars().count() + 3;
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push('\n');
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// `Label:   value` lines with the values aligned.
pub fn fields(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(l, _)| l.len() + 1).max().unwrap_or(0);
    rows.iter()
        .map(|(label, value)| {
            format!("{:width$}   {value}", format!("{label}:"))
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Label and value pairs in two aligned columns, as the plugin's tab writer prints them (no colons).
pub fn pairs(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(label, value)| format!("{label:width$}   {value}").trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A JSON value as text: strings bare, null as `-`.
pub fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "-".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// An RFC 3339 UTC instant (`2026-01-01T00:00:00Z`) as the plugin's Go prints a time
/// (`2026-01-01 00:00:00 +0000 UTC`); any other text as it is.
pub fn go_time(rfc3339: &str) -> String {
    match rfc3339.strip_suffix('Z').and_then(|t| t.split_once('T')) {
        Some((date, time)) => format!("{date} {time} +0000 UTC"),
        None => rfc3339.to_string(),
    }
}

pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Percent-encodes what is not safe in a path segment or query value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
