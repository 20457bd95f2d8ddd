//! Latvian alphabetical order (ICU4X collation with the `lv` tailoring), for A–Z lists and
//! letter groups: c < č, g < ģ, k < ķ, l < ļ, n < ņ, s < š, z < ž.

use std::cmp::Ordering;
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use rayon::slice::ParallelSliceMut;

use icu_collator::options::{AlternateHandling, CollatorOptions};
use icu_collator::{Collator, CollatorBorrowed};

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        let locale: icu_locale_core::Locale = "lv".parse().expect("valid locale");
        // Punctuation and spaces do not decide the order ("shifted"), so a title opening with a
        // quotation mark sorts under the letter that `letter` files it under.
        let mut options = CollatorOptions::default();
        options.alternate_handling = Some(AlternateHandling::Shifted);
        Collator::try_new(locale.into(), options).expect("Latvian collation data is compiled in")
    })
}

/// Compares two texts in Latvian alphabetical order.
pub(crate) fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// The bytes that order `text` as [`compare`] does: equal keys for equal texts, and a key
/// compares to another as their texts do. Made once per item, they make sorting a long list
/// several times faster than comparing texts (each item is compared ~log n times).
pub(crate) fn sort_key(text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() * 2);
    let Ok(()) = collator().write_sort_key_to(text, &mut key);
    key
}

/// Sort keys by text.
type KeyStore = Mutex<FxHashMap<Box<str>, Arc<[u8]>>>;

/// Sort keys kept for the life of the process, once [`remember_keys`] asked for it.
static REMEMBERED: OnceLock<KeyStore> = OnceLock::new();

/// How many texts' keys are kept at most; past that, the store starts afresh.
const REMEMBERED_MAX: usize = 250_000;

/// Keeps every sort key made from now on: a process that sorts the same texts again and
/// again (the live preview, on every rebuild) makes each key once.
pub(crate) fn remember_keys() {
    REMEMBERED.get_or_init(Default::default);
}

/// [`sort_key`], from the kept keys when there are any.
fn cached_sort_key(text: &str) -> Arc<[u8]> {
    let Some(store) = REMEMBERED.get() else {
        return sort_key(text).into();
    };
    let lock = || store.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(key) = lock().get(text) {
        return key.clone();
    }
    let key: Arc<[u8]> = sort_key(text).into();
    let mut keys = lock();
    if keys.len() >= REMEMBERED_MAX {
        keys.clear();
    }
    keys.insert(text.into(), key.clone());
    key
}

/// Sorts items by a text key in Latvian order (stable: equal texts keep their order).
pub(crate) fn sort_by_key<T: Send, K: AsRef<str>>(items: &mut [T], key: impl Fn(&T) -> K + Sync) {
    items.par_sort_by_cached_key(|x| cached_sort_key(key(x).as_ref()));
}

/// The letter an A–Z index files a text under: its first letter, uppercased.
pub(crate) fn letter(text: &str) -> String {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "#".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_keys_are_the_keys() {
        let titles = ["Čeks", "Cena", "Ķēde", "Kanāls", "Cena"];
        remember_keys();
        for t in titles {
            // Made once, then served from the store: the same bytes either way.
            assert_eq!(*cached_sort_key(t), *sort_key(t));
            assert_eq!(*cached_sort_key(t), *sort_key(t));
        }
        let mut sorted = titles.to_vec();
        sort_by_key(&mut sorted, |t| *t);
        assert_eq!(sorted, ["Cena", "Cena", "Čeks", "Kanāls", "Ķēde"]);
    }

    #[test]
    fn latvian_letters_follow_their_base_letter() {
        let mut words = vec![
            "Šablons",
            "Zvans",
            "Sistēma",
            "Čeks",
            "Cena",
            "Ķēde",
            "Kanāls",
            "Žurnāls",
            "Ārsts",
            "Ņemt",
            "Nauda",
            "Bērns",
        ];
        sort_by_key(&mut words, |w| *w);
        assert_eq!(
            words,
            [
                "Ārsts",
                "Bērns",
                "Cena",
                "Čeks",
                "Kanāls",
                "Ķēde",
                "Nauda",
                "Ņemt",
                "Sistēma",
                "Šablons",
                "Zvans",
                "Žurnāls"
            ]
        );
        assert_eq!(compare("a", "ā"), Ordering::Less);
        // Sort keys order as the comparison does, punctuation and case included.
        let texts = [
            "Ārsts",
            "arsts",
            "Arsts",
            "„Ārsts”",
            "ārsts",
            "Ar sts",
            "Čeks",
            "ceks",
            "Cēsis",
            "cesis",
            "12 lapas",
            "2 lapas",
            "",
            "-",
            "Ēka",
            "eka",
            "Ēkas",
            "ŽURNĀLS",
            "žurnāls",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    sort_key(a).cmp(&sort_key(b)),
                    compare(a, b),
                    "{a:?} vs {b:?}"
                );
            }
        }
        assert_eq!(letter("ļoti"), "Ļ");
    }

    #[test]
    fn leading_punctuation_sorts_with_the_letter_it_is_filed_under() {
        let mut words = vec![
            "Nauda",
            "„Mans konts” portālā",
            "Atļauja",
            "Maksa",
            "(Z) zīme",
        ];
        sort_by_key(&mut words, |w| *w);
        assert_eq!(
            words,
            [
                "Atļauja",
                "Maksa",
                "„Mans konts” portālā",
                "Nauda",
                "(Z) zīme"
            ]
        );
        let letters: Vec<String> = words.iter().map(|w| letter(w)).collect();
        assert_eq!(
            letters,
            ["A", "M", "M", "N", "Z"],
            "letters of a sorted list never repeat apart"
        );
    }
}
