//! curl's command line: options grouped or apart, values attached or in the next word.

use super::{Call, Failure, HELP};
use crate::fmt::encode;

/// Reads curl's options. Short options may be grouped (`-sS`, `-XPOST`), and take their value
/// from the rest of the group or the next word.
pub(super) fn parse(args: &[String], stdin: &str) -> Result<Call, Failure> {
    let mut call = Call::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--help" || arg == "-h" {
            // Help ends the parse as a mistake would, with status 0 and the help as its message.
            return Err(Failure::new(0, HELP));
        }
        if let Some(long) = arg.strip_prefix("--") {
            if !long_option(&mut call, long, args, &mut i, stdin)? {
                return Err(Failure::new(2, format!("option --{long}: is unknown")));
            }
            continue;
        }
        let Some(group) = arg.strip_prefix('-').filter(|g| !g.is_empty()) else {
            call.url = Some(arg.clone());
            continue;
        };
        for (n, flag) in group.char_indices() {
            let rest = &group[n + flag.len_utf8()..];
            let takes_value = "XHdwuo".contains(flag);
            if takes_value {
                let value = if rest.is_empty() {
                    next_value(args, &mut i, &format!("-{flag}"))?
                } else {
                    rest.to_string()
                };
                short_value(&mut call, flag, value, stdin)?;
                break;
            }
            match flag {
                'i' => call.include = true,
                'I' => call.head = true,
                's' => call.silent = true,
                'S' => call.show_error = true,
                'v' => call.verbose = true,
                'f' => call.fail = true,
                'k' | 'L' | 'g' => {}
                _ => return Err(Failure::new(2, format!("option -{flag}: is unknown"))),
            }
        }
    }
    if call.url.is_none() {
        return Err(Failure::new(2, "no URL specified!"));
    }
    Ok(call)
}

fn next_value(args: &[String], i: &mut usize, option: &str) -> Result<String, Failure> {
    let value = args
        .get(*i)
        .cloned()
        .ok_or_else(|| Failure::new(2, format!("option {option}: requires parameter")))?;
    *i += 1;
    Ok(value)
}

fn short_value(call: &mut Call, flag: char, value: String, stdin: &str) -> Result<(), Failure> {
    match flag {
        'X' => call.method = Some(value),
        'H' => header(call, &value),
        'd' => call.data.push(data(&value, stdin)?),
        'w' => call.write_out = Some(value),
        'u' => basic_auth(call, &value),
        'o' => output_file(call, &value)?,
        _ => unreachable!("-{flag} takes no value"),
    }
    Ok(())
}

/// A long option; `false` when curl has no such option (or the sandbox's curl does not take it).
fn long_option(
    call: &mut Call,
    name: &str,
    args: &[String],
    i: &mut usize,
    stdin: &str,
) -> Result<bool, Failure> {
    let short = match name {
        "request" => 'X',
        "header" => 'H',
        "data" | "data-ascii" | "data-binary" => 'd',
        "write-out" => 'w',
        "user" => 'u',
        "output" => 'o',
        "data-raw" => {
            let value = next_value(args, i, "--data-raw")?;
            call.data.push(value);
            return Ok(true);
        }
        "data-urlencode" => {
            let value = next_value(args, i, "--data-urlencode")?;
            call.data.push(urlencoded(&value));
            return Ok(true);
        }
        "url" => {
            call.url = Some(next_value(args, i, "--url")?);
            return Ok(true);
        }
        "include" => return Ok(set(&mut call.include)),
        "head" => return Ok(set(&mut call.head)),
        "silent" => return Ok(set(&mut call.silent)),
        "show-error" => return Ok(set(&mut call.show_error)),
        "verbose" => return Ok(set(&mut call.verbose)),
        "fail" => return Ok(set(&mut call.fail)),
        "fail-with-body" => return Ok(set(&mut call.fail_with_body)),
        "insecure" | "location" | "compressed" | "globoff" | "http2" | "http1.1" => {
            return Ok(true)
        }
        _ => return Ok(false),
    };
    let value = next_value(args, i, &format!("--{name}"))?;
    short_value(call, short, value, stdin)?;
    Ok(true)
}

