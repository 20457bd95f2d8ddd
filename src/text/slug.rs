//! Slugs: ids and heading anchors made from Latvian text (diacritics folded, lowercase ASCII,
//! single hyphens), and the names no output file may take.

use unicode_normalization::UnicodeNormalization;

/// `Pārvaldības sistēma (2021)` → `parvaldibas-sistema-2021`. Letters of other scripts are
/// dropped, so the result may be empty.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    if out.len() > 100 {
        out.truncate(100);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// Names that cannot be files on every system the site is copied to.
pub(crate) fn is_reserved_name(slug: &str) -> bool {
    const DEVICES: &[&str] = &["con", "prn", "aux", "nul"];
    if DEVICES.contains(&slug) {
        return true;
    }
    for prefix in ["com", "lpt"] {
        if let Some(n) = slug.strip_prefix(prefix)
            && n.len() == 1
            && n.as_bytes()[0].is_ascii_digit()
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latvian_text_folds_to_ascii() {
        assert_eq!(slugify("Pakalpojuma turētājs"), "pakalpojuma-turetajs");
        assert_eq!(slugify("Ģimenes ārsts — ĶĻŅŠŪŽ"), "gimenes-arsts-klnsuz");
        assert_eq!(slugify("  RK1–RK11: ieteikumi  "), "rk1-rk11-ieteikumi");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("日本語"), "");
    }

    #[test]
    fn device_names_are_reserved() {
        assert!(is_reserved_name("con"));
        assert!(is_reserved_name("com1"));
        assert!(!is_reserved_name("com"));
        assert!(!is_reserved_name("console"));
    }
}
