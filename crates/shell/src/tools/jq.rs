//! `jq`: the subset of jq's filters the documentation's examples use, over serde_json. A filter
//! is parsed once, then run on each JSON value of the input; errors read as jq's own.
//!
//! Supported: `.`, `.a`, `.["a"]`, `.a.b`, `.[N]`, `.[]`, `|`, `,`, `==`, `!=`, `length`,
//! `keys`, `select(f)`, `map(f)`, string, number, `true`, `false` and `null` literals, `( f )`;
//! flags `-r` (strings raw) and `-c` (one line per value).

use serde_json::Value;

use crate::output::Output;

/// What the sandbox's jq supports, for its errors and `help`.
pub(crate) const SUPPORTS: &str = ".  .a  .[\"a\"]  .a.b  .[N]  .[]  |  ,  ==  !=  length  keys  select(f)  map(f)  literals; flags -r -c";

#[derive(Clone, Debug, PartialEq)]
enum Filter {
    Identity,
    Field(Box<Filter>, String),
    Index(Box<Filter>, i64),
    Iterate(Box<Filter>),
    Pipe(Box<Filter>, Box<Filter>),
    Comma(Box<Filter>, Box<Filter>),
    Compare(Box<Filter>, bool, Box<Filter>),
    Literal(Value),
    Length,
    Keys,
    Select(Box<Filter>),
    Map(Box<Filter>),
}

/// `jq [-r] [-c] FILTER`, reading JSON values from `stdin`.
pub(crate) fn run(args: &[String], stdin: &str) -> Output {
    let mut out = Output::default();
    let (mut raw, mut compact, mut filter) = (false, false, None);
    for arg in args {
        match arg.as_str() {
            flag if flag.starts_with('-') && flag.len() > 1 && filter.is_none() => {
                for c in flag[1..].chars() {
                    match c {
                        'r' => raw = true,
                        'c' => compact = true,
                        _ => return usage(&format!("Unknown option: {flag}")),
                    }
                }
            }
            text if filter.is_none() => filter = Some(text.to_string()),
            file => {
                return usage(&format!(
                    "Could not open {file}: the sandbox's jq reads its input from a pipe only"
                ))
            }
        }
    }
    let filter = match parse(filter.as_deref().unwrap_or(".")) {
        Ok(f) => f,
        Err(why) => {
            out.err(format!("jq: error: {why}\njq: 1 compile error"));
            out.code = 3;
            return out;
        }
    };
    let mut stream = serde_json::Deserializer::from_str(stdin).into_iter::<Value>();
    while let Some(next) = stream.next() {
        let value = match next {
            Ok(v) => v,
            Err(e) => {
                out.err(format!(
                    "jq: error (at <stdin>:{}): Cannot parse the input as JSON ({e})",
                    e.line()
                ));
                out.code = 2;
                return out;
            }
        };
        let line = stdin[..stream.byte_offset()].matches('\n').count();
        match eval(&filter, &value) {
            Ok(results) => {
                for r in results {
                    out.out(show(&r, raw, compact));
                }
            }
            Err(why) => {
                out.err(format!("jq: error (at <stdin>:{line}): {why}"));
                out.code = 5;
                return out;
            }
        }
    }
    out
}

fn usage(why: &str) -> Output {
    let mut out = Output::default();
    out.err(format!(
        "jq: {why}\nUse jq [-r] [-c] FILTER; the sandbox's jq supports {SUPPORTS}"
    ));
    out.code = 2;
    out
}

fn show(v: &Value, raw: bool, compact: bool) -> String {
    match v {
        Value::String(s) if raw => s.clone(),
        _ if compact => v.to_string(),
        _ => serde_json::to_string_pretty(v).unwrap_or_default(),
    }
}

