//! The checker on fixture pages (tests/fixtures/*.md, written for these tests): each outcome,
//! the JSON form and the exit statuses.

use std::path::{Path, PathBuf};
use std::process::Command;

use byok_docs_check::{check_page, cli, Drift, Options, Outcome, PageReport};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn check(name: &str, options: &Options) -> PageReport {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    check_page(name, &text, options).unwrap()
}

fn outcomes(report: &PageReport) -> Vec<(usize, Outcome)> {
    report
        .blocks
        .iter()
        .map(|b| (b.line, b.outcome.clone()))
        .collect()
}

#[test]
fn every_example_of_a_matching_page_matches() {
    let report = check("matching.md", &Options::default());
    // The plug-in's table, an API call whose placeholders the sandbox fills (its output under a
    // deeper heading), and a prompted session.
    assert_eq!(
        outcomes(&report),
        vec![
            (17, Outcome::Matched { output: 24 }),
            (35, Outcome::Matched { output: 48 }),
            (72, Outcome::Matched { output: 73 }),
        ]
    );
    let c = report.counts();
    assert_eq!(
        (c.ran, c.matched, c.differed, c.could_not_run),
        (3, 3, 0, 0)
    );
    assert_eq!(report.not_commands, 0);
    assert!(!report.drifted(true));
}

#[test]
fn a_drifted_output_is_reported_with_its_lines() {
    let report = check("drift.md", &Options::default());
    assert_eq!(report.blocks[0].outcome, Outcome::Matched { output: 13 });
    assert_eq!(
        report.blocks[1].outcome,
        Outcome::Differed {
            output: 31,
            differences: vec![Drift {
                command: 24,
                expected: Some((33, "Key rotated successfully".into())),
                actual: None,
            }],
        }
    );
    assert!(report.drifted(false));
    let text = report.text(false);
    assert!(
        text.contains("line 24: differed from the output at line 31"),
        "{text}"
    );
    assert!(
        text.contains("page line   33: Key rotated successfully"),
        "{text}"
    );
}

#[test]
fn a_placeholder_or_command_the_sandbox_lacks_could_not_run() {
    let report = check("unfillable.md", &Options::default());
    let reasons: Vec<String> = report
        .blocks
        .iter()
        .filter_map(|b| match &b.outcome {
            Outcome::CouldNotRun { reason } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            "the placeholder <key_ID> names a key, and the sandbox has none yet",
            "the placeholder <flux_capacitor_setting> has no value the sandbox can fill",
            "the sandbox's shell has no command `kubectl`",
        ]
    );
    assert_eq!(report.blocks[3].outcome, Outcome::Ran { exit: 0 });
    // The output shown after a block that could not run is that block's, not another code block.
    assert_eq!(report.not_commands, 0);
    // Not drift by default; drift under --strict.
    assert!(!report.drifted(false));
    assert!(report.drifted(true));
}

#[test]
fn a_setup_line_gives_the_placeholders_something_to_stand_for() {
    let options = Options {
        setup: vec!["ibmcloud kp key create setup-key".into()],
        ..Options::default()
    };
    let report = check("unfillable.md", &options);
    // `<key_ID>` is the setup's key now; `<data_key>` is still nobody's.
    assert_eq!(
        report.blocks[0].outcome,
        Outcome::CouldNotRun {
            reason: "the placeholder <data_key> has no value the sandbox can fill".into()
        }
    );
    let failing = Options {
        setup: vec!["ibmcloud kp key show nothing-here".into()],
        ..Options::default()
    };
    let text = std::fs::read_to_string(fixture("unfillable.md")).unwrap();
    assert!(check_page("unfillable.md", &text, &failing).is_err());
}

#[test]
fn indented_blocks_in_list_items_run_and_compare() {
    let report = check("list-items.md", &Options::default());
    assert_eq!(
        outcomes(&report),
        vec![
            (7, Outcome::Matched { output: 14 }),
            (23, Outcome::Matched { output: 28 }),
            (35, Outcome::Ran { exit: 0 }),
        ]
    );
}

#[test]
fn a_pre_block_without_output_runs_and_a_synopsis_or_body_does_not() {
    let report = check("pre-only.md", &Options::default());
    assert_eq!(
        outcomes(&report),
        vec![
            (18, Outcome::Ran { exit: 0 }),
            (34, Outcome::Ran { exit: 1 })
        ]
    );
    assert_eq!(report.not_commands, 2);
    let c = report.counts();
    assert_eq!((c.ran, c.failed), (2, 1));
    assert!(!report.drifted(false));
    assert!(report.drifted(true));
}

#[test]
fn the_json_form_has_the_counts_and_each_block() {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = vec![
        "--json".to_string(),
        fixture("drift.md").display().to_string(),
    ];
    let code = cli::run(&args, &mut out, &mut err);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["drift"], true);
    assert_eq!(v["strict"], false);
    let page = &v["pages"][0];
    for (field, n) in [
        ("ran", 2),
        ("matched", 1),
        ("differed", 1),
        ("failed", 0),
        ("could_not_run", 0),
        ("not_commands", 0),
    ] {
        assert_eq!(page[field], n, "{field}");
    }
    assert_eq!(page["blocks"][0]["outcome"], "matched");
    let differed = &page["blocks"][1];
    assert_eq!(differed["outcome"], "differed");
    assert_eq!(differed["line"], 24);
    assert_eq!(differed["output_line"], 31);
    assert_eq!(
        differed["differences"][0],
        serde_json::json!({
            "command_line": 24,
            "expected": { "line": 33, "text": "Key rotated successfully" },
            "actual": null,
        })
    );
    let (mut again, mut err) = (Vec::new(), Vec::new());
    cli::run(&args, &mut again, &mut err);
    assert_eq!(out, again, "the same page gives the same report");
    let mut out = Vec::new();
    let args = vec![
        "--json".to_string(),
        fixture("unfillable.md").display().to_string(),
    ];
    cli::run(&args, &mut out, &mut err);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["pages"][0]["blocks"][2]["outcome"], "could not run");
    assert_eq!(
        v["pages"][0]["blocks"][2]["reason"],
        "the sandbox's shell has no command `kubectl`"
    );
}

fn exit_status(args: &[&str]) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_byok-docs-check"))
        .args(args)
        .output()
        .expect("the binary runs")
        .status
        .code()
        .expect("an exit status")
}

#[test]
fn the_exit_status_says_drift_usage_or_io() {
    let page = |name: &str| fixture(name).display().to_string();
    let (matching, drift, unfillable) =
        (page("matching.md"), page("drift.md"), page("unfillable.md"));
    assert_eq!(exit_status(&[&matching]), 0);
    assert_eq!(exit_status(&[&matching, &page("list-items.md")]), 0);
    assert_eq!(exit_status(&[&drift]), 1);
    assert_eq!(exit_status(&[&matching, &drift]), 1);
    assert_eq!(exit_status(&[&unfillable]), 0);
    assert_eq!(exit_status(&["--strict", &unfillable]), 1);
    assert_eq!(exit_status(&["--json", &matching]), 0);
    assert_eq!(exit_status(&[]), 2);
    assert_eq!(exit_status(&["--frobnicate", &matching]), 2);
    assert_eq!(exit_status(&["--seed", "many", &matching]), 2);
    assert_eq!(exit_status(&[&page("no-such-page.md")]), 2);
    assert_eq!(
        exit_status(&["--setup", "ibmcloud kp key show nothing", &matching]),
        2
    );
    assert_eq!(exit_status(&["--help"]), 0);
}
