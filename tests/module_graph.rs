//! The crate's top-level modules import one another only in pipeline order: a module may use
//! the modules before it in [`LAYERS`], never one after it, so there is no cycle. Read from
//! the `crate::…` paths in `src/`, doc-comment links included (plain comments and the unit
//! tests at the end of a file aside: a test may load a fixture site through `build`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every top-level module of `src/`, lowest first (the order ARCHITECTURE.md explains).
const LAYERS: &[&str] = &[
    // foundations
    "text",
    "schema",
    "ui",
    "diagnostics",
    "model",
    "url",
    "write",
    // the pipeline
    "load",
    "config",
    "edition",
    "resolve",
    "render",
    "search",
    "export",
    // orchestration and the commands
    "build",
    "serve",
    "cli",
    // built only for `cargo fuzz` (feature `fuzzing`)
    "fuzzing",
];

/// The source of `path` without comments and without the `#[cfg(test)]` module at its end.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .map(|line| match line.find("//") {
            // A doc comment's links name modules too (`[`crate::model::Doc`]`): they count.
            Some(at) if line[at..].starts_with("///") || line[at..].starts_with("//!") => line,
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules each top-level module names as `crate::…`, also inside
/// `use crate::{a, b::…}` groups.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "main" || module == "lib" {
                continue;
            }
            let code = code_of(&path);
            let used = edges.entry(module.clone()).or_default();
            let mut rest = code.as_str();
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let end = group.find("};").unwrap_or(group.len());
                    for item in group[..end].split([',', '{', '}']) {
                        let name: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        used.insert(name);
                    }
                } else {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    used.insert(name);
                }
            }
            used.retain(|m| LAYERS.contains(&m.as_str()) && *m != module);
        }
    }
    edges
}

#[test]
fn top_level_modules_import_in_pipeline_order() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = imports(&src);
    let mut problems = Vec::new();
    for module in edges.keys() {
        if !LAYERS.contains(&module.as_str()) {
            problems.push(format!(
                "src/{module} is not in LAYERS: add it where it belongs in the pipeline"
            ));
        }
    }
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    for (module, used) in &edges {
        for target in used {
            if let (Some(from), Some(to)) = (rank(module), rank(target))
                && to > from
            {
                problems.push(format!(
                    "{module} imports {target}, which comes after it in the pipeline"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reader_sees_upward_imports() {
    // The test itself: an import against the order is found, comments and tests are not.
    let dir = std::env::temp_dir().join(format!("katalogs-graph-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("load")).unwrap();
    std::fs::write(
        dir.join("load/mod.rs"),
        "// crate::cli in a comment\n/// [`crate::ui::Ui`] in a doc link\nuse crate::{model::Doc, build::run};\n\
         #[cfg(test)]\nmod tests { use crate::serve; }\n",
    )
    .unwrap();
    let edges = imports(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    let used: Vec<_> = edges["load"].iter().map(String::as_str).collect();
    assert_eq!(used, ["build", "model", "ui"]);
}
