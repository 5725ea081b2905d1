//! Documented output against what the sandbox printed, compared by shape: the values a real
//! account and a sandbox can never share (ids, CRNs, dates, tokens, ciphertexts, user ids) stand
//! for their kind on both sides, whitespace and table padding do not count, and the
//! documentation's own placeholders (`<key_ID>`, `...`, `…`) match anything. Pure functions: the
//! documentation drift checker (`crates/docs-check`) uses them, and the browser's runnable code
//! blocks can too.

use std::collections::BTreeMap;

use serde_json::Value;

/// What [`normalize`] writes for a documentation placeholder: it matches any text.
pub const ANY: char = '…';

/// The outcome of [`compare`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub matches: bool,
    /// The lines that differ, in order; empty when the shapes match.
    pub differences: Vec<Difference>,
}

/// One line of a text, numbered from 1 as it stands in that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub text: String,
}

/// A documented line that has no counterpart, an actual line that has none, or both side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub expected: Option<Line>,
    pub actual: Option<Line>,
}

/// A line reduced to its shape: each id, CRN, date, token or blob becomes its kind (`<id>`,
/// `<crn>`, `<date>`, `<token>`, `<value>`, `<user>`), a placeholder becomes [`ANY`], whitespace
/// runs become one space, `"key" : value` becomes `"key":value`, and a trailing comma goes.
pub fn normalize(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        // Dots right after a value cut it short, even though they follow a letter.
        let after_value = out.ends_with("<value>") || out.ends_with("<token>");
        let dots = run(&chars, i, |c| c == '.');
        if after_value && (dots >= 3 || chars[i] == ANY) {
            push_kind(&mut out, "…");
            i += dots.max(1);
            continue;
        }
        if let Some((len, kind)) = token_at(&chars, i) {
            push_kind(&mut out, kind);
            i += len;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    tidy(&out)
}

/// Compares documented output with actual output, line by line after [`normalize`], blank lines
/// left out. A documented line that is only a placeholder (`...`) stands for any number of
/// lines. When the documented text is JSON-like and the actual is JSON, the actual is laid out
/// first as the documentation lays JSON out (pretty, its keys in the documented order), so a
/// compact answer compares with a pretty example. Texts whose lines differ but that match once
/// every line break counts as a space match too: the documentation wraps long lines (a
/// `kp.Error` over several).
pub fn compare(expected: &str, actual: &str) -> Comparison {
    let actual = relayout(expected, actual).unwrap_or_else(|| actual.to_string());
    let exp = numbered(expected);
    let act = numbered(&actual);
    let mut differences = align(&exp, &act).differences;
    if !differences.is_empty() {
        let joined = |lines: &[Numbered]| {
            let texts: Vec<&str> = lines.iter().map(|l| l.line.text.as_str()).collect();
            normalize(&texts.join(" "))
        };
        if line_matches(&joined(&exp), &joined(&act)) {
            differences.clear();
        }
    }
    Comparison {
        matches: differences.is_empty(),
        differences,
    }
}

/// The ids and CRNs the documentation shows paired with those the sandbox printed in their
/// place, from the lines that matched (a line's values pair up in order when both lines hold
/// the same kinds): a page's later commands can then use the sandbox's values for the ones the
/// writer's account had.
pub fn corresponding_values(expected: &str, actual: &str) -> Vec<(String, String)> {
    let actual = relayout(expected, actual).unwrap_or_else(|| actual.to_string());
    let (exp, act) = (numbered(expected), numbered(&actual));
    let mut out = Vec::new();
    for (i, j) in align(&exp, &act).pairs {
        let (a, b) = (ids(&exp[i].line.text), ids(&act[j].line.text));
        let kinds = |v: &[(&'static str, String)]| v.iter().map(|(k, _)| *k).collect::<Vec<_>>();
        if kinds(&a) == kinds(&b) {
            out.extend(a.into_iter().zip(b).map(|((_, x), (_, y))| (x, y)));
        }
    }
    out
}

/// The ids and CRNs of a line, with their kind, in order.
fn ids(line: &str) -> Vec<(&'static str, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match token_at(&chars, i) {
            Some((len, kind)) => {
                if kind == "<id>" || kind == "<crn>" {
                    out.push((kind, chars[i..i + len].iter().collect()));
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a normalized actual line fits a normalized documented line, whose [`ANY`]s match any
/// text.
pub fn line_matches(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split(ANY).collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    let fits = actual.len() >= first.len() + last.len()
        && actual.starts_with(first)
        && actual.ends_with(last);
    if !fits {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

struct Numbered {
    line: Line,
    shape: String,
}

fn numbered(text: &str) -> Vec<Numbered> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| Numbered {
            line: Line {
                number: n + 1,
                text: l.trim_end().to_string(),
            },
            shape: normalize(l),
        })
        .collect()
}

/// Above this many line pairs the alignment is by position only (the table would be too big).
const MAX_CELLS: usize = 4_000_000;

/// The lines that differ, by the cheapest alignment (each unmatched line costs one; a wildcard
/// line takes any number of actual lines for nothing), unmatched lines between two matched ones
/// paired up in order.
fn align(exp: &[Numbered], act: &[Numbered]) -> Alignment {
    let (n, m) = (exp.len(), act.len());
    let wild = |i: usize| exp[i].shape == ANY.to_string();
    let fits = |i: usize, j: usize| line_matches(&exp[i].shape, &act[j].shape);
    if (n + 1) * (m + 1) > MAX_CELLS {
        let mut gap = Gap::default();
        for k in (0..n.max(m)).filter(|&k| k >= n || k >= m || !fits(k, k)) {
            gap.lost.extend((k < n).then_some(k));
            gap.extra.extend((k < m).then_some(k));
        }
        let mut out = Vec::new();
        gap.flush(exp, act, &mut out);
        let pairs = (0..n.min(m))
            .filter(|&k| fits(k, k))
            .map(|k| (k, k))
            .collect();
        return Alignment {
            differences: out,
            pairs,
        };
    }
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let mut cost = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            cost[at(i, j)] = match (i == n, j == m) {
                (true, true) => 0,
                (true, false) => 1 + cost[at(i, j + 1)],
                (false, true) => u32::from(!wild(i)) + cost[at(i + 1, j)],
                (false, false) => {
                    let mut best = 1 + cost[at(i + 1, j)].min(cost[at(i, j + 1)]);
                    if wild(i) {
                        best = best.min(cost[at(i + 1, j)]).min(cost[at(i, j + 1)]);
                    }
                    if fits(i, j) {
                        best = best.min(cost[at(i + 1, j + 1)]);
                    }
                    best
                }
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut gap = Gap::default();
    let (mut out, mut pairs) = (Vec::new(), Vec::new());
    while i < n || j < m {
        let here = cost[at(i, j)];
        if i < n && j < m && fits(i, j) && here == cost[at(i + 1, j + 1)] {
            gap.flush(exp, act, &mut out);
            pairs.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if i < n && j < m && wild(i) && here == cost[at(i, j + 1)] {
            gap.flush(exp, act, &mut out);
            j += 1;
        } else if i < n && wild(i) && here == cost[at(i + 1, j)] {
            i += 1;
        } else if i < n && (j == m || here == 1 + cost[at(i + 1, j)]) {
            gap.lost.push(i);
            i += 1;
        } else {
            gap.extra.push(j);
            j += 1;
        }
    }
    gap.flush(exp, act, &mut out);
    Alignment {
        differences: out,
        pairs,
    }
}

/// The lines that differ, and the lines that matched (indices into each side).
struct Alignment {
    differences: Vec<Difference>,
    pairs: Vec<(usize, usize)>,
}

/// The unmatched documented and actual lines (indices) between two matched ones.
#[derive(Default)]
struct Gap {
    lost: Vec<usize>,
    extra: Vec<usize>,
}

impl Gap {
    /// Their differences, side by side in order, and an empty gap again.
    fn flush(&mut self, exp: &[Numbered], act: &[Numbered], out: &mut Vec<Difference>) {
        for k in 0..self.lost.len().max(self.extra.len()) {
            out.push(Difference {
                expected: self.lost.get(k).map(|&i| exp[i].line.clone()),
                actual: self.extra.get(k).map(|&j| act[j].line.clone()),
            });
        }
        self.lost.clear();
        self.extra.clear();
    }
}

/// The actual JSON laid out as the documented JSON is: pretty, keys in the order the documented
/// text first names them (others after, alphabetically). None unless the documented text opens
/// like JSON and the actual is a JSON object or array.
fn relayout(expected: &str, actual: &str) -> Option<String> {
    let opening = expected.trim_start().chars().next()?;
    if opening != '{' && opening != '[' {
        return None;
    }
    let value: Value = serde_json::from_str(actual.trim()).ok()?;
    if !value.is_object() && !value.is_array() {
        return None;
    }
    let order = key_order(expected);
    let mut out = String::new();
    write_json(&value, &order, 0, &mut out);
    out.push('\n');
    Some(out)
}

/// Each `"key":` of a text, by its first place.
fn key_order(text: &str) -> BTreeMap<String, usize> {
    let mut order = BTreeMap::new();
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else { break };
        let key = &after[..close];
        let tail = &after[close + 1..];
        if tail.trim_start().starts_with(':') {
            let next = order.len();
            order.entry(key.to_string()).or_insert(next);
        }
        rest = tail;
    }
    order
}

fn write_json(value: &Value, order: &BTreeMap<String, usize>, depth: usize, out: &mut String) {
    let pad = |d: usize| "    ".repeat(d);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| (order.get(*k).copied().unwrap_or(usize::MAX), (*k).clone()));
            out.push_str("{\n");
            for (n, k) in keys.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push_str(": ");
                write_json(&map[*k], order, depth + 1, out);
                out.push_str(if n + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (n, item) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                write_json(item, order, depth + 1, out);
                out.push_str(if n + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Appends a kind to a line being normalized. Values that touch merge (a value cut short by a
/// placeholder, `eyJraWQi...<redacted>...o4ql`, is one value): into [`ANY`] if one of them is a
/// placeholder, else into one `<value>`. A placeholder merges across spaces too
/// (`eyJraWQi ...<redacted>... o4ql`).
fn push_kind(out: &mut String, kind: &str) {
    const MERGING: [&str; 3] = ["<value>", "<token>", "…"];
    let trimmed = out.trim_end();
    let tail = MERGING.iter().find(|m| trimmed.ends_with(**m));
    let spaced = trimmed.len() < out.len();
    let merges = |tail: &str| !spaced || tail == "…" || kind == "…";
    match tail {
        Some(tail) if MERGING.contains(&kind) && merges(tail) => {
            let merged = if *tail == "…" || kind == "…" {
                "…"
            } else {
                "<value>"
            };
            out.truncate(trimmed.len() - tail.len());
            out.push_str(merged);
        }
        _ => out.push_str(kind),
    }
}

/// The token that starts at `chars[i]`, if any: its length and what it becomes.
fn token_at(chars: &[char], i: usize) -> Option<(usize, &'static str)> {
    if let Some(len) = placeholder(chars, i) {
        return Some((len, "…"));
    }
    if let Some(len) = ellipsis(chars, i) {
        return Some((len, "…"));
    }
    let boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
    if !boundary {
        return None;
    }
    let rest: String = chars[i..chars.len().min(i + 16)].iter().collect();
    if rest.starts_with("crn:v1:") {
        let len = run(chars, i, |c| !c.is_whitespace() && !"\"',)]}".contains(c));
        return Some((len, "<crn>"));
    }
    for prefix in ["IBMid-", "iam-ServiceId-", "ServiceId-"] {
        if rest.starts_with(prefix) {
            let len = run(chars, i, |c| c.is_ascii_alphanumeric() || c == '-');
            return Some((len, "<user>"));
        }
    }
    if let Some(len) = email(chars, i) {
        return Some((len, "<user>"));
    }
    if let Some(len) = jwt(chars, i) {
        return Some((len, "<token>"));
    }
    if let Some(len) = uuid(chars, i) {
        return Some((len, "<id>"));
    }
    if let Some(len) = date(chars, i) {
        return Some((len, "<date>"));
    }
    blob(chars, i).map(|len| (len, "<value>"))
}

/// How many characters from `i` satisfy `ok`.
fn run(chars: &[char], i: usize, ok: impl Fn(char) -> bool) -> usize {
    chars[i..].iter().take_while(|&&c| ok(c)).count()
}

/// `<key_ID>`, `<instance ID>`, `<...>`, `<>`: angle brackets around a short name.
fn placeholder(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '<' {
        return None;
    }
    let inner = run(chars, i + 1, |c| c != '<' && c != '>' && c != '\n');
    let closed = chars.get(i + 1 + inner) == Some(&'>');
    let first = chars.get(i + 1).copied().unwrap_or('>');
    (closed
        && inner <= 64
        && (first.is_alphabetic() || first == '.' || first == ANY || first == '>'))
        .then_some(inner + 2)
}

/// `...` or `…` standing for elided text: not right after a word (`Retrieving keys...` is the
/// CLI's own text).
fn ellipsis(chars: &[char], i: usize) -> Option<usize> {
    let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || "')".contains(chars[i - 1]));
    if after_word {
        return None;
    }
    let dots = run(chars, i, |c| c == '.');
    match chars[i] {
        ANY => Some(1),
        '.' if dots >= 3 => Some(dots),
        _ => None,
    }
}

fn email(chars: &[char], i: usize) -> Option<usize> {
    let len = run(chars, i, |c| {
        c.is_ascii_alphanumeric() || "._%+-@".contains(c)
    });
    let word: String = chars[i..i + len].iter().collect();
    let word = word.trim_end_matches('.');
    let (user, host) = word.split_once('@')?;
    (!user.is_empty() && host.contains('.') && !host.contains('@')).then_some(word.chars().count())
}

fn jwt(chars: &[char], i: usize) -> Option<usize> {
    let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
    if rest != "eyJ" {
        return None;
    }
    let part = |at: usize| {
        run(chars, at, |c| {
            c.is_ascii_alphanumeric() || c == '_' || c == '-'
        })
    };
    let first = part(i);
    let second_at = i + first + 1;
    if chars.get(i + first) != Some(&'.') || part(second_at) == 0 {
        return None;
    }
    let third_at = second_at + part(second_at) + 1;
    if chars.get(third_at - 1) != Some(&'.') {
        return None;
    }
    Some(third_at + part(third_at) - i)
}

/// 8-4-4-4-12 letters and digits (the documentation's made-up ids are not always hexadecimal).
fn uuid(chars: &[char], i: usize) -> Option<usize> {
    let mut at = i;
    for (n, len) in [8, 4, 4, 4, 12].into_iter().enumerate() {
        if run(chars, at, |c| c.is_ascii_alphanumeric()) != len {
            return None;
        }
        at += len;
        if n < 4 {
            if chars.get(at) != Some(&'-') {
                return None;
            }
            at += 1;
        }
    }
    Some(at - i)
}

/// `2020-03-12`, with a time (`T03:37:32Z`, ` 03:37:32.52 +0000 UTC`) when one follows.
fn date(chars: &[char], i: usize) -> Option<usize> {
    let digits = |at: usize, n: usize| run(chars, at, |c| c.is_ascii_digit()) >= n;
    let is = |at: usize, c: char| chars.get(at) == Some(&c);
    if !(digits(i, 4) && is(i + 4, '-') && digits(i + 5, 2) && is(i + 7, '-') && digits(i + 8, 2)) {
        return None;
    }
    let mut at = i + 10;
    let time = (is(at, 'T') || is(at, ' ')) && digits(at + 1, 2) && is(at + 3, ':');
    if time && digits(at + 4, 2) {
        at += 6;
        if is(at, ':') && digits(at + 1, 2) {
            at += 3;
        }
        if is(at, '.') {
            at += 1 + run(chars, at + 1, |c| c.is_ascii_digit());
        }
        if is(at, 'Z') {
            at += 1;
        } else if (is(at, '+') || is(at, '-')) && digits(at + 1, 2) {
            at += 1 + run(chars, at + 1, |c| c.is_ascii_digit() || c == ':');
        }
        if is(at, ' ') && (is(at + 1, '+') || is(at + 1, '-')) && digits(at + 2, 4) {
            at += 6;
        }
        let zone: String = chars[at..chars.len().min(at + 4)].iter().collect();
        if zone == " UTC" {
            at += 4;
        }
    }
    Some(at - i)
}

/// A run of base64 (or base64url) characters that holds a value: 16 or more, with a digit and a
/// letter, and either both cases or only hexadecimal digits (so paths and names stay words).
fn blob(chars: &[char], i: usize) -> Option<usize> {
    let len = run(chars, i, |c| {
        c.is_ascii_alphanumeric() || "+/=_-".contains(c)
    });
    let word = &chars[i..i + len];
    let has = |f: fn(&char) -> bool| word.iter().any(f);
    // Base64 of JSON (a JWT's or a ciphertext's start) is a value however short the example.
    let json = len >= 6 && word.starts_with(&['e', 'y', 'J']);
    let value = json
        || len >= 16
            && has(char::is_ascii_digit)
            && has(char::is_ascii_alphabetic)
            && ((has(char::is_ascii_uppercase) && has(char::is_ascii_lowercase))
                || word.iter().all(char::is_ascii_hexdigit));
    value.then_some(len)
}

/// Whitespace runs to one space, `"key" : value` to `"key":value`, no trailing comma, and a
/// quoted string with a placeholder in it (`"user id ...<redacted>..."`) all placeholder.
fn tidy(text: &str) -> String {
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.contains(ANY) {
        let parts: Vec<&str> = out.split('"').collect();
        let last = parts.len() - 1;
        out = parts
            .iter()
            .enumerate()
            .map(|(n, p)| match n % 2 == 1 && n < last && p.contains(ANY) {
                true => "…",
                false => p,
            })
            .collect::<Vec<_>>()
            .join("\"");
    }
    while let Some(at) = out.find("\" :") {
        out.replace_range(at..at + 3, "\":");
    }
    while let Some(at) = out.find("\": ") {
        out.replace_range(at..at + 3, "\":");
    }
    if out.ends_with(',') {
        out.pop();
    }
    out
}

#[cfg(test)]
#[path = "docs_tests.rs"]
mod tests;
