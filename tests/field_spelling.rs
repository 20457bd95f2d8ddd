//! A service card's optional text fields are spelt once: in their declaration
//! (`src/schema.rs`), the UI strings and the templates — nowhere else in `src/`.

use katalogs::{Kind, Req, SERVICE, Ty};

/// Places that name one of these fields for a reason of their own, each a (file, key) pair.
const ALLOWED: &[(&str, &str)] = &[
    // The configuration's `output` directory, not the field.
    ("src/config.rs", "output"),
    // The overview's completeness score counts these fields.
    ("src/render/reference.rs", "output"),
    // The service page's start button.
    ("src/render/catalogue.rs", "eservice_url"),
];

/// Optional one-line fields of service cards only (a key other kinds share is spelt by them).
fn checked_keys() -> Vec<&'static str> {
    SERVICE
        .iter()
        .filter(|f| !f.internal && f.req == Req::No && matches!(f.ty, Ty::Text | Ty::Url))
        .filter(|f| {
            Kind::ALL
                .iter()
                .filter(|k| **k != Kind::Service)
                .all(|k| k.fields().iter().all(|o| o.key != f.key))
        })
        .map(|f| f.key)
        .collect()
}

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn service_text_fields_are_spelt_only_in_their_declaration() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let keys = checked_keys();
    assert!(keys.contains(&"processing_time"), "checked keys: {keys:?}");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut misplaced = Vec::new();
    for file in files {
        let name = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        if name == "src/schema.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file");
        for key in &keys {
            if text.contains(&format!("\"{key}\"")) && !ALLOWED.contains(&(name.as_str(), key)) {
                misplaced.push(format!("{name}: \"{key}\""));
            }
        }
    }
    assert!(
        misplaced.is_empty(),
        "service fields spelt outside src/schema.rs (declare them there; see CONTRIBUTING.md): {misplaced:?}"
    );
}
