//! Native figures: `cargo bench -p byok-timeline --bench timeline`. The same code runs in headless
//! Chromium through scripts/bench.sh, which prints both sets side by side.

fn main() {
    let origin = std::time::Instant::now();
    let mut clock = move || origin.elapsed().as_secs_f64() * 1000.0;
    for f in byok_timeline::bench::timeline_step(&mut clock) {
        println!("native  {:<64} {:>14.1} {}", f.name, f.value, f.unit);
    }
}
