//! `curl` against IBM Cloud's URLs, answered by the sandbox: the request goes through the same
//! request face as every other (so it is journaled and logged), and the answer prints as curl
//! prints it. A URL of any other host fails as an unresolvable one would: nothing is sent anywhere.
//!
//! The rooms: `options` (the command line to a [`Call`]), `hosts` (the URL to the service that
//! answers it, and sending), `print` (the answer as curl prints it).

mod hosts;
mod options;
mod print;

use crate::backend::Backend;
use crate::output::Output;

pub(crate) const SUPPORTS: &str =
    "IBM Cloud's API URLs, answered here: -X -H -d -i -s -v -w -f ... (curl --help)";

/// `curl --help`: what the sandbox's curl takes.
pub(super) const HELP: &str = "Usage: curl [options...] <url>
The sandbox's curl answers IBM Cloud's API URLs itself (it sends nothing anywhere):
  https://<region>.kms.cloud.ibm.com/api/v2/...            Key Protect (also private.<region>...)
  https://iam.cloud.ibm.com/v1/policies, /identity/token   IAM
  https://resource-controller.cloud.ibm.com/v2/resource_instances, /v1/reclamations
  https://api.<region>.databases.cloud.ibm.com/v5/ibm/...  Cloud Databases
 -X, --request METHOD        the method (default GET, or POST with data)
 -H, --header 'Name: value'  a request header ('Name:' takes one away)
 -d, --data, --data-raw, --data-binary DATA   the body (several are joined by &; @- reads stdin)
     --data-urlencode NAME=VALUE             the value percent-encoded
 -u, --user USER:PASSWORD    basic authentication
 -i, --include               the status line and headers before the body
 -I, --head                  HEAD: the status line and headers only
 -s, --silent / -S, --show-error             no error messages / errors even with -s
 -v, --verbose               the request and response lines on stderr
 -f, --fail / --fail-with-body               a status of 400 or more: exit 22
 -w, --write-out FORMAT      %{http_code}, %{content_type}, %{size_download}, %{url_effective}, \\n
 -o, --output /dev/null      throw the body away (the sandbox has no files)
 -k, -L, --compressed        accepted, change nothing";

/// What curl prints as its version in `-v` and `user-agent`.
pub(super) const USER_AGENT: &str = "curl/8.5.0";

/// One parsed command line.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Call {
    pub(super) method: Option<String>,
    pub(super) url: Option<String>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) data: Vec<String>,
    pub(super) include: bool,
    pub(super) head: bool,
    pub(super) silent: bool,
    pub(super) show_error: bool,
    pub(super) verbose: bool,
    pub(super) fail: bool,
    pub(super) fail_with_body: bool,
    pub(super) write_out: Option<String>,
    pub(super) discard: bool,
}

impl Call {
    /// Whether curl prints its error messages: not under `-s` unless `-S` asks for them.
    pub(super) fn shows_errors(&self) -> bool {
        !self.silent || self.show_error
    }
}

/// A way the command line or the URL fails, with curl's exit status and message.
pub(super) struct Failure {
    pub(super) code: i32,
    pub(super) message: String,
    /// A sentence of the sandbox's own, printed even under `-s`.
    pub(super) note: Option<String>,
}

impl Failure {
    pub(super) fn new(code: i32, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
            note: None,
        }
    }
}

pub(crate) fn run(backend: &mut dyn Backend, args: &[String], stdin: &str) -> Output {
    let mut out = Output::default();
    let call = match options::parse(args, stdin) {
        Ok(call) => call,
        Err(f) => {
            usage_failure(&mut out, f);
            return out;
        }
    };
    match hosts::send(backend, &call) {
        Ok((req, host, resp)) => print::print(&mut out, &call, &req, &host, &resp),
        Err(f) => {
            if call.shows_errors() {
                out.err(format!("curl: ({}) {}", f.code, f.message));
            }
            if let Some(note) = f.note {
                out.err(note);
            }
            out.code = f.code;
        }
    }
    out
}

/// A usage mistake: curl says what and how to get help, with status 2.
fn usage_failure(out: &mut Output, f: Failure) {
    if f.code == 0 {
        out.out(f.message);
        return;
    }
    if f.code == 2 {
        out.err(format!("curl: {}", f.message));
        out.err("curl: try 'curl --help' or 'curl --manual' for more information");
    } else {
        out.err(format!("curl: ({}) {}", f.code, f.message));
    }
    if let Some(note) = f.note {
        out.err(note);
    }
    out.code = f.code;
}
