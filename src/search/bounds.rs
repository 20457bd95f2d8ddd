//! How much work one search query may cause, declared once for every search path: the tantivy
//! searcher (`katalogs search`, the preview's `/api/search`) applies these limits itself and
//! the browser search reads them from `search/meta.js`.

use crate::text::analysis::word_ranges;

/// Characters of a query that are searched; the rest is ignored. Longer than any real query
/// (a pasted sentence or two), short enough that a pasted book costs nothing.
pub const MAX_QUERY_CHARS: usize = 256;

/// Words of a query that are searched; the rest is ignored.
pub(crate) const MAX_QUERY_WORDS: usize = 16;

/// The word being typed is also searched as a prefix once it has this many characters.
pub(crate) const MIN_PREFIX_CHARS: usize = 3;

/// Indexed terms one prefix may expand to in one field (the first ones in term order).
pub(crate) const MAX_PREFIX_TERMS: usize = 1_000;

/// The part of `text` that is searched: at most [`MAX_QUERY_CHARS`] characters and
/// [`MAX_QUERY_WORDS`] words. Words past the limit are cut with the separator before them
/// kept, so the last word kept counts as finished, not as being typed. The work is
/// proportional to the limits, not to the length of `text`.
pub(crate) fn bounded(text: &str) -> &str {
    let text = match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    match word_ranges(text).nth(MAX_QUERY_WORDS) {
        Some((start, _)) => &text[..start],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_queries_are_searched_whole() {
        for q in ["", "pakalpojums", "dzīves situācija ", "  a  b  "] {
            assert_eq!(bounded(q), q);
        }
    }

    #[test]
    fn long_queries_are_cut_to_the_limits() {
        let long = "ā".repeat(1_000_000);
        assert_eq!(bounded(&long).chars().count(), MAX_QUERY_CHARS);
        let many = "vārds ".repeat(100);
        let cut = bounded(&many);
        assert_eq!(word_ranges(cut).count(), MAX_QUERY_WORDS);
        assert!(
            cut.ends_with(' '),
            "the last word kept is finished: {cut:?}"
        );
        let words = (0..40)
            .map(|n| format!("w{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(bounded(&words), &words[..words.find("w16").unwrap()]);
    }
}