/// jq's name for a value's type.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn eval(f: &Filter, input: &Value) -> Result<Vec<Value>, String> {
    Ok(match f {
        Filter::Identity => vec![input.clone()],
        Filter::Literal(v) => vec![v.clone()],
        Filter::Field(base, name) => each(base, input, |v| field(v, name))?,
        Filter::Index(base, n) => each(base, input, |v| index(v, *n))?,
        Filter::Iterate(base) => {
            let mut out = Vec::new();
            for v in eval(base, input)? {
                out.extend(iterate(&v)?);
            }
            out
        }
        Filter::Pipe(a, b) => {
            let mut out = Vec::new();
            for v in eval(a, input)? {
                out.extend(eval(b, &v)?);
            }
            out
        }
        Filter::Comma(a, b) => {
            let mut out = eval(a, input)?;
            out.extend(eval(b, input)?);
            out
        }
        Filter::Compare(a, equal, b) => {
            let mut out = Vec::new();
            for r in eval(b, input)? {
                for l in eval(a, input)? {
                    out.push(Value::Bool((l == r) == *equal));
                }
            }
            out
        }
        Filter::Length => vec![length(input)?],
        Filter::Keys => vec![keys(input)?],
        Filter::Select(cond) => {
            let mut out = Vec::new();
            for c in eval(cond, input)? {
                if !matches!(c, Value::Null | Value::Bool(false)) {
                    out.push(input.clone());
                }
            }
            out
        }
        Filter::Map(each_f) => {
            let mut out = Vec::new();
            for v in iterate(input)? {
                out.extend(eval(each_f, &v)?);
            }
            vec![Value::Array(out)]
        }
    })
}

/// Applies `step` to each output of `base`.
fn each(
    base: &Filter,
    input: &Value,
    step: impl Fn(&Value) -> Result<Value, String>,
) -> Result<Vec<Value>, String> {
    eval(base, input)?.iter().map(step).collect()
}

fn field(v: &Value, name: &str) -> Result<Value, String> {
    match v {
        Value::Object(o) => Ok(o.get(name).cloned().unwrap_or(Value::Null)),
        Value::Null => Ok(Value::Null),
        other => Err(format!("Cannot index {} with \"{name}\"", kind(other))),
    }
}

fn index(v: &Value, n: i64) -> Result<Value, String> {
    match v {
        Value::Array(a) => {
            let at = if n < 0 { a.len() as i64 + n } else { n };
            Ok(usize::try_from(at)
                .ok()
                .and_then(|i| a.get(i))
                .cloned()
                .unwrap_or(Value::Null))
        }
        Value::Null => Ok(Value::Null),
        other => Err(format!("Cannot index {} with number", kind(other))),
    }
}

fn iterate(v: &Value) -> Result<Vec<Value>, String> {
    match v {
        Value::Array(a) => Ok(a.clone()),
        Value::Object(o) => Ok(o.values().cloned().collect()),
        other => Err(format!("Cannot iterate over {}", described(other))),
    }
}

fn length(v: &Value) -> Result<Value, String> {
    Ok(match v {
        Value::Null => 0.into(),
        Value::String(s) => s.chars().count().into(),
        Value::Array(a) => a.len().into(),
        Value::Object(o) => o.len().into(),
        Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0).abs()),
        Value::Bool(_) => return Err(format!("{} has no length", described(v))),
    })
}

fn keys(v: &Value) -> Result<Value, String> {
    match v {
        Value::Object(o) => Ok(o.keys().map(|k| Value::from(k.as_str())).collect()),
        Value::Array(a) => Ok((0..a.len()).map(Value::from).collect()),
        other => Err(format!("{} has no keys", described(other))),
    }
}

/// `null`, or a type and the value, as jq names a value in its errors: `string ("abc")`.
fn described(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        other => format!("{} ({})", kind(other), other),
    }
}

