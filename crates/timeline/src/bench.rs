//! The timeline's benchmark, run natively (`cargo bench -p byok-timeline`) and in the browser (the
//! JS class's `bench` feature) over the engine's app-scale sandbox. It prints figures; nothing here
//! asserts a time.

use byok_engine::bench::{rotating_sandbox, Clock, Figure};
use byok_engine::Duration;

/// The timeline kept up to date over [`rotating_sandbox`] while the clock moves 30 days: every key
/// rotates once and each rotation reaches its deployment, some 3,000 new events touching every lane.
pub fn timeline_step(clock: Clock) -> Vec<Figure> {
    let mut sb = rotating_sandbox();
    let mut builder = crate::Builder::default();
    let start = clock();
    builder.update(&sb);
    let full = clock() - start;
    let before = sb.events().len();
    sb.advance(Duration::days(30));
    let start = clock();
    builder.update(&sb);
    let step = clock() - start;
    vec![
        Figure {
            name: "timeline: build from 100,000 events".into(),
            value: full,
            unit: "ms",
        },
        Figure {
            name: format!(
                "timeline: update after +30 d ({} new events)",
                sb.events().len() - before
            ),
            value: step,
            unit: "ms",
        },
    ]
}
