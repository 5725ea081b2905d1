//! The command-line tools the documentation's examples pipe through, built in: each reads its
//! arguments and its standard input and prints as the real tool does, as far as it goes.

pub(crate) mod curl;
mod jq;
pub(crate) mod openssl;
mod text;

use super::output::Output;

/// What each tool supports, for `help`.
pub(crate) const HELP: &[(&str, &str)] = &[
    ("jq [-r] [-c] FILTER", jq::SUPPORTS),
    ("echo [-n] WORDS", "print the words"),
    ("printf FORMAT ARGS", "%s, %d, %%; \\n, \\t, \\\\"),
    (
        "grep [-v] [-i] [-c] TEXT",
        "the lines containing TEXT (a fixed string)",
    ),
    (
        "cut -d C -f LIST",
        "fields of each line: -f 2, -f 1,3, -f 2-",
    ),
    (
        "sed 's/RE/TEXT/[g]'",
        "substitution; RE: characters, ., X*, ^, $",
    ),
    ("curl [OPTIONS] URL", curl::SUPPORTS),
    ("openssl rand", openssl::SUPPORTS),
];

/// Runs the tool `name`, or `None` if there is no such tool.
pub(crate) fn run(name: &str, args: &[String], stdin: &str) -> Option<Output> {
    Some(match name {
        "jq" => jq::run(args, stdin),
        "echo" => text::echo(args),
        "printf" => text::printf(args),
        "grep" => text::grep(args, stdin),
        "cut" => text::cut(args, stdin),
        "sed" => text::sed(args, stdin),
        _ => return None,
    })
}
