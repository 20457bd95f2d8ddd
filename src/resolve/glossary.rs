//! Glossary matching: finds glossary terms (names, synonyms, abbreviations) in running text,
//! inflected forms included, by comparing the same analysed tokens the search index uses.

use rustc_hash::FxHashMap as HashMap;

use crate::text::analysis::{analyze_word, with_analyzed_word, word_ranges};

/// What the auto-linker needs of a term.
#[derive(Debug, Clone)]
pub(crate) struct TermInfo {
    pub(crate) id: String,
    pub(crate) url: String,
    pub(crate) title: String,
    /// One sentence for the tooltip.
    pub(crate) short: String,
}

/// One occurrence of a term in a text: byte range and term index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) term: usize,
}

/// Phrases of every term, indexed by their first analysed token.
#[derive(Debug, Default)]
pub(crate) struct GlossaryMatcher {
    pub(crate) terms: Vec<TermInfo>,
    /// Per term, the constant parts of its link and tooltip ([`crate::resolve::markdown::term_markup`]).
    pub(crate) markup: Vec<(String, String)>,
    /// Every analysed token of a phrase, numbered: text is matched by token number.
    tokens: HashMap<String, u32>,
    /// Phrases (as token numbers) by their first token, longest first, with their term.
    phrases: HashMap<u32, Vec<(Vec<u32>, usize)>>,
    /// Abbreviations match only as written (`VID`, not `vid`).
    abbreviations: HashMap<String, usize>,
    /// (phrase, term kept, term that also claimed it)
    pub(crate) conflicts: Vec<(String, usize, usize)>,
}

