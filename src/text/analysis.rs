//! Latvian text analysis shared by the search index, the browser index and the glossary
//! auto-linker, so the three never disagree: tokenise on letter/digit runs, lowercase, fold
//! diacritics, then apply a light Latvian stemmer.
//!
//! The stemmer is the light noun/adjective stemmer of Kreslins as published in Apache Lucene
//! (`LatvianStemmer`), applied to the folded word with its suffix table folded too. Folding
//! first makes diacritics truly optional: *precēm* and *precem* stem alike, which stemming
//! before folding would not give (`-ēm` is a suffix, `-em` is not). Folded, the definite
//! adjective endings `-ajam`, `-ajiem`, … would also cut the very common `-ājs` nouns
//! (*turētājam* → *turet*), so they are left out: *publiskajiem* keeps its `aj`. The port in
//! `themes/default/static/js/analyzer.js` must match this file; shared test vectors check it.

use unicode_normalization::UnicodeNormalization;

/// Byte ranges of the words of `text`: a letter or digit followed by letters, digits and
/// combining marks, so decomposed input (`pa` + U+0304 + `rvaldība`) stays one word.
pub(crate) fn word_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// Removes diacritics: `pārvaldība` → `parvaldiba`.
pub(crate) fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// `fold(&word.to_lowercase())` without Unicode normalisation when every character is ASCII
/// or a Latvian letter with a diacritic (nearly every word here); `None` for anything else.
fn fold_lower_latvian(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        out.push(match c {
            _ if c.is_ascii() => c.to_ascii_lowercase(),
            'ā' | 'Ā' => 'a',
            'č' | 'Č' => 'c',
            'ē' | 'Ē' => 'e',
            'ģ' | 'Ģ' => 'g',
            'ī' | 'Ī' => 'i',
            'ķ' | 'Ķ' => 'k',
            'ļ' | 'Ļ' => 'l',
            'ņ' | 'Ņ' => 'n',
            'š' | 'Š' => 's',
            'ū' | 'Ū' => 'u',
            'ž' | 'Ž' => 'z',
            _ => return None,
        });
    }
    Some(out)
}

/// Suffixes in the order they are tried: (suffix, vowels the word must have more than,
/// whether removing it may uncover a palatalised consonant).
const SUFFIXES: &[(&str, usize, bool)] = &[
    ("iem", 2, true),
    ("ais", 2, false),
    ("ai", 2, false),
    ("ei", 2, false),
    ("am", 1, false),
    ("em", 1, false),
    ("im", 1, false),
    ("um", 1, false),
    ("us", 1, true),
    ("as", 1, false),
    ("es", 1, false),
    ("os", 1, true),
    ("ij", 1, false),
    ("is", 1, false),
    ("ie", 1, false),
    ("u", 1, true),
    ("a", 1, true),
    ("i", 1, true),
    ("e", 1, false),
    ("o", 1, false),
    ("s", 0, false),
];

/// A stem keeps at least this many characters.
const MIN_STEM: usize = 3;

/// [`stem`] without allocating: this runs once per word of every text. The suffixes are
/// ASCII, so byte and character tests agree.
fn stem_in_place(word: &mut String) {
    let n_chars = word.chars().count();
    let n_vowels = word
        .bytes()
        .filter(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u'))
        .count();
    for &(suffix, min_vowels, palatalizes) in SUFFIXES {
        if n_vowels > min_vowels && n_chars >= suffix.len() + MIN_STEM && word.ends_with(suffix) {
            word.truncate(word.len() - suffix.len());
            if palatalizes {
                let len = unpalatalize(word).len();
                word.truncate(len);
            }
            return;
        }
    }
}

/// After a declension II/V/VI ending: a labial consonant gained an epenthetic `j`
/// (`zivju` → `ziv`). The other Lucene rules only restore diacritics, which folding removed.
fn unpalatalize(stem: &str) -> &str {
    match stem.strip_suffix('j') {
        Some(rest) if rest.ends_with(['p', 'b', 'm', 'v']) => rest,
        _ => stem,
    }
}

/// The search term of one word: lowercase, fold, stem.
pub fn analyze_word(word: &str) -> String {
    with_analyzed_word(word, str::to_string)
}

/// Hands the search term of one word to `use_term` without making a `String` of it
/// (`use_term` must not analyse words itself).
pub(crate) fn with_analyzed_word<R>(word: &str, use_term: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        /// Words already analysed on this thread: a site's vocabulary is small next to its
        /// text, and every word is analysed three times (glossary, both indexes).
        static TERMS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<str>>> =
            Default::default();
    }
    /// Distinct words remembered per thread before the memo starts over.
    const REMEMBERED: usize = 100_000;
    TERMS.with_borrow_mut(|terms| {
        if let Some(term) = terms.get(word) {
            return use_term(term);
        }
        let term = analyze_word_uncached(word);
        if terms.len() >= REMEMBERED {
            terms.clear();
        }
        let result = use_term(&term);
        terms.insert(word.into(), term.into_boxed_str());
        result
    })
}

