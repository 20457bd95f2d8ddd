//! Reads one source file into text and splits its front matter from its body: checks UTF-8,
//! strips a byte-order mark, normalises CRLF, rejects NUL bytes, and reports an unclosed block.

use crate::diagnostics::{Code, Diagnostic, Pos};

/// Largest source file read; beyond this a file is reported, not parsed.
pub(crate) const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Largest front-matter block.
pub(crate) const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

/// A source file's text split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split {
    /// The YAML between the `---` lines (empty if the file has none).
    pub(crate) yaml: String,
    /// Lines before the YAML text (1 for the opening `---`).
    pub(crate) yaml_line_offset: u32,
    /// Whether the file had a front-matter block at all.
    pub(crate) has_front_matter: bool,
    /// The Markdown after the closing `---`.
    pub(crate) body: String,
    /// Lines before the body.
    pub(crate) body_line_offset: u32,
}

/// Decodes file bytes to text: UTF-8 only, BOM stripped, CRLF → LF, no NUL bytes.
pub(crate) fn decode(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(Code::FileTooLarge, file, Pos::FILE)
            .arg("max", MAX_FILE_BYTES / (1024 * 1024))
            .arg("size", bytes.len() / (1024 * 1024)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let pos = Pos::of_offset(valid, valid.len());
            let bad: Vec<String> = bytes[e.valid_up_to()..]
                .iter()
                .take(e.error_len().unwrap_or(1))
                .map(|b| format!("0x{b:02X}"))
                .collect();
            return Err(Diagnostic::new(Code::NotUtf8, file, pos).arg("bytes", bad.join(" ")));
        }
    };
    if let Some(i) = text.find('\0') {
        return Err(Diagnostic::new(
            Code::NulByte,
            file,
            Pos::of_offset(text, i),
        ));
    }
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` into front matter and body.
pub(crate) fn split(file: &str, text: &str) -> Result<Split, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if !is_fence(first_line) {
        return Ok(Split {
            yaml: String::new(),
            yaml_line_offset: 0,
            has_front_matter: false,
            body: text.to_string(),
            body_line_offset: 0,
        });
    }
    let after_open = first_line.len() + usize::from(text.len() > first_line.len());
    let rest = &text[after_open..];
    let mut offset = 0;
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if is_fence(bare) || bare.trim_end() == "..." {
            let yaml = &rest[..offset];
            if yaml.len() > MAX_FRONT_MATTER_BYTES {
                return Err(
                    Diagnostic::new(Code::FrontMatterTooLarge, file, Pos::new(1, 1))
                        .arg("max", MAX_FRONT_MATTER_BYTES / 1024)
                        .arg("size", yaml.len() / 1024),
                );
            }
            return Ok(Split {
                yaml: yaml.to_string(),
                yaml_line_offset: 1,
                has_front_matter: true,
                body: rest[offset + line.len()..].to_string(),
                body_line_offset: n as u32 + 2,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(
        Code::FrontMatterUnclosed,
        file,
        Pos::new(1, 1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("a.md", "---\ntitle: A\nweight: 2\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: A\nweight: 2\n");
        assert_eq!(s.yaml_line_offset, 1);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line_offset, 4);
    }

    #[test]
    fn a_file_that_is_only_front_matter_has_an_empty_body() {
        let s = split("a.md", "---\ntitle: A\n---").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_the_opening_line() {
        let d = split("a.md", "---\ntitle: A\n\n# Body\n").unwrap_err();
        assert_eq!((d.line, d.column), (1, 1));
        assert_eq!(d.code.id(), "K0106");
        assert_eq!(d.message, "galvene nav aizvērta");
        assert_eq!(d.found.as_deref(), Some("faila beigas"));
    }

    #[test]
    fn no_front_matter_is_a_body_only_file() {
        let s = split("a.md", "# Just text\n").unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(s.body, "# Just text\n");
    }

    #[test]
    fn decode_strips_bom_and_crlf() {
        let t = decode("a.md", b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nx\r\n").unwrap();
        assert_eq!(t, "---\ntitle: A\n---\nx\n");
    }

    #[test]
    fn invalid_utf8_names_line_column_and_byte() {
        let d = decode("a.md", b"---\ntitle: A\xFF\n---\n").unwrap_err();
        assert_eq!((d.line, d.column), (2, 9));
        assert_eq!(d.code.id(), "K0103");
        assert_eq!(d.found.as_deref(), Some("baits 0xFF"));
    }

    #[test]
    fn nul_bytes_are_rejected_with_position() {
        let d = decode("a.md", b"---\ntitle: A\n---\nab\0c").unwrap_err();
        assert_eq!((d.line, d.column), (4, 3));
    }
}