/// Parses a filter; the error names what is not supported.
fn parse(text: &str) -> Result<Filter, String> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    let f = p.pipe()?;
    p.blanks();
    match p.peek() {
        None => Ok(f),
        Some(_) => Err(p.unsupported()),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn blanks(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, text: &str) -> bool {
        self.blanks();
        let n = text.chars().count();
        if self.chars[self.pos..]
            .iter()
            .take(n)
            .copied()
            .eq(text.chars())
        {
            self.pos += n;
            return true;
        }
        false
    }

    fn unsupported(&self) -> String {
        let rest: String = self.chars[self.pos..].iter().collect();
        let rest = if rest.is_empty() {
            "the end of the filter".to_string()
        } else {
            format!("'{rest}'")
        };
        format!("the sandbox's jq does not support the filter at {rest}: it supports {SUPPORTS}")
    }

    fn pipe(&mut self) -> Result<Filter, String> {
        let mut f = self.comma()?;
        while self.eat("|") {
            f = Filter::Pipe(Box::new(f), Box::new(self.comma()?));
        }
        Ok(f)
    }

    fn comma(&mut self) -> Result<Filter, String> {
        let mut f = self.compare()?;
        while self.eat(",") {
            f = Filter::Comma(Box::new(f), Box::new(self.compare()?));
        }
        Ok(f)
    }

    fn compare(&mut self) -> Result<Filter, String> {
        let f = self.postfix()?;
        for (op, equal) in [("==", true), ("!=", false)] {
            if self.eat(op) {
                return Ok(Filter::Compare(
                    Box::new(f),
                    equal,
                    Box::new(self.postfix()?),
                ));
            }
        }
        Ok(f)
    }

    /// A term, then `.name`, `["name"]`, `[N]` and `[]` after it.
    fn postfix(&mut self) -> Result<Filter, String> {
        let mut f = self.term()?;
        loop {
            if self.peek() == Some('.')
                && self
                    .chars
                    .get(self.pos + 1)
                    .is_some_and(|&c| is_name_start(c) || c == '[' || c == '"')
            {
                self.pos += 1;
                if self.peek() != Some('[') {
                    f = Filter::Field(Box::new(f), self.name_or_string()?);
                    continue;
                }
            }
            if self.peek() != Some('[') {
                return Ok(f);
            }
            self.pos += 1;
            f = self.bracket(f)?;
        }
    }

    /// After `[`: `]`, `N]` or `"name"]`.
    fn bracket(&mut self, base: Filter) -> Result<Filter, String> {
        self.blanks();
        let f = match self.peek() {
            Some(']') => Filter::Iterate(Box::new(base)),
            Some('"') => Filter::Field(Box::new(base), self.string()?),
            Some(c) if c.is_ascii_digit() || c == '-' => {
                Filter::Index(Box::new(base), self.integer()?)
            }
            _ => return Err(self.unsupported()),
        };
        if !self.eat("]") {
            return Err(self.unsupported());
        }
        Ok(f)
    }

    fn term(&mut self) -> Result<Filter, String> {
        self.blanks();
        match self.peek() {
            Some('.') => {
                self.pos += 1;
                if self.peek().is_some_and(|c| is_name_start(c) || c == '"') {
                    return Ok(Filter::Field(
                        Box::new(Filter::Identity),
                        self.name_or_string()?,
                    ));
                }
                Ok(Filter::Identity)
            }
            Some('"') => Ok(Filter::Literal(Value::String(self.string()?))),
            Some(c) if c.is_ascii_digit() || c == '-' => {
                Ok(Filter::Literal(self.integer()?.into()))
            }
            Some('(') => {
                self.pos += 1;
                let f = self.pipe()?;
                if !self.eat(")") {
                    return Err(self.unsupported());
                }
                Ok(f)
            }
            Some(c) if is_name_start(c) => self.function(),
            _ => Err(self.unsupported()),
        }
    }

    /// A named filter: `length`, `keys`, `select(f)`, `map(f)`, `true`, `false`, `null`.
    fn function(&mut self) -> Result<Filter, String> {
        let start = self.pos;
        let name = self.name();
        let f = match name.as_str() {
            "length" => Filter::Length,
            "keys" => Filter::Keys,
            "true" => Filter::Literal(Value::Bool(true)),
            "false" => Filter::Literal(Value::Bool(false)),
            "null" => Filter::Literal(Value::Null),
            "select" | "map" if self.eat("(") => {
                let inner = Box::new(self.pipe()?);
                if !self.eat(")") {
                    return Err(self.unsupported());
                }
                if name == "select" {
                    Filter::Select(inner)
                } else {
                    Filter::Map(inner)
                }
            }
            _ => {
                self.pos = start;
                return Err(format!(
                    "{name}/0 is not defined in the sandbox's jq, which supports {SUPPORTS}"
                ));
            }
        };
        Ok(f)
    }

    fn name(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn name_or_string(&mut self) -> Result<String, String> {
        if self.peek() == Some('"') {
            self.string()
        } else {
            Ok(self.name())
        }
    }

    /// A JSON string literal.
    fn string(&mut self) -> Result<String, String> {
        let start = self.pos;
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '\\' => self.pos += 1,
                '"' => {
                    let text: String = self.chars[start..self.pos].iter().collect();
                    return serde_json::from_str(&text)
                        .map_err(|e| format!("bad string {text}: {e}"));
                }
                _ => {}
            }
        }
        self.pos = start;
        Err(self.unsupported())
    }

    fn integer(&mut self) -> Result<i64, String> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse().map_err(|_| {
            self.pos = start;
            self.unsupported()
        })
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jq(args: &[&str], input: &str) -> Output {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        run(&args, input)
    }

    const KEYS: &str =
        r#"[{"id":"k1","name":"a","state":1,"aliases":["x"]},{"id":"k2","name":"b","state":2}]"#;

    #[test]
    fn paths_iteration_and_raw_output() {
        assert_eq!(jq(&["-r", ".[] | .id"], KEYS).stdout, "k1\nk2\n");
        assert_eq!(jq(&["-r", r#".[0]["name"]"#], KEYS).stdout, "a\n");
        assert_eq!(jq(&[".[1].state"], KEYS).stdout, "2\n");
        assert_eq!(jq(&[".[-1].id"], KEYS).stdout, "\"k2\"\n");
        assert_eq!(jq(&[".[0].aliases[0]"], KEYS).stdout, "\"x\"\n");
        assert_eq!(jq(&[".[5]"], KEYS).stdout, "null\n");
        assert_eq!(jq(&["-r", r#".["id"]"#], r#"{"id":"k9"}"#).stdout, "k9\n");
        assert_eq!(
            jq(&["-c", "."], r#"{ "a": [1, 2] }"#).stdout,
            "{\"a\":[1,2]}\n"
        );
        assert_eq!(jq(&["."], r#"{"a":1}"#).stdout, "{\n  \"a\": 1\n}\n");
        assert_eq!(
            jq(&["-rc", ".a, .b"], r#"{"a":"x","b":[1]}"#).stdout,
            "x\n[1]\n"
        );
        // Several input values, each filtered in turn.
        assert_eq!(jq(&[".n"], "{\"n\":1}\n{\"n\":2}").stdout, "1\n2\n");
    }

    #[test]
    fn functions_select_and_map() {
        assert_eq!(jq(&["length"], KEYS).stdout, "2\n");
        assert_eq!(
            jq(&["-c", ".[0] | keys"], KEYS).stdout,
            "[\"aliases\",\"id\",\"name\",\"state\"]\n"
        );
        assert_eq!(
            jq(&["-r", r#".[] | select(.name == "b") | .id"#], KEYS).stdout,
            "k2\n"
        );
        assert_eq!(
            jq(&["-r", ".[] | select(.state != 1) | .id"], KEYS).stdout,
            "k2\n"
        );
        assert_eq!(jq(&["-c", "map(.id)"], KEYS).stdout, "[\"k1\",\"k2\"]\n");
        assert_eq!(
            jq(&["-c", "map(select(.state == 1) | .name)"], KEYS).stdout,
            "[\"a\"]\n"
        );
    }

    #[test]
    fn errors_read_as_jq_errors() {
        let o = jq(&[".id"], KEYS);
        assert_eq!(
            (o.stderr.as_str(), o.code),
            (
                "jq: error (at <stdin>:0): Cannot index array with \"id\"\n",
                5
            )
        );
        let o = jq(&[".[] | .[]"], "{\"a\": \"s\"}\n");
        assert_eq!(
            o.stderr,
            "jq: error (at <stdin>:0): Cannot iterate over string (\"s\")\n"
        );
        let o = jq(&[".a | to_entries"], "{}");
        assert_eq!(o.code, 3);
        assert!(
            o.stderr
                .starts_with("jq: error: to_entries/0 is not defined"),
            "{}",
            o.stderr
        );
        assert!(o.stderr.ends_with("jq: 1 compile error\n"));
        let o = jq(&[".a // 1"], "{}");
        assert!(
            o.stderr.contains("does not support the filter at '// 1'"),
            "{}",
            o.stderr
        );
        let o = jq(&["."], "{not json");
        assert_eq!(o.code, 2);
        let o = jq(&["-x", "."], "{}");
        assert!(o.stderr.starts_with("jq: Unknown option: -x"));
    }
}
