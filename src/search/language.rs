//! Which analysis a search index uses: each edition's own language (Latvian: the light
//! stemmer of [`crate::search::analysis`]; English: the Snowball English (Porter2) stemmer of
//! `rust-stemmers`), and the other edition's language for the text in that language that a
//! document also carries (an English translation on the Latvian edition, the Latvian original
//! on the English one), so each edition finds its own language first and the other as a
//! fallback. Terms of the other language are marked with [`OTHER_MARK`] in the browser index.
//! `themes/default/static/js/analyzer.js` ports the English analysis; shared vectors check it.

use crate::text::analysis;

/// Marks a term of the other language in the browser index (`~unemploy`).
pub(crate) const OTHER_MARK: &str = "~";

/// A language's analysis of words into search terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Analysis {
    Latvian,
    English,
}

impl Analysis {
    /// The analysis of the language with the code `lang` (Latvian for any language without
    /// a stemmer of its own: folding and lowercasing still apply).
    pub(crate) fn of(lang: &str) -> Analysis {
        match lang {
            "en" => Analysis::English,
            _ => Analysis::Latvian,
        }
    }

    /// The tantivy tokenizer name of this analysis.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Analysis::Latvian => "lv",
            Analysis::English => "en",
        }
    }

    /// The search term of one word.
    pub(crate) fn analyze_word(self, word: &str) -> String {
        match self {
            Analysis::Latvian => analysis::analyze_word(word),
            Analysis::English => english_word(word),
        }
    }
}

/// The English search term of a word: lowercase, fold diacritics, and when the word is then
/// plain ASCII, the Snowball English (Porter2) stem.
pub fn english_word(word: &str) -> String {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    let folded = analysis::normalize_prefix(word);
    if !folded.is_ascii() {
        return folded;
    }
    STEMMER.with(|s| s.stem(&folded).into_owned())
}

/// The English search terms of a text, in order.
pub fn english_analyze(text: &str) -> Vec<String> {
    analysis::word_ranges(text)
        .map(|(s, e)| english_word(&text[s..e]))
        .collect()
}

/// The editions' analyses of a site: its own, and the other language's when the site has
/// another edition (the default edition's when this is not it, else the first other one).
pub(crate) fn analyses(site: &crate::resolve::Site) -> (Analysis, Option<Analysis>) {
    let edition = &site.edition;
    let own = Analysis::of(&edition.lang);
    let other = edition
        .all
        .iter()
        .map(|(lang, _)| lang)
        .find(|lang| **lang != edition.lang)
        .map(|lang| Analysis::of(lang));
    (own, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_stem_with_porter2() {
        for (word, term) in [
            ("Benefits", "benefit"),
            ("unemployment", "unemploy"),
            ("declaration", "declar"),
            ("residence", "resid"),
            ("sickness", "sick"),
            ("running", "run"),
            ("hoping", "hope"),
            ("skies", "sky"),
            ("generously", "generous"),
            ("Pārvaldība", "parvaldiba"),
        ] {
            assert_eq!(english_word(word), term, "{word}");
        }
    }

    #[test]
    fn each_language_has_its_analysis() {
        assert_eq!(Analysis::of("en").analyze_word("benefits"), "benefit");
        assert_eq!(
            Analysis::of("lv").analyze_word("pakalpojumiem"),
            analysis::analyze_word("pakalpojumiem")
        );
    }
}
