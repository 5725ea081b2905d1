//! The answer as curl prints it.

use serde_json::Value;

use super::{Call, USER_AGENT};
use crate::output::Output;
use byok_engine::{Request, Response};

/// Prints the answer as curl does: `-v` lines on stderr, `-i` headers, the body as sent, then
/// `-w`; `--fail` turns a status of 400 or more into curl's error 22.
pub(super) fn print(out: &mut Output, call: &Call, req: &Request, host: &str, resp: &Response) {
    let body = match (&resp.body, req.method.as_str()) {
        (_, "HEAD") | (None, _) => String::new(),
        (Some(v), _) => v.to_string(),
    };
    if call.verbose {
        verbose(out, req, host, &body, resp);
    }
    let failed = resp.status >= 400 && (call.fail || call.fail_with_body);
    if failed && !call.fail_with_body {
        // curl stops at the status line (no headers, no body) but still writes `-w` out, as
        // `-w '%{http_code}'` scripts rely on.
        error_22(out, call, resp.status);
        if let Some(format) = &call.write_out {
            let url = call.url.as_deref().unwrap_or_default();
            let text = write_out(format, resp, url, &req.method, "", out);
            out.stdout.push_str(&text);
        }
        return;
    }
    if call.include || call.head {
        out.stdout.push_str(&status_line(resp.status));
        out.stdout.push('\n');
        for (name, value) in response_headers(resp, &body) {
            out.stdout.push_str(&format!("{name}: {value}\n"));
        }
        out.stdout.push('\n');
    }
    if !call.discard {
        out.stdout.push_str(&body);
    }
    if let Some(format) = &call.write_out {
        let url = call.url.as_deref().unwrap_or_default();
        let text = write_out(format, resp, url, &req.method, &body, out);
        out.stdout.push_str(&text);
    }
    if failed {
        error_22(out, call, resp.status);
    }
}

/// `--fail`'s error for a status of 400 or more: curl's exit status 22.
fn error_22(out: &mut Output, call: &Call, status: u16) {
    if call.shows_errors() {
        out.err(format!(
            "curl: (22) The requested URL returned error: {status}"
        ));
    }
    out.code = 22;
}

fn status_line(status: u16) -> String {
    format!("HTTP/2 {status}")
}

/// The answer's headers as the wire carries them, `content-length` last.
fn response_headers(resp: &Response, body: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = resp
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect();
    headers.push(("content-length".into(), body.len().to_string()));
    headers
}

fn verbose(out: &mut Output, req: &Request, host: &str, body: &str, resp: &Response) {
    out.err(format!(
        "* The sandbox answers https://{host} itself: nothing leaves this page"
    ));
    out.err(format!("> {} {} HTTP/2", req.method, req.path));
    out.err(format!("> host: {host}"));
    out.err(format!("> user-agent: {USER_AGENT}"));
    out.err("> accept: */*");
    for (name, value) in &req.headers {
        out.err(format!("> {name}: {value}"));
    }
    if let Some(Value::String(data)) = &req.body {
        out.err(format!("> content-length: {}", data.len()));
    }
    out.err(">");
    out.err(format!("< {}", status_line(resp.status)));
    for (name, value) in response_headers(resp, body) {
        out.err(format!("< {name}: {value}"));
    }
    out.err("<");
}

/// `-w FORMAT`: `%{http_code}` and its kin, `\n`, `\t`, `\r`; `%%` is a `%`.
fn write_out(
    format: &str,
    resp: &Response,
    url: &str,
    method: &str,
    body: &str,
    out: &mut Output,
) -> String {
    let mut text = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("%{") {
            if let Some(end) = after.find('}') {
                let name = &after[..end];
                match variable(name, resp, url, method, body) {
                    Some(value) => text.push_str(&value),
                    None => out.err(format!("curl: unknown --write-out variable: '{name}'")),
                }
                rest = &after[end + 1..];
                continue;
            }
        }
        let escaped = match rest.get(..2) {
            Some("\\n") => Some('\n'),
            Some("\\t") => Some('\t'),
            Some("\\r") => Some('\r'),
            Some("%%") => Some('%'),
            _ => None,
        };
        match escaped {
            Some(e) => {
                text.push(e);
                rest = &rest[2..];
            }
            None => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    text
}

fn variable(name: &str, resp: &Response, url: &str, method: &str, body: &str) -> Option<String> {
    Some(match name {
        "http_code" | "response_code" => format!("{:03}", resp.status),
        "content_type" => resp
            .headers
            .get("content-type")
            .cloned()
            .unwrap_or_default(),
        "size_download" => body.len().to_string(),
        "url_effective" | "url" => url.to_string(),
        "method" => method.to_string(),
        "http_version" => "2".to_string(),
        "exitcode" => "0".to_string(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::collections::BTreeMap;

    #[test]
    fn write_out_expands_variables_and_escapes() {
        let resp = Response {
            status: 204,
            headers: BTreeMap::new(),
            body: None,
        };
        let mut out = Output::default();
        let text = write_out("%{http_code}\\n%%%{nope}", &resp, "u", "GET", "", &mut out);
        assert_eq!(text, "204\n%");
        assert!(out.stderr.contains("unknown --write-out variable: 'nope'"));
    }
}
