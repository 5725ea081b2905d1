//! The command line: `byok-sandbox-server [--port N] [--host ADDR] [--seed N] [--state FILE]
//! [--token-ttl DURATION]`.

use std::path::PathBuf;

use byok_engine::{Duration, TOKEN_LIFETIME};

pub const USAGE: &str = "\
usage: byok-sandbox-server [--port N] [--host ADDR] [--seed N] [--state FILE] [--token-ttl DURATION]

  --port N              the port to listen on (default 8090; 0 picks a free one)
  --host ADDR           the address to bind (default 127.0.0.1, loopback only)
  --seed N              the sandbox's seed, which fixes every id, key and API key (default: random)
  --state FILE          load the sandbox from FILE (the app's export format) and rewrite it on every change
  --token-ttl DURATION  how long issued IAM access tokens last (default 1h; e.g. 5m, 0s)

The first line on stdout is one JSON object: {\"url\", \"instance\", \"seed\", \"serviceToken\",
\"users\": [{\"name\", \"role\", \"apikey\"}]}, the account owner first.";

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub host: String,
    pub port: u16,
    pub seed: Option<u64>,
    pub state: Option<PathBuf>,
    pub token_ttl: Duration,
    pub help: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            host: "127.0.0.1".into(),
            port: 8090,
            seed: None,
            state: None,
            token_ttl: TOKEN_LIFETIME,
            help: false,
        }
    }
}

/// Reads the arguments (without the program's name); `--name value` and `--name=value` both work.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if name == "--help" || name == "-h" {
            options.help = true;
            continue;
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" => options.port = number(&name, &value()?)?,
            "--host" => options.host = value()?,
            "--seed" => options.seed = Some(number(&name, &value()?)?),
            "--state" => options.state = Some(PathBuf::from(value()?)),
            "--token-ttl" => {
                options.token_ttl =
                    Duration::parse(&value()?).map_err(|e| format!("--token-ttl: {e}"))?
            }
            _ => return Err(format!("unknown argument '{arg}'")),
        }
    }
    Ok(options)
}

fn number<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{name} takes a whole number, not '{text}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Options, String> {
        parse(line.split_whitespace().map(String::from))
    }

    #[test]
    fn defaults_bind_loopback_on_8090_with_hour_long_tokens() {
        let o = parse_line("").unwrap();
        assert_eq!((o.host.as_str(), o.port, o.seed), ("127.0.0.1", 8090, None));
        assert_eq!(o.token_ttl, Duration::HOUR);
    }

    #[test]
    fn every_option_in_both_forms() {
        let o = parse_line(
            "--port 0 --host=0.0.0.0 --seed=18446744073709551615 --state s.json --token-ttl 5m",
        )
        .unwrap();
        assert_eq!(o.port, 0);
        assert_eq!(o.host, "0.0.0.0");
        assert_eq!(o.seed, Some(u64::MAX));
        assert_eq!(o.state, Some(PathBuf::from("s.json")));
        assert_eq!(o.token_ttl, Duration::minutes(5));
        assert!(parse_line("-h").unwrap().help);
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(parse_line("--port").unwrap_err(), "--port needs a value");
        assert!(parse_line("--port 70000")
            .unwrap_err()
            .contains("whole number"));
        assert!(parse_line("--seed -1").unwrap_err().contains("--seed"));
        assert!(parse_line("--token-ttl 5x")
            .unwrap_err()
            .starts_with("--token-ttl"));
        assert_eq!(
            parse_line("--verbose").unwrap_err(),
            "unknown argument '--verbose'"
        );
    }
}
