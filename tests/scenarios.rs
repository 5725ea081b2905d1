//! Every built-in scenario runs to completion on a fresh sandbox, each step as expected; and a step
//! that deviates says how.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

use byok_engine::Sandbox;
use byok_shell::scenario::{self, run_step};
use byok_shell::Shell;

#[test]
fn every_built_in_scenario_runs_to_completion() {
    let all = scenario::built_in();
    assert_eq!(all.len(), 9);
    for s in all {
        let mut sb = Sandbox::new(1);
        let mut shell = Shell::new();
        for (i, step) in s.steps.iter().enumerate() {
            assert!(
                !step.say.is_empty() || !step.run.is_empty(),
                "{}: step {} says and runs nothing",
                s.id,
                i + 1
            );
            let result = run_step(&mut shell, &mut sb, step);
            assert!(
                result.passed(),
                "scenario {} step {} ({}) deviated: {:?}\n{}",
                s.id,
                i + 1,
                step.title,
                result.deviations,
                result.transcript
            );
        }
    }
}

#[test]
fn a_deviation_is_explained() {
    let s = scenario::parse(
        "scenario 1 demo\nstep Delete a key that does not exist\n  run ibmcloud kp key delete 00000000-0000-4000-8000-000000000000\n  expect exit 0\n  expect output Deleted Key\n",
    )
    .unwrap();
    let mut sb = Sandbox::new(1);
    let result = run_step(&mut Shell::new(), &mut sb, &s.steps[0]);
    assert!(!result.passed());
    assert_eq!(result.deviations.len(), 2, "{:?}", result.deviations);
    assert!(
        result.deviations[0].contains("exited with 1"),
        "{:?}",
        result.deviations
    );
    assert!(
        result.transcript.contains("KEY_NOT_FOUND_ERR"),
        "{}",
        result.transcript
    );
}
