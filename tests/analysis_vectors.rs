//! Shared test vectors for the browser's analyser: runs the Rust Latvian analysis over every
//! whitespace-separated word of the bundled `content/` and `glossary/` and compares the result
//! with the committed `tests/js/analysis-vectors.json`, which `tests/js/analyzer.test.mjs`
//! checks the JavaScript port against. `KATALOGS_UPDATE_VECTORS=1` rewrites the file.

use std::collections::BTreeMap;
use std::path::Path;

use katalogs::analyze;

const VECTORS: &str = "tests/js/analysis-vectors.json";
const UPDATE_ENV: &str = "KATALOGS_UPDATE_VECTORS";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Words the content may lack but browsers' users type or paste: capitals with Latvian
/// diacritics, decomposed (NFD) input, other scripts, ligatures, Turkish dotted I, final sigma,
/// digits inside words, typographic punctuation and symbols.
const EXTRA: &[&str] = &[
    "ĢIMENĒ",
    "ŠĶŪŽ",
    "ČAKLĀKAIS",
    "ĻAUDĪM",
    "ŅEMŠANA",
    "pa\u{304}rvaldi\u{304}ba",
    "Ο\u{301}ΔΟΣ",
    "ΣΊΣΥΦΟΣ",
    "Москва",
    "ﬁnanses",
    "İstanbul",
    "straße",
    "RK1–RK11",
    "e‑pakalpojums",
    "«citāts»",
    "„pēdiņas“",
    "x²",
    "½",
    "٣٤",
    "日本語",
    "😀pakalpojums",
    "a\u{200b}b",
    "Ⅻ",
    "ǅemal",
];

/// Every whitespace-separated word of the bundled sources (front matter included, since
/// titles and summaries are indexed), with its analysed terms. Words keep their punctuation
/// (`Latvija.lv,`, `(RK1–RK11)`, `[[pakalpojuma-turetajs]]`) so tokenising is compared too.
fn vocabulary() -> BTreeMap<String, Vec<String>> {
    let mut words = BTreeMap::new();
    for dir in ["content", "glossary"] {
        for e in walkdir::WalkDir::new(repo().join(dir)).sort_by_file_name() {
            let e = e.expect("readable bundled content");
            let is_text = e
                .path()
                .extension()
                .is_some_and(|x| x == "md" || x == "yaml" || x == "yml");
            if !e.file_type().is_file() || !is_text {
                continue;
            }
            let text = std::fs::read_to_string(e.path()).expect("bundled content is UTF-8");
            for word in text.split_whitespace() {
                if !words.contains_key(word) {
                    words.insert(word.to_string(), analyze(word));
                }
            }
        }
    }
    for word in EXTRA {
        words.insert(word.to_string(), analyze(word));
    }
    words
}

/// One entry per line, keys sorted, so a change shows as a readable diff.
fn serialise(words: &BTreeMap<String, Vec<String>>) -> String {
    let mut out = String::from("{\n");
    for (n, (word, terms)) in words.iter().enumerate() {
        let comma = if n + 1 < words.len() { "," } else { "" };
        out.push_str(&format!(
            "  {}: {}{comma}\n",
            serde_json::to_string(word).expect("string"),
            serde_json::to_string(terms).expect("strings")
        ));
    }
    out.push_str("}\n");
    out
}

/// What differs between the committed vectors and the current analysis, for the message.
fn differences(
    committed: &BTreeMap<String, Vec<String>>,
    current: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (word, terms) in current {
        match committed.get(word) {
            None => out.push(format!("new word {word:?} → {terms:?}")),
            Some(old) if old != terms => out.push(format!(
                "{word:?}: committed {old:?}, analyser now gives {terms:?}"
            )),
            Some(_) => {}
        }
    }
    for word in committed.keys().filter(|w| !current.contains_key(*w)) {
        out.push(format!("word {word:?} no longer in the bundled content"));
    }
    out
}

#[test]
fn vectors_match_the_rust_analyser_on_the_whole_bundled_vocabulary() {
    let current = vocabulary();
    assert!(
        current.len() > 1000,
        "the bundled vocabulary has only {} words",
        current.len()
    );
    let text = serialise(&current);
    let path = repo().join(VECTORS);
    if std::env::var_os(UPDATE_ENV).is_some_and(|v| v == "1") {
        std::fs::write(&path, &text).expect("write the vectors");
        eprintln!("wrote {} words to {VECTORS}", current.len());
        return;
    }
    let committed_text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {VECTORS} ({e}); create it with `{UPDATE_ENV}=1 cargo test --test analysis_vectors`")
    });
    if committed_text == text {
        return;
    }
    let committed: BTreeMap<String, Vec<String>> = serde_json::from_str(&committed_text)
        .unwrap_or_else(|e| panic!("{VECTORS} is not a JSON object of word → terms: {e}"));
    let diffs = differences(&committed, &current);
    let shown: Vec<&String> = diffs.iter().take(25).collect();
    panic!(
        "{VECTORS} is stale: {} difference(s) with the Rust analyser and the bundled content \
         (the JavaScript port is tested against this file, so it must be current).\n\
         If the change is intended, regenerate it with `{UPDATE_ENV}=1 cargo test --test analysis_vectors`, \
         then run `node --test tests/js/` and fix themes/default/static/js/analyzer.js if it disagrees.\n\
         First differences:\n  {}{}",
        diffs.len().max(1),
        if shown.is_empty() {
            "formatting only (key order or layout)".to_string()
        } else {
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        },
        if diffs.len() > shown.len() {
            format!("\n  … and {} more", diffs.len() - shown.len())
        } else {
            String::new()
        }
    );
}

#[test]
fn vectors_cover_the_hard_cases() {
    let words = vocabulary();
    // Inflected forms, diacritics, tokenising around punctuation and digits all occur in the
    // bundled text; if the content changes so that they no longer do, the vectors lose value.
    for (word, terms) in [
        ("pakalpojumu", vec!["pakalpojum"]),
        ("turētājs", vec!["turetaj"]),
        ("pārvaldība", vec!["parvaldib"]),
        ("VPVKAC", vec!["vpvkac"]),
    ] {
        assert_eq!(
            words.get(word),
            Some(&terms.iter().map(|s| s.to_string()).collect()),
            "{word}"
        );
    }
    assert!(
        words.values().any(|t| t.len() > 1),
        "no word with several terms (e.g. `e-pakalpojums`)"
    );
    assert!(
        words.values().any(|t| t.is_empty()),
        "no word without terms (punctuation only)"
    );
    assert!(
        words.keys().any(|w| w.chars().any(|c| c.is_ascii_digit())),
        "no word with digits"
    );
}