fn analyze_word_uncached(word: &str) -> String {
    let mut term = fold_lower_latvian(word).unwrap_or_else(|| fold(&word.to_lowercase()));
    stem_in_place(&mut term);
    term
}

/// The search terms of a text, in order.
pub fn analyze(text: &str) -> Vec<String> {
    word_ranges(text)
        .map(|(s, e)| analyze_word(&text[s..e]))
        .collect()
}

/// The query-side analysis of a word being typed: lowercase and fold only, for prefix search.
pub fn normalize_prefix(word: &str) -> String {
    fold(&word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_words_analyse_as_fresh_ones() {
        let words = [
            "Pakalpojumiem",
            "pārvaldība",
            "PĀRVALDĪBA",
            "zivju",
            "Ωmega",
            "e",
        ];
        for w in words.iter().chain(&words) {
            assert_eq!(analyze_word(w), analyze_word_uncached(w), "{w}");
        }
    }

    #[test]
    fn the_latvian_fast_path_folds_like_the_general_one() {
        let words = [
            "Pakalpojumiem",
            "PĀRVALDĪBĀ",
            "turētājiem",
            "Ķekavas",
            "ĢIMENĒ",
            "ŅEMOT",
            "Ļoti",
            "šķēršļi",
            "žurnāls",
            "ūdens",
            "čekiem",
            "VPVKAC",
            "2024",
            "x1y2",
        ];
        for w in words {
            assert_eq!(fold_lower_latvian(w), Some(fold(&w.to_lowercase())), "{w}");
        }
        // Anything else takes the general way.
        for w in ["Müller", "İstanbul", "Дом", "ōra", "ŗ"] {
            assert_eq!(fold_lower_latvian(w), None, "{w}");
        }
    }

    /// Real word forms from the seeds, grouped by the stem they must share. Each group's
    /// forms collapse to its stem; different groups never collapse into each other.
    const GROUPS: &[(&str, &[&str])] = &[
        (
            "pakalpojum",
            &[
                "pakalpojums",
                "pakalpojuma",
                "pakalpojumu",
                "pakalpojumam",
                "pakalpojumā",
                "pakalpojumi",
                "pakalpojumiem",
                "pakalpojumus",
                "pakalpojumos",
            ],
        ),
        (
            "turetaj",
            &[
                "turētājs",
                "turētāja",
                "turētājam",
                "turētāju",
                "turētāji",
                "turētājiem",
            ],
        ),
        (
            "sniedzej",
            &[
                "sniedzējs",
                "sniedzēja",
                "sniedzējam",
                "sniedzēju",
                "sniedzēji",
                "sniedzējiem",
                "sniedzējus",
            ],
        ),
        (
            "sanemej",
            &[
                "saņēmējs",
                "saņēmēja",
                "saņēmējam",
                "saņēmēju",
                "saņēmēji",
                "saņēmējiem",
                "saņēmējus",
            ],
        ),
        (
            "parvaldib",
            &[
                "pārvaldība",
                "pārvaldības",
                "pārvaldībai",
                "pārvaldību",
                "pārvaldībā",
                "parvaldiba",
                "parvaldibas",
            ],
        ),
        (
            "situacij",
            &[
                "situācija",
                "situācijas",
                "situācijai",
                "situāciju",
                "situācijā",
                "situācijām",
                "situācijās",
                "situacijas",
            ],
        ),
        (
            "iestad",
            &[
                "iestāde",
                "iestādes",
                "iestādei",
                "iestādi",
                "iestādē",
                "iestādēm",
                "iestādēs",
            ],
        ),
        (
            "vajadzib",
            &[
                "vajadzība",
                "vajadzības",
                "vajadzībai",
                "vajadzību",
                "vajadzībām",
                "vajadzībās",
            ],
        ),
        ("dziv", &["dzīve", "dzīves", "dzīvē"]),
        (
            "kanal",
            &[
                "kanāls",
                "kanāla",
                "kanālam",
                "kanālu",
                "kanālā",
                "kanāli",
                "kanāliem",
                "kanālos",
            ],
        ),
        (
            "iedzivotaj",
            &[
                "iedzīvotāji",
                "iedzīvotājiem",
                "iedzīvotāju",
                "iedzīvotājs",
                "iedzīvotājus",
            ],
        ),
        (
            "uznemej",
            &["uzņēmēji", "uzņēmējiem", "uzņēmēju", "uzņēmējs", "uznemeji"],
        ),
        (
            "pasvaldib",
            &[
                "pašvaldība",
                "pašvaldības",
                "pašvaldībai",
                "pašvaldību",
                "pašvaldībām",
                "pašvaldībās",
            ],
        ),
        (
            "limen",
            &[
                "līmenis",
                "līmeņa",
                "līmenim",
                "līmeni",
                "līmeņi",
                "līmeņiem",
                "līmeņos",
                "limenis",
            ],
        ),
        (
            "merog",
            &[
                "mērogs",
                "mēroga",
                "mērogam",
                "mērogu",
                "mērogā",
                "mērogi",
                "mērogiem",
            ],
        ),
        (
            "uzdevum",
            &[
                "uzdevums",
                "uzdevuma",
                "uzdevumam",
                "uzdevumu",
                "uzdevumi",
                "uzdevumiem",
                "uzdevumos",
            ],
        ),
        (
            "pilnveid",
            &[
                "pilnveide",
                "pilnveides",
                "pilnveidei",
                "pilnveidi",
                "pilnveidē",
            ],
        ),
        (
            "resurs",
            &[
                "resurss",
                "resursa",
                "resursam",
                "resursu",
                "resursi",
                "resursiem",
                "resursus",
            ],
        ),
        (
            "sistem",
            &[
                "sistēma",
                "sistēmas",
                "sistēmai",
                "sistēmu",
                "sistēmā",
                "sistēmām",
            ],
        ),
        (
            "efektivitat",
            &[
                "efektivitāte",
                "efektivitātes",
                "efektivitāti",
                "efektivitātei",
            ],
        ),
        (
            "rezultativitat",
            &["rezultativitāte", "rezultativitātes", "rezultativitāti"],
        ),
        ("viedaj", &["viedajiem", "viedajam"]),
        ("vied", &["viedais", "viedā", "viedo", "viedie", "viedās"]),
        (
            "publisk",
            &[
                "publisks",
                "publiskais",
                "publiskie",
                "publiskā",
                "publisko",
                "publiskos",
            ],
        ),
        ("publiskaj", &["publiskajiem", "publiskajam"]),
        (
            "elektronisk",
            &[
                "elektroniski",
                "elektroniskā",
                "elektronisko",
                "elektroniskie",
            ],
        ),
        (
            "vaditaj",
            &["vadītājs", "vadītāja", "vadītājam", "vadītāju", "vadītāji"],
        ),
        (
            "lietotaj",
            &["lietotājs", "lietotāja", "lietotājam", "lietotājiem"],
        ),
        (
            "deklaracij",
            &["deklarācija", "deklarācijas", "deklarāciju", "deklarācijā"],
        ),
        (
            "dzivesviet",
            &["dzīvesvieta", "dzīvesvietas", "dzīvesvietu", "dzīvesvietā"],
        ),
        (
            "pabalst",
            &[
                "pabalsts",
                "pabalsta",
                "pabalstam",
                "pabalstu",
                "pabalsti",
                "pabalstiem",
            ],
        ),
        (
            "centr",
            &[
                "centrs", "centra", "centram", "centru", "centri", "centriem", "centros",
            ],
        ),
        ("portal", &["portāls", "portāla", "portālā", "portālu"]),
        (
            "princip",
            &[
                "princips",
                "principa",
                "principam",
                "principu",
                "principi",
                "principiem",
            ],
        ),
        (
            "nosacijum",
            &[
                "nosacījums",
                "nosacījuma",
                "nosacījumi",
                "nosacījumiem",
                "nosacījumu",
            ],
        ),
        (
            "ieteikum",
            &[
                "ieteikums",
                "ieteikuma",
                "ieteikumi",
                "ieteikumiem",
                "ieteikumus",
            ],
        ),
        ("briedum", &["briedums", "brieduma", "briedumu"]),
        (
            "atbalst",
            &["atbalsts", "atbalsta", "atbalstam", "atbalstu"],
        ),
        (
            "klient",
            &[
                "klients",
                "klienta",
                "klientam",
                "klientu",
                "klienti",
                "klientiem",
            ],
        ),
        ("ziv", &["zivju"]),
        (
            "dokument",
            &[
                "dokuments",
                "dokumenta",
                "dokumentu",
                "dokumenti",
                "dokumentiem",
            ],
        ),
        ("prec", &["precēm", "precem", "prece", "preces"]),
    ];

    /// Short words and words that must keep their identity.
    const UNCHANGED: &[(&str, &str)] = &[
        ("VID", "vid"),
        ("KAC", "kac"),
        ("un", "un"),
        ("ir", "ir"),
        ("e", "e"),
        ("VPVKAC", "vpvkac"),
        ("2020", "2020"),
        ("RK11", "rk11"),
        ("PU3", "pu3"),
        ("lv", "lv"),
    ];

    #[test]
    fn word_forms_collapse_to_their_stem() {
        let mut count = 0;
        let mut wrong = Vec::new();
        for (stem, forms) in GROUPS {
            for form in *forms {
                if analyze_word(form) != *stem {
                    wrong.push(format!("{form} → {} (expected {stem})", analyze_word(form)));
                }
                count += 1;
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        for (word, expected) in UNCHANGED {
            assert_eq!(analyze_word(word), *expected, "{word}");
            count += 1;
        }
        assert!(count >= 150, "the table has {count} forms");
    }

    #[test]
    fn different_words_never_collapse_together() {
        let stems: Vec<&str> = GROUPS.iter().map(|(s, _)| *s).collect();
        let mut sorted = stems.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), stems.len());
        for (a, b) in [
            ("pakalpojums", "pakalpojumu pārvaldība"),
            ("iestāde", "iestādījums"),
            ("līmenis", "līme"),
            ("vajadzība", "vajadzīgs"),
            ("sniedzējs", "saņēmējs"),
            ("kanāls", "kanalizācija"),
        ] {
            assert_ne!(analyze(a), analyze(b), "{a} / {b}");
        }
    }

    #[test]
    fn tokens_are_letter_and_digit_runs() {
        let text = "E-pakalpojums Latvija.lv, (RK1–RK11) pārvaldība!";
        let words: Vec<&str> = word_ranges(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            words,
            [
                "E",
                "pakalpojums",
                "Latvija",
                "lv",
                "RK1",
                "RK11",
                "pārvaldība"
            ]
        );
    }

    #[test]
    fn diacritics_are_optional() {
        assert_eq!(
            analyze("pakalpojuma turētājam"),
            analyze("pakalpojuma turetajam")
        );
        assert_eq!(analyze("dzīves situācijās"), analyze("dzives situacijas"));
        assert_eq!(analyze("Pārvaldība"), analyze("parvaldiba"));
        // Decomposed (NFD) input is one word, not three.
        assert_eq!(analyze("Pa\u{304}rvaldi\u{304}ba"), ["parvaldib"]);
    }
}
