//! What the query side knows about a site's words besides the postings, shared by every search
//! path: the vocabulary for typo correction and the expansions taken from the glossary.
//!
//! - **Vocabulary**: every indexed term with the word form first seen for it (shown in
//!   "Rādīti rezultāti vārdam …") and its document frequency. A misspelt query word is
//!   corrected to the term within [`allowed_edits`] edits ([`edit_distance`]) with the most
//!   documents. The browser gets it as `search/v/<key>.js`, one file per two-character key
//!   ([`typo_keys`]): a misspelt word loads two of them, never the whole vocabulary.
//! - **Expansions**: each glossary term's name, abbreviations, synonyms and English
//!   equivalent, as phrases of analysed terms, each leading to the others: *VPVKAC* also
//!   searches *valsts … klientu apkalpošanas centrs*, *unemployment benefit* also
//!   *bezdarbnieka pabalsts*. The browser finds them in the term shard of the phrase's first
//!   term, under the key `" " + term`.
//!
//! The tantivy side reads both from `search/index/lexicon.json`, written beside its index.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::resolve::Site;
use crate::text::analysis::{
    allowed_edits, analyze_word, edit_distance, is_stopword, typo_keys, word_ranges,
};

/// Where the tantivy side's copy lives, relative to the index folder.
pub(crate) const LEXICON_FILE: &str = "lexicon.json";

/// A phrase of analysed terms that also searches another.
pub(crate) type Expansion = (Vec<String>, Vec<String>);

/// One vocabulary entry: the word form shown, its analysed term, documents having it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Word {
    pub(crate) form: String,
    pub(crate) term: String,
    pub(crate) df: u32,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Lexicon {
    words: Vec<Word>,
    /// Typo keys → indices into `words`.
    keys: HashMap<String, Vec<usize>>,
    /// First term of a phrase → its expansions.
    expansions: HashMap<String, Vec<Expansion>>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    /// `[form, df]` pairs; the term is the form analysed.
    v: Vec<(String, u32)>,
    x: Vec<Expansion>,
}

/// The content words of a phrase, analysed: question and filler words left out.
pub(crate) fn phrase_terms(text: &str) -> Vec<String> {
    let all: Vec<&str> = word_ranges(text).map(|(s, e)| &text[s..e]).collect();
    let content: Vec<&&str> = all.iter().filter(|w| !is_stopword(w)).collect();
    if content.is_empty() {
        all.iter().map(|w| analyze_word(w)).collect()
    } else {
        content.iter().map(|w| analyze_word(w)).collect()
    }
}