impl GlossaryMatcher {
    /// `names[i]` are the term's name and synonyms, `abbreviations[i]` its abbreviations.
    pub(crate) fn new(
        terms: Vec<TermInfo>,
        names: &[Vec<String>],
        abbreviations: &[Vec<String>],
    ) -> Self {
        let mut m = GlossaryMatcher {
            markup: terms
                .iter()
                .map(crate::resolve::markdown::term_markup)
                .collect(),
            terms,
            ..Default::default()
        };
        let mut seen: HashMap<Vec<String>, usize> = HashMap::default();
        for (i, list) in names.iter().enumerate() {
            for name in list {
                let tokens: Vec<String> = word_ranges(name)
                    .map(|(s, e)| analyze_word(&name[s..e]))
                    .collect();
                if tokens.is_empty() {
                    continue;
                }
                if let Some(&other) = seen.get(&tokens) {
                    if other != i {
                        m.conflicts.push((name.clone(), other, i));
                    }
                    continue;
                }
                seen.insert(tokens.clone(), i);
                let numbered: Vec<u32> = tokens
                    .into_iter()
                    .map(|t| {
                        let next = m.tokens.len() as u32;
                        *m.tokens.entry(t).or_insert(next)
                    })
                    .collect();
                m.phrases
                    .entry(numbered[0])
                    .or_default()
                    .push((numbered, i));
            }
        }
        for list in m.phrases.values_mut() {
            list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
        for (i, list) in abbreviations.iter().enumerate() {
            for a in list {
                m.abbreviations.entry(a.clone()).or_insert(i);
            }
        }
        m
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Non-overlapping occurrences in `text`, longest phrase first. A phrase's words must be
    /// separated by spaces or hyphens only (never by other punctuation), and a match is never
    /// a part of a hyphenated compound (`pakalpojums` in `e-pakalpojums`).
    pub(crate) fn find(&self, text: &str) -> Vec<Match> {
        let words: Vec<(usize, usize)> = word_ranges(text).collect();
        // Words in no phrase get a number no phrase has.
        let analysed: Vec<u32> = words
            .iter()
            .map(|&(s, e)| {
                with_analyzed_word(&text[s..e], |t| {
                    self.tokens.get(t).copied().unwrap_or(u32::MAX)
                })
            })
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (start, end) = words[i];
            if glued_before(text, start) {
                i += 1;
                continue;
            }
            if let Some(&term) = self.abbreviations.get(&text[start..end])
                && !glued_after(text, end)
            {
                out.push(Match { start, end, term });
                i += 1;
                continue;
            }
            let found = self.phrases.get(&analysed[i]).and_then(|cands| {
                cands.iter().find(|(tokens, _)| {
                    tokens.len() <= words.len() - i
                        && tokens.iter().zip(&analysed[i..]).all(|(a, b)| a == b)
                        && !glued_after(text, words[i + tokens.len() - 1].1)
                        && (1..tokens.len()).all(|k| {
                            text[words[i + k - 1].1..words[i + k].0]
                                .chars()
                                .all(|c| c.is_whitespace() || matches!(c, '-' | '‑' | '–'))
                        })
                })
            });
            match found {
                Some((tokens, term)) => {
                    let last = words[i + tokens.len() - 1].1;
                    out.push(Match {
                        start,
                        end: last,
                        term: *term,
                    });
                    i += tokens.len();
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Hyphens that join the parts of a compound word.
const COMPOUND_HYPHENS: [char; 2] = ['-', '‑'];

/// Whether the word starting at `start` is the tail of a hyphenated compound (`e-|pakalpojums`).
fn glued_before(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    before.next().is_some_and(|c| COMPOUND_HYPHENS.contains(&c))
        && before.next().is_some_and(char::is_alphanumeric)
}

/// Whether the word ending at `end` is the head of a hyphenated compound (`e|-pakalpojums`).
fn glued_after(text: &str, end: usize) -> bool {
    let mut after = text[end..].chars();
    after.next().is_some_and(|c| COMPOUND_HYPHENS.contains(&c))
        && after.next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> GlossaryMatcher {
        let info = |id: &str| TermInfo {
            id: id.into(),
            url: format!("glosarijs/{id}.html"),
            title: id.into(),
            short: String::new(),
        };
        GlossaryMatcher::new(
            vec![
                info("pakalpojums"),
                info("pakalpojuma-turetajs"),
                info("vid"),
            ],
            &[
                vec!["Pakalpojums".into()],
                vec![
                    "Pakalpojuma turētājs".into(),
                    "pakalpojuma saimnieks".into(),
                ],
                vec!["Valsts ieņēmumu dienests".into()],
            ],
            &[vec![], vec![], vec!["VID".into()]],
        )
    }

    #[test]
    fn inflected_multi_word_terms_match_longest_first() {
        let m = matcher();
        let text = "Jautājiet pakalpojuma turētājam vai VID par pakalpojumiem.";
        let found: Vec<(&str, usize)> = m
            .find(text)
            .iter()
            .map(|x| (&text[x.start..x.end], x.term))
            .collect();
        assert_eq!(
            found,
            [
                ("pakalpojuma turētājam", 1),
                ("VID", 2),
                ("pakalpojumiem", 0)
            ]
        );
    }

    #[test]
    fn hyphenated_compounds_match_as_phrases() {
        let info = |id: &str| TermInfo {
            id: id.into(),
            url: String::new(),
            title: id.into(),
            short: String::new(),
        };
        let m = GlossaryMatcher::new(
            vec![info("pakalpojums"), info("e-pakalpojums")],
            &[vec!["Pakalpojums".into()], vec!["E-pakalpojums".into()]],
            &[vec![], vec![]],
        );
        let text = "Iesniedziet e-pakalpojumā.";
        let found: Vec<(&str, usize)> = m
            .find(text)
            .iter()
            .map(|x| (&text[x.start..x.end], x.term))
            .collect();
        assert_eq!(found, [("e-pakalpojumā", 1)]);
    }

    #[test]
    fn a_term_is_never_matched_inside_a_hyphenated_compound() {
        let m = matcher();
        let text = "e-pakalpojums, pakalpojums-pilots, VID-ā, bet pakalpojums - jā.";
        let found: Vec<(&str, usize)> = m
            .find(text)
            .iter()
            .map(|x| (&text[x.start..x.end], x.term))
            .collect();
        assert_eq!(found, [("pakalpojums", 0)]);
        assert_eq!(found.len(), 1);
        assert_eq!(m.find(text)[0].start, text.find("bet").unwrap() + 4);
    }

    #[test]
    fn punctuation_breaks_a_phrase_and_abbreviations_keep_case() {
        let m = matcher();
        let text = "pakalpojuma, turētājs; vid";
        let found: Vec<usize> = m.find(text).iter().map(|x| x.term).collect();
        assert_eq!(found, [0]);
    }
}
