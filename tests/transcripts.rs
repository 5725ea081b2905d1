//! Runs every script in tests/transcripts/ and compares the answers with the file.
//! `UPDATE_EXPECT=1 cargo test --test transcripts` rewrites the files; review the diff before committing.

#[path = "support/transcript.rs"]
mod transcript;

use std::path::Path;

#[test]
fn transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
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
        let actual = transcript::Runner::run(&expected);
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
