//! Invariants of the code's shape that ARCHITECTURE.md states, checked.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The engine knows nothing of the browser, never reads a real clock and draws no randomness but
/// the sandbox's seeded source.
#[test]
fn the_engine_imports_nothing_from_the_browser_and_reads_no_real_clock() {
    let forbidden = [
        "yew",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "getrandom",
        "SystemTime",
        "Instant",
        "thread_rng",
        "HashMap",
        "HashSet",
    ];
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine"),
        &mut files,
    );
    assert!(files.len() > 5, "the engine's files were not found");
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                let hit = code.match_indices(word).any(|(i, _)| {
                    let before = code[..i].chars().last();
                    let after = code[i + word.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                if hit {
                    offences.push(format!(
                        "{}:{}: {word}: {}",
                        file.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    // HashMap and HashSet iterate in a random order, which would break replay; the engine uses
    // BTreeMap and Vec.
    assert!(
        offences.is_empty(),
        "the engine must stay pure:\n{}",
        offences.join("\n")
    );
}
