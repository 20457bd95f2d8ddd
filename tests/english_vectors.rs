//! Shared test vectors for the browser's English analysis (the Porter2 port in
//! `themes/default/static/js/analyzer.js`): runs the Rust English analysis
//! (`katalogs::search::language`, rust-stemmers' Snowball English) over every word of the
//! English content of the repository (UI strings, English translations, the glossary's
//! English equivalents) and the stemmer's hard cases, and compares the result with
//! the committed `tests/js/english-vectors.json`, which `tests/js/english.test.mjs` checks the
//! JavaScript port against. `KATALOGS_UPDATE_VECTORS=1` rewrites the file.

use std::collections::BTreeMap;
use std::path::Path;

use katalogs::{english_analyze, english_word};

const VECTORS: &str = "tests/js/english-vectors.json";
const UPDATE_ENV: &str = "KATALOGS_UPDATE_VECTORS";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The cases Porter2 treats specially: exceptions, the `gener`/`commun`/`arsen` regions,
/// `y` after vowels, short syllables, doubled consonants, every step's suffixes.
const HARD: &[&str] = &[
    "skis",
    "skies",
    "dying",
    "lying",
    "tying",
    "idly",
    "gently",
    "ugly",
    "early",
    "only",
    "singly",
    "sky",
    "news",
    "howe",
    "atlas",
    "cosmos",
    "bias",
    "andes",
    "inning",
    "innings",
    "outing",
    "canning",
    "herring",
    "earring",
    "proceed",
    "exceed",
    "succeed",
    "generate",
    "generously",
    "communism",
    "community",
    "arsenal",
    "arsenic",
    "youth",
    "yelling",
    "sayings",
    "toy",
    "toys",
    "cry",
    "cries",
    "ties",
    "tied",
    "gas",
    "gaps",
    "kiwis",
    "bus",
    "caress",
    "caresses",
    "hoping",
    "hopping",
    "hope",
    "hop",
    "tanned",
    "falling",
    "hissing",
    "fizzed",
    "failing",
    "filing",
    "agreed",
    "feed",
    "bled",
    "sing",
    "conflated",
    "troubled",
    "sized",
    "luxuriating",
    "motoring",
    "happy",
    "by",
    "say",
    "conditional",
    "rational",
    "valenci",
    "hesitanci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologous",
    "activate",
    "angulariti",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controlling",
    "roll",
    "knightly",
    "knight's",
    "'tis",
    "apologies",
    "geology",
    "analogies",
    "fully",
    "fullness",
    "hopelessly",
    "abbey",
    "boy",
    "boys",
    "playing",
    "enjoying",
    "employed",
    "Yes",
    "Yemen",
    "ayyy",
    "eyes",
    "quickly",
    "bbc",
    "ed",
    "ing",
    "aed",
    "eeds",
    "beds",
    "oed",
    "xing",
];

/// Every word of the English a site shows and searches: the UI strings, the bundled
/// translations and the glossary's English equivalents (not the developer documentation,
/// whose edits must not make the vectors stale).
fn vocabulary() -> BTreeMap<String, Vec<String>> {
    let mut texts: Vec<String> = Vec::new();
    texts.push(
        std::fs::read_to_string(repo().join("themes/default/i18n/en.toml")).expect("readable"),
    );
    for dir in ["content", "glossary"] {
        for e in walkdir::WalkDir::new(repo().join(dir)).sort_by_file_name() {
            let e = e.expect("readable");
            let name = e.file_name().to_string_lossy().into_owned();
            let english = name.ends_with(".en.md") || name.ends_with(".en.yaml");
            if e.file_type().is_file() && english {
                texts.push(std::fs::read_to_string(e.path()).expect("UTF-8"));
            }
            // The glossary's English equivalents.
            if dir == "glossary" && e.file_type().is_file() && name.ends_with(".md") {
                let text = std::fs::read_to_string(e.path()).expect("UTF-8");
                texts.extend(
                    text.lines()
                        .filter_map(|l| l.strip_prefix("english:"))
                        .map(str::to_string),
                );
            }
        }
    }
    texts.extend(HARD.iter().map(|w| w.to_string()));
    let mut words = BTreeMap::new();
    for text in &texts {
        for word in text.split(|c: char| !c.is_alphanumeric() && c != '\u{300}') {
            if word.is_empty() || word.chars().count() > 30 {
                continue;
            }
            words
                .entry(word.to_string())
                .or_insert_with(|| english_analyze(word));
        }
    }
    words
}

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

#[test]
fn english_vectors_match_the_rust_stemmer() {
    let current = vocabulary();
    assert!(current.len() > 1000, "only {} English words", current.len());
    let text = serialise(&current);
    let path = repo().join(VECTORS);
    if std::env::var_os(UPDATE_ENV).is_some_and(|v| v == "1") {
        std::fs::write(&path, &text).expect("write the vectors");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == text {
        return;
    }
    let old: BTreeMap<String, Vec<String>> = serde_json::from_str(&committed).unwrap_or_default();
    let diffs: Vec<String> = current
        .iter()
        .filter(|(w, t)| old.get(*w) != Some(t))
        .take(20)
        .map(|(w, t)| format!("{w:?} → {t:?}"))
        .collect();
    panic!(
        "{VECTORS} is stale (English texts or the stemmer changed); regenerate it with \
         `{UPDATE_ENV}=1 cargo test --test english_vectors`, then run `node --test tests/js/`.\n  {}",
        diffs.join("\n  ")
    );
}

#[test]
fn english_stems_of_the_service_vocabulary() {
    for (word, stem) in [
        ("unemployment", "unemploy"),
        ("benefits", "benefit"),
        ("declaration", "declar"),
        ("residence", "resid"),
        ("sickness", "sick"),
        ("generously", "generous"),
    ] {
        assert_eq!(english_word(word), stem, "{word}");
    }
}
