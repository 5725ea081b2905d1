//! Golden-file check shared by the transcript suites: each `*.t` file in a directory is run
//! and its output compared with the file itself. `UPDATE_EXPECT=1` rewrites files that differ.

use std::path::Path;

/// Runs every `*.t` file under `dir` (relative to the crate root) through `run` and fails,
/// showing the first differing lines of each, when an output differs from its file.
pub fn check(dir: &str, run: impl Fn(&str) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "t"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no transcripts in {}", dir.display());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failed = Vec::new();
    for file in &files {
        let expected = std::fs::read_to_string(file).unwrap();
        let actual = run(&expected);
        if actual == expected {
            continue;
        }
        if update {
            std::fs::write(file, &actual).unwrap();
            continue;
        }
        let (exp, act): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
        let first = exp
            .iter()
            .zip(&act)
            .position(|(a, b)| a != b)
            .unwrap_or(exp.len().min(act.len()));
        eprintln!("--- {} differs at line {}:", file.display(), first + 1);
        for i in first.saturating_sub(3)..(first + 4).min(exp.len().max(act.len())) {
            eprintln!("  expected: {}", exp.get(i).unwrap_or(&"<end>"));
            eprintln!("  actual:   {}", act.get(i).unwrap_or(&"<end>"));
        }
        failed.push(file.file_name().unwrap().to_string_lossy().into_owned());
    }
    assert!(
        failed.is_empty(),
        "transcripts differ: {failed:?} (UPDATE_EXPECT=1 rewrites them)"
    );
}