/// The expansions of a site's glossary: every name of a term leads to each other name.
pub(crate) fn expansions(site: &Site) -> Vec<Expansion> {
    let mut out: Vec<Expansion> = Vec::new();
    for t in &site.content.terms {
        let names: Vec<Vec<String>> = std::iter::once(&t.term)
            .chain(&t.abbreviations)
            .chain(&t.synonyms)
            .chain(t.english.iter())
            .map(|n| phrase_terms(n))
            .filter(|p| !p.is_empty())
            .collect();
        for (i, from) in names.iter().enumerate() {
            for (j, to) in names.iter().enumerate() {
                // Between the name and each other name; two other names meet through the name.
                if i != j && (i == 0 || j == 0) && from != to {
                    let e = (from.clone(), to.clone());
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
        }
    }
    out
}

impl Lexicon {
    pub(crate) fn new(words: Vec<Word>, expansions: Vec<Expansion>) -> Lexicon {
        let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            let (p, s) = typo_keys(&w.term);
            keys.entry(format!("p{p}")).or_default().push(i);
            keys.entry(format!("s{s}")).or_default().push(i);
        }
        let mut by_first: HashMap<String, Vec<Expansion>> = HashMap::new();
        for e in expansions {
            if let Some(first) = e.0.first() {
                by_first.entry(first.clone()).or_default().push(e);
            }
        }
        Lexicon {
            words,
            keys,
            expansions: by_first,
        }
    }

    /// The lexicon in `search/index/lexicon.json` form.
    pub(crate) fn to_json(words: &[Word], expansions: &[Expansion]) -> String {
        serde_json::to_string(&Stored {
            v: words.iter().map(|w| (w.form.clone(), w.df)).collect(),
            x: expansions.to_vec(),
        })
        .expect("lexicon serialises")
    }

    pub(crate) fn from_json(text: &str) -> serde_json::Result<Lexicon> {
        let s: Stored = serde_json::from_str(text)?;
        let words =
            s.v.into_iter()
                .map(|(form, df)| Word {
                    term: analyze_word(&form),
                    form,
                    df,
                })
                .collect();
        Ok(Lexicon::new(words, s.x))
    }

    /// The expansions whose phrase starts with `term`.
    pub(crate) fn expansions_from(&self, term: &str) -> &[Expansion] {
        self.expansions.get(term).map_or(&[], Vec::as_slice)
    }

    /// The vocabulary word a misspelt `typed` word (analysed to `term`) is corrected to: the
    /// nearest within [`allowed_edits`], then the one in most documents, then the first in
    /// term order. `None` for a short word or nothing near.
    pub(crate) fn correct(&self, typed: &str, term: &str) -> Option<&Word> {
        let edits = allowed_edits(typed);
        if edits == 0 {
            return None;
        }
        let (p, s) = typo_keys(term);
        let mut best: Option<(usize, &Word)> = None;
        for key in [format!("p{p}"), format!("s{s}")] {
            for &i in self.keys.get(&key).map_or(&[][..], Vec::as_slice) {
                let w = &self.words[i];
                let n = w.term.chars().count();
                if n.abs_diff(term.chars().count()) > edits || w.term == term {
                    continue;
                }
                let d = edit_distance(term, &w.term);
                if d > edits {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((bd, bw)) => {
                        (d, std::cmp::Reverse(w.df), &w.term)
                            < (bd, std::cmp::Reverse(bw.df), &bw.term)
                    }
                };
                if better {
                    best = Some((d, w));
                }
            }
        }
        best.map(|(_, w)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(form: &str, df: u32) -> Word {
        Word {
            form: form.into(),
            term: analyze_word(form),
            df,
        }
    }

    #[test]
    fn a_misspelt_word_is_corrected_to_the_nearest_frequent_term() {
        let lex = Lexicon::new(
            vec![
                word("bezdarbnieka", 9),
                word("pabalsts", 30),
                word("deklarācija", 4),
                word("darbs", 40),
            ],
            Vec::new(),
        );
        // One letter left out of eleven; transposed letters; a wrong first letter.
        assert_eq!(
            lex.correct("bezdarbnika", "bezdarbnik").unwrap().form,
            "bezdarbnieka"
        );
        assert_eq!(
            lex.correct("pablasts", &analyze_word("pablasts"))
                .unwrap()
                .form,
            "pabalsts"
        );
        assert_eq!(
            lex.correct("babalsts", &analyze_word("babalsts"))
                .unwrap()
                .form,
            "pabalsts"
        );
        assert_eq!(
            lex.correct("deklarcija", &analyze_word("deklarcija"))
                .unwrap()
                .form,
            "deklarācija"
        );
        // Four letters tolerate nothing; five letters one edit, not two.
        assert!(lex.correct("darb", "darb").is_none());
        assert!(lex.correct("pabalzzs", &analyze_word("pabalzzs")).is_none());
    }

    #[test]
    fn the_lexicon_survives_its_file() {
        let lex = Lexicon::new(
            vec![word("pabalsts", 3)],
            vec![(vec!["vpvkac".into()], vec!["centr".into()])],
        );
        let text = Lexicon::to_json(&lex.words, &[(vec!["vpvkac".into()], vec!["centr".into()])]);
        let back = Lexicon::from_json(&text).unwrap();
        assert_eq!(back.words[0].term, "pabalst");
        assert_eq!(back.expansions_from("vpvkac")[0].1, ["centr"]);
    }
}