fn set(flag: &mut bool) -> bool {
    *flag = true;
    true
}

/// `-H "Name: value"`; `-H "Name:"` takes a header away, as curl does with its own.
fn header(call: &mut Call, line: &str) {
    let (name, value) = match line.split_once(':') {
        Some((n, v)) => (n.trim(), v.trim()),
        None => (line.trim().trim_end_matches(';'), ""),
    };
    call.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    if !value.is_empty() {
        call.headers.push((name.to_string(), value.to_string()));
    }
}

/// `-d` data: as given, `@-` reads standard input; curl drops its newlines, as it does with
/// `-d @file`. Files are not something the sandbox has.
fn data(value: &str, stdin: &str) -> Result<String, Failure> {
    match value.strip_prefix('@') {
        Some("-") => Ok(stdin.replace(['\n', '\r'], "")),
        Some(file) => Err(Failure {
            code: 26,
            message: format!("Failed to open/read local data from file/application: {file}"),
            note: Some(
                "The sandbox has no files: give the body inline (-d '{...}') or pipe it in (-d @-)."
                    .into(),
            ),
        }),
        None => Ok(value.to_string()),
    }
}

/// `--data-urlencode name=value`: the value percent-encoded (a bare value is encoded whole).
fn urlencoded(value: &str) -> String {
    match value.split_once('=') {
        Some((name, v)) => format!("{name}={}", encode(v)),
        None => encode(value),
    }
}

/// `-u user:password`: HTTP basic authentication (the CLI's token call sends `bx:bx`).
fn basic_auth(call: &mut Call, credentials: &str) {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
    header(call, &format!("authorization: Basic {encoded}"));
}

/// `-o`: only `/dev/null` (the body thrown away, as with `-w '%{http_code}'`) and `-` (stdout).
fn output_file(call: &mut Call, path: &str) -> Result<(), Failure> {
    match path {
        "/dev/null" => call.discard = true,
        "-" => call.discard = false,
        other => {
            return Err(Failure {
                code: 23,
                message: format!("Failure writing output to destination: {other}"),
                note: Some("The sandbox has no files: leave out -o, or use -o /dev/null.".into()),
            })
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn grouped_short_options_and_values_attached_or_apart() {
        let call = parse(&words("-sSf -XPOST -H a:1 -d x https://h/p"), "")
            .ok()
            .unwrap();
        assert!(call.silent && call.show_error && call.fail);
        assert_eq!(call.method.as_deref(), Some("POST"));
        assert_eq!(call.headers, vec![("a".to_string(), "1".to_string())]);
        assert_eq!(call.data, vec!["x"]);
        assert_eq!(call.url.as_deref(), Some("https://h/p"));
    }

    #[test]
    fn unknown_options_and_missing_values_are_usage_errors() {
        assert_eq!(parse(&words("-Z https://h"), "").err().unwrap().code, 2);
        assert_eq!(
            parse(&words("--bogus https://h"), "").err().unwrap().code,
            2
        );
        let missing = parse(&words("https://h -H"), "").err().unwrap();
        assert_eq!(missing.message, "option -H: requires parameter");
    }

    #[test]
    fn data_from_files_and_output_to_files_are_refused_and_stdin_is_read() {
        assert_eq!(
            parse(&words("-d @body.json https://h"), "")
                .err()
                .unwrap()
                .code,
            26
        );
        assert_eq!(
            parse(&words("-o out.json https://h"), "")
                .err()
                .unwrap()
                .code,
            23
        );
        let call = parse(&words("-d @- https://h"), "{\"a\":\n1}\n")
            .ok()
            .unwrap();
        assert_eq!(call.data, vec!["{\"a\":1}"]);
    }

    #[test]
    fn a_header_given_empty_takes_it_away() {
        let call = parse(&words("-H a:1 -H A: https://h"), "").ok().unwrap();
        assert!(call.headers.is_empty());
    }

    #[test]
    fn urlencoding_keeps_the_name_and_encodes_the_value() {
        assert_eq!(
            urlencoded("grant_type=urn:ibm:params:oauth:grant-type:apikey"),
            "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey"
        );
    }
}
