//! Invariants of the code's shape that ARCHITECTURE.md states, checked.
// A native suite: wasm32 builds (wasm-pack test, tests/wasm.rs and tests/web/) leave it out.
#![cfg(not(target_arch = "wasm32"))]

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
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/engine/src"),
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

/// Every crate's source folder, the server's and the tests': the rooms the checks below walk.
fn source_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![root.join("src"), root.join("server/src")];
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        roots.push(entry.unwrap().path().join("src"));
    }
    roots.sort();
    roots
}

/// The rooms stay walkable: no Rust file anywhere (every crate, the server, the tests) is over 600
/// lines.
#[test]
fn no_file_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in source_roots() {
        rust_files(&dir, &mut files);
    }
    rust_files(&root.join("tests"), &mut files);
    rust_files(&root.join("crates/engine/benches"), &mut files);
    assert!(files.len() > 100, "the sources were not found");
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 600).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by concern:\n{}",
        long.join("\n")
    );
}

/// The layers' dependencies run one way, and the compiler holds them there: the engine's tree has
/// nothing of the browser and no random source of its own (the seed comes from its caller), and
/// the server's has no Yew.
#[test]
fn the_crates_depend_one_way() {
    // Both targets the crates are built for: natively (tests, the server) and for the browser.
    let tree = |package: &str, target: Option<&str>| -> String {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut args = vec![
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "-p",
            package,
        ];
        if let Some(target) = target {
            args.extend(["--target", target]);
        }
        let out = std::process::Command::new(cargo)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("cargo tree runs");
        assert!(
            out.status.success(),
            "cargo tree -p {package}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let crates = |tree: &str| -> Vec<String> {
        tree.lines()
            .filter_map(|l| l.split(' ').next())
            .map(str::to_string)
            .collect()
    };
    let both = |package: &str| {
        let mut all = crates(&tree(package, Some("wasm32-unknown-unknown")));
        all.extend(crates(&tree(package, None)));
        all
    };
    // `tree` (of `name`) has none of `banned`.
    let lacks = |name: &str, tree: &[String], banned: &[&str]| {
        for b in banned {
            assert!(!tree.iter().any(|c| c == b), "{name} depends on {b}");
        }
    };
    const BROWSER: [&str; 5] = ["wasm-bindgen", "js-sys", "web-sys", "yew", "getrandom"];
    let engine = both("byok-engine");
    assert!(
        engine.iter().any(|c| c == "aes-gcm"),
        "the engine's tree was not read: {engine:?}"
    );
    lacks("byok-engine", &engine, &BROWSER);
    lacks("byok-engine", &engine, &["byok-shell", "byok-timeline"]);
    let shell = both("byok-shell");
    for name in ["byok-shell", "byok-timeline", "byok-docs-check"] {
        let tree = if name == "byok-shell" {
            shell.clone()
        } else {
            both(name)
        };
        lacks(name, &tree, &BROWSER);
        lacks(name, &tree, &["byok-sandbox-app"]);
    }
    lacks("byok-shell", &shell, &["byok-timeline"]);
    let server = crates(&tree("byok-sandbox-server", None));
    assert!(
        server.iter().any(|c| c == "byok-shell"),
        "the server's tree was not read"
    );
    lacks(
        "byok-sandbox-server",
        &server,
        &[
            "yew",
            "web-sys",
            "byok-timeline",
            "byok-sandbox-app",
            "byok-sandbox",
        ],
    );
}

/// No two files of any crate (the server's included) import each other, directly or round a loop:
/// each file's top-level `use` lines name the modules it builds on, and those form no cycle.
#[test]
fn files_import_each_other_in_no_cycle() {
    let mut edges = 0;
    for src in source_roots() {
        edges += import_cycle_in(&src);
    }
    assert!(
        edges > 60,
        "the files' imports were not found ({edges} files import another)"
    );
}

/// Panics naming the cycle if the files under `src` (one crate's source) import each other round a
/// loop; answers how many files import another.
fn import_cycle_in(src: &Path) -> usize {
    let src = src.to_path_buf();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let module_of = |f: &Path| -> Vec<String> {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts
            .last()
            .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
        {
            parts.pop();
        }
        parts
    };
    let file_of = |module: &[String]| -> Option<Vec<String>> {
        (0..=module.len()).rev().find_map(|n| {
            let p = &module[..n];
            let base = src.join(p.join("/"));
            let exists = base.with_extension("rs").is_file() || base.join("mod.rs").is_file();
            (exists || n == 0).then(|| p.to_vec())
        })
    };
    let mut edges: std::collections::BTreeMap<
        Vec<String>,
        std::collections::BTreeSet<Vec<String>>,
    > = Default::default();
    for f in &files {
        let me = module_of(f);
        let text = std::fs::read_to_string(f).unwrap();
        let mut statements = Vec::new();
        let mut current: Option<String> = None;
        for line in text.lines() {
            // Top-level `use` lines, and `use crate::...` anywhere (inside an inline module or a
            // function: absolute, so it names another file whatever the nesting; an indented
            // `use super::...` is relative to its inline module, which this does not track).
            if current.is_none()
                && (line.starts_with("use ")
                    || line.starts_with("pub use ")
                    || line.starts_with("pub(crate) use ")
                    || line.trim_start().starts_with("use crate::"))
            {
                current = Some(String::new());
            }
            if let Some(s) = current.as_mut() {
                s.push_str(line.trim());
                if line.trim_end().ends_with(';') {
                    statements.push(current.take().unwrap());
                }
            }
        }
        // A path named inline (`crate::control::route(...)`) is an import too.
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            if code.trim_start().starts_with("use ") || code.contains(" use ") {
                continue;
            }
            for (at, _) in code
                .match_indices("crate::")
                .chain(code.match_indices("super::"))
            {
                if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let path: String = code[at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let path = path.trim_end_matches(':');
                if path.matches("::").count() >= 2 {
                    statements.push(format!("use {path};"));
                }
            }
        }
        for s in statements {
            let path = s.split("use ").nth(1).unwrap().trim_end_matches(';');
            let (prefix, items) = match path.split_once('{') {
                Some((p, rest)) => (
                    p.trim_end_matches("::"),
                    rest.trim_end_matches('}')
                        .split(',')
                        .map(|i| i.trim().split("::").next().unwrap().to_string())
                        .collect(),
                ),
                None => (path, vec![String::new()]),
            };
            let mut segs: Vec<String> = Vec::new();
            let mut parent = me.clone();
            // A file's own module: `super` of a file module is its parent.
            for seg in prefix.split("::") {
                match seg {
                    "crate" => parent = Vec::new(),
                    "super" => {
                        parent.pop();
                    }
                    "self" => {}
                    other => segs.push(other.to_string()),
                }
            }
            if !prefix.starts_with("crate")
                && !prefix.starts_with("super")
                && !prefix.starts_with("self")
            {
                // An external crate or a child module named directly (`use model::*` in a mod.rs).
                let first = prefix.split("::").next().unwrap_or("");
                let child = src.join(me.join("/")).join(first);
                if !(child.with_extension("rs").is_file() || child.join("mod.rs").is_file()) {
                    continue;
                }
                parent = me.clone();
            }
            for item in items {
                let mut target = parent.clone();
                target.extend(segs.iter().cloned());
                if !item.is_empty() && item != "self" && item != "*" {
                    target.push(item);
                }
                if let Some(file) = file_of(&target) {
                    let file = defining_file(&src, &file, target.last().unwrap());
                    // A folder's mod.rs re-exports its children: those lines are its table of
                    // contents, not what it builds on.
                    let own_child = file.len() == me.len() + 1 && file.starts_with(&me);
                    if file != me && !file.is_empty() && !own_child {
                        edges.entry(me.clone()).or_default().insert(file);
                    }
                }
            }
        }
    }
    /// An item imported through a folder's mod.rs comes from the child file that defines it.
    fn defining_file(src: &Path, module: &[String], item: &str) -> Vec<String> {
        let dir = src.join(module.join("/"));
        if !dir.join("mod.rs").is_file() {
            return module.to_vec();
        }
        let kinds = ["struct", "enum", "fn", "const", "type", "trait"];
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
                continue;
            };
            if stem == "mod" || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let defines = text.lines().any(|l| {
                let l = l
                    .trim_start_matches("pub(crate) ")
                    .trim_start_matches("pub ");
                kinds.iter().any(|k| {
                    l.strip_prefix(k)
                        .and_then(|r| r.strip_prefix(' '))
                        .is_some_and(|r| {
                            r.starts_with(item)
                                && !r[item.len()..]
                                    .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                        })
                })
            });
            if defines {
                let mut m = module.to_vec();
                m.push(stem);
                return m;
            }
        }
        module.to_vec()
    }

    // Depth-first search for a back edge.
    fn visit(
        node: &Vec<String>,
        edges: &std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>>,
        state: &mut std::collections::BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let at = stack.iter().position(|n| n == node).unwrap();
                let mut cycle = stack[at..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = Default::default();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, &edges, &mut state, &mut Vec::new()) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            panic!(
                "an import cycle between files of {}: {}",
                src.display(),
                names.join(" -> ")
            );
        }
    }
    edges.len()
}
