//! Diagnostics: every problem found in the input, with file, line, column, field, expected and
//! found, collected across the whole build and reported together (human or JSON).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is: errors fail the build, warnings only fail `check --strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based; line 0 means "the file as a whole".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const FILE: Pos = Pos { line: 0, column: 0 };

    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }

    /// The position of byte `offset` in `text` (columns count characters).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        Pos { line, column }
    }

    /// This position moved down by `lines` (for positions inside a Markdown body that starts
    /// after the front matter).
    pub fn below(self, lines: u32) -> Self {
        Pos {
            line: self.line + lines,
            column: self.column,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem with the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// The front-matter key with its Latvian label, e.g. `holder (pakalpojuma turētājs)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: pos.line,
            column: pos.column,
            field: None,
            message: message.into(),
            expected: None,
            found: None,
            help: None,
        }
    }

    pub fn warning(file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.column)
    }

    /// `file:line:column` as editors and terminals understand it.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }

    /// One line per fact, no colours: used for logs, tests and the preview overlay.
    pub fn to_plain(&self) -> String {
        let mut out = format!(
            "{}: {}: ",
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            self.location()
        );
        if let Some(field) = &self.field {
            let _ = write!(out, "{field}: ");
        }
        out.push_str(&self.message);
        for (label, value) in [
            ("expected", &self.expected),
            ("found", &self.found),
            ("help", &self.help),
        ] {
            if let Some(value) = value {
                let _ = write!(out, "\n  {label}: {value}");
            }
        }
        out
    }
}

/// Formats a path relative to the site root the way every diagnostic names files.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    out
}

/// All diagnostics of a run, sorted by file and position.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted and de-duplicated.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.sort();
        self.items
    }

    pub fn sorted(&self) -> Vec<Diagnostic> {
        self.clone().into_sorted()
    }

    fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Renders diagnostics for a terminal with a source excerpt under each, showing the first
/// `limit` in full and counting the rest (a build with 300 bad cards should not print 300
/// screens).
pub fn render_human(root: &Path, diags: &[Diagnostic], limit: usize, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags.iter().take(limit) {
        let title_text = match &d.field {
            Some(field) => format!("{field}: {}", d.message),
            None => d.message.clone(),
        };
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let source = source_line(&root.join(&d.file), d.line);
        let path = d.location();
        let mut notes = Vec::new();
        if let Some(e) = &d.expected {
            notes.push(format!("expected: {e}"));
        }
        if let Some(f) = &d.found {
            notes.push(format!("found: {f}"));
        }
        let title = level.primary_title(&title_text);
        let mut group = annotate_snippets::Group::with_title(title);
        if let Some(line_text) = &source {
            let col_byte = line_text
                .char_indices()
                .nth(d.column.saturating_sub(1) as usize)
                .map_or(line_text.len(), |(i, _)| i);
            let end = line_text[col_byte..]
                .find(|c: char| c.is_whitespace() || c == ',' || c == ']')
                .map_or(line_text.len(), |n| col_byte + n.max(1));
            let end = end.max((col_byte + 1).min(line_text.len()));
            let snippet = Snippet::source(line_text.as_str())
                .line_start(d.line as usize)
                .path(d.file.as_str())
                .annotation(AnnotationKind::Primary.span(col_byte..end));
            group = group.element(snippet);
        } else {
            group = group.element(annotate_snippets::Origin::path(path.as_str()));
        }
        for note in &notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(h) = &d.help {
            group = group.element(Level::HELP.message(h.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    if diags.len() > limit {
        let _ = writeln!(
            out,
            "… and {} more (use --format json or --all to see every one)",
            diags.len() - limit
        );
    }
    out
}

fn source_line(path: &PathBuf, line: u32) -> Option<String> {
    if line == 0 {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let l = text.lines().nth(line as usize - 1)?;
    Some(l.trim_end_matches('\r').to_string())
}

/// Machine-readable diagnostics for CI: `{"errors": n, "warnings": n, "diagnostics": [...]}`.
pub fn render_json(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let value = serde_json::json!({
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": diags,
    });
    serde_json::to_string_pretty(&value).expect("diagnostics serialise")
}

/// "did you mean …" for a misspelt key or value, when one candidate is close enough.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(found, c);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a: 1\nbē: x\n";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 5), Pos::new(2, 1));
        // "bē: " is 5 bytes but 4 characters
        assert_eq!(Pos::of_offset(text, 10), Pos::new(2, 5));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("holdr", ["holder", "title"]).as_deref(),
            Some("did you mean `holder`?")
        );
        assert_eq!(did_you_mean("zzz", ["holder", "title"]), None);
    }

    #[test]
    fn plain_rendering_names_every_fact() {
        let d = Diagnostic::error("content/a.md", Pos::new(3, 7), "unknown field")
            .field("holdr")
            .expected("one of: holder, title")
            .found("holdr")
            .help("did you mean `holder`?");
        let s = d.to_plain();
        assert!(s.starts_with("error: content/a.md:3:7: holdr: unknown field"));
        assert!(s.contains("expected: one of: holder, title"));
        assert!(s.contains("help: did you mean `holder`?"));
    }
}
