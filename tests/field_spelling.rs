//! Every kind's fields are spelt once: in their declaration (`src/schema.rs`), the UI strings
//! and the templates. A key written as a string in Rust is a second declaration the compiler
//! cannot check, so this test looks for them:
//!
//! - an optional one-line text or address field of any kind (shown and exported as written,
//!   so nothing but the declaration needs its name) anywhere in `src/`;
//! - any declared key in `src/render/`: a page view names what it shows by its struct's
//!   fields (or takes them from the declaration), never by a string.

use katalogs::{Kind, Req, Ty};

/// Keys that are also the common words of every view, export and format: a record's `id`
/// and `url`, JSON-LD's `name` and `description`, a page's `title` and `summary`, the kind of
/// an object (`kind`, `type`), the `source` and `updated` date every page shows. The test
/// cannot tell the field from the word, so it does not look for them.
const COMMON: &[&str] = &[
    "id",
    "title",
    "summary",
    "url",
    "name",
    "kind",
    "type",
    "source",
    "updated",
    "description",
];

/// Places that write one of these keys for a reason of their own, each a (file, key) pair.
const ALLOWED: &[(&str, &str)] = &[
    // The configuration's `output` folder, not the field.
    ("src/config.rs", "output"),
    // Which fields a translation may give is a list of its own (`allowed` in
    // load/translation.rs), which the editions lay over the original and the JSON export
    // writes per language: a `translatable` option on the declaration would remove these.
    ("src/load/translation.rs", "short"),
    ("src/load/translation.rs", "short_name"),
    ("src/edition.rs", "short"),
    ("src/edition.rs", "short_name"),
    ("src/export/json.rs", "short_name"),
    // The export leaves a term's own `short` out: its `definition` is the resolved one.
    ("src/export/json.rs", "short"),
    // Markdown fields are rendered in resolve and kept under their key, as fragments.
    ("src/render/domain.rs", "steps"),
    ("src/render/domain.rs", "groups"),
    ("src/render/catalogue.rs", "process_notes"),
    // The maturity and support-level scales are numbers labelled by UI values
    // (`values.maturity.<0–5>`); the field reference lists the labels.
    ("src/render/catalogue.rs", "maturity"),
    ("src/render/reference.rs", "maturity"),
    ("src/render/reference.rs", "support_levels"),
    // The catalogue's facets are named after the fields they filter by (`data-holder`, …),
    // and schema.org's `audience` is a property of the service's JSON-LD.
    ("src/render/catalogue.rs", "holder"),
    ("src/render/catalogue.rs", "audience"),
    ("src/render/reference.rs", "holder"),
    // The glossary term's kind, whose slug is its key (`term`).
    ("src/render/print.rs", "term"),
];

/// Optional one-line text and address fields of every kind.
fn text_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Kind::ALL
        .iter()
        .flat_map(|k| k.fields())
        .filter(|f| !f.internal && f.req == Req::No && matches!(f.ty, Ty::Text | Ty::Url))
        .map(|f| f.key)
        .filter(|k| !COMMON.contains(k))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Every declared key of every kind.
fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Kind::ALL
        .iter()
        .flat_map(|k| k.fields())
        .map(|f| f.key)
        .filter(|k| !COMMON.contains(k))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
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

/// `"key"` for each of `keys` in each Rust file under `src/<under>`, but for the allowed.
fn misplaced(under: &str, keys: &[&str]) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src").join(under), &mut files);
    files.sort();
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
        for key in keys {
            if text.contains(&format!("\"{key}\"")) && !ALLOWED.contains(&(name.as_str(), key)) {
                misplaced.push(format!("{name}: \"{key}\""));
            }
        }
    }
    misplaced
}

#[test]
fn text_fields_are_spelt_only_in_their_declaration() {
    let keys = text_keys();
    for expected in ["processing_time", "eservice_url", "english", "short_name"] {
        assert!(keys.contains(&expected), "checked keys: {keys:?}");
    }
    let misplaced = misplaced("", &keys);
    assert!(
        misplaced.is_empty(),
        "text fields spelt outside src/schema.rs (declare them there; see CONTRIBUTING.md): {misplaced:?}"
    );
}

#[test]
fn page_views_spell_no_field() {
    let keys = all_keys();
    for expected in [
        "holder",
        "coordinator",
        "abbreviations",
        "parent",
        "duration",
    ] {
        assert!(keys.contains(&expected), "checked keys: {keys:?}");
    }
    let misplaced = misplaced("render", &keys);
    assert!(
        misplaced.is_empty(),
        "field keys spelt in src/render/ (a view names its fields in its struct; see ARCHITECTURE.md): {misplaced:?}"
    );
}

#[test]
fn every_allowed_place_still_spells_its_key() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale: Vec<_> = ALLOWED
        .iter()
        .filter(|(file, key)| {
            !std::fs::read_to_string(root.join(file))
                .unwrap_or_default()
                .contains(&format!("\"{key}\""))
        })
        .collect();
    assert!(
        stale.is_empty(),
        "allowed places no longer needed: {stale:?}"
    );
}
