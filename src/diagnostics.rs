//! Diagnostics: every problem found in the input, with file, line, column, field, expected and
//! found, collected across the whole build and reported together (human or JSON).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::schema::Kind;
use crate::ui::Ui;

pub(crate) mod codes;
pub(crate) use codes::Code;

/// A build that did not produce output.
pub(crate) struct BuildFailure {
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl From<Diagnostic> for BuildFailure {
    fn from(d: Diagnostic) -> Self {
        BuildFailure {
            diagnostics: vec![d],
        }
    }
}

/// How bad a problem is: errors fail the build, warnings only fail `check --strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based; line 0 means "the file as a whole".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub(crate) struct Pos {
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Pos {
    pub(crate) const FILE: Pos = Pos { line: 0, column: 0 };

    pub(crate) fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }

    /// The position of byte `offset` in `text` (columns count characters).
    pub(crate) fn of_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        Pos { line, column }
    }

    /// This position moved down by `lines` (for positions inside a Markdown body that starts
    /// after the front matter).
    pub(crate) fn below(self, lines: u32) -> Self {
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
pub(crate) struct Diagnostic {
    pub(crate) severity: Severity,
    /// Stable code, `K0306`, from the table in [`codes`].
    pub(crate) code: Code,
    /// Path relative to the site root, with `/` separators.
    pub(crate) file: String,
    pub(crate) line: u32,
    pub(crate) column: u32,
    /// The front-matter key, e.g. `processing_time` (or `steps.title` inside a record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) field: Option<String>,
    /// The field's name in the site's language, e.g. `Apstrādes laiks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) found: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) help: Option<String>,
    /// The facts the texts are made from (`{name}` in the UI strings), kept so the texts can
    /// be made again in another language.
    #[serde(skip)]
    pub(crate) args: Vec<(&'static str, String)>,
}

/// The parts of a diagnostic's text, as named in the UI strings.
const PARTS: [&str; 4] = ["message", "expected", "found", "help"];

impl Diagnostic {
    /// A diagnostic of `code` at `pos` in `file`; its texts come from the UI strings, filled
    /// with the facts given by [`Diagnostic::arg`].
    pub(crate) fn new(code: Code, file: impl Into<String>, pos: Pos) -> Self {
        let mut d = Diagnostic {
            severity: code.info().severity,
            code,
            file: file.into(),
            line: pos.line,
            column: pos.column,
            field: None,
            label: None,
            message: String::new(),
            expected: None,
            found: None,
            help: None,
            args: Vec::new(),
        };
        d.localize(Ui::builtin());
        d
    }

    /// A fact for the texts' `{name}` placeholders. A text whose placeholders are not all
    /// given is left out (so `help = "… {suggestion} …"` shows only with a suggestion).
    pub(crate) fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.set_arg(name, value);
        self
    }

    /// [`Diagnostic::arg`] in place.
    pub(crate) fn set_arg(&mut self, name: &'static str, value: impl ToString) {
        self.args.retain(|(n, _)| *n != name);
        self.args.push((name, value.to_string()));
        self.localize(Ui::builtin());
    }

    /// [`Diagnostic::arg`] when there is a value.
    pub(crate) fn arg_opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.arg(name, v),
            None => self,
        }
    }

    /// Names the field: its key, and its label in `ui`'s language.
    pub(crate) fn field_of(self, ui: &Ui, kind: Kind, key: &str) -> Self {
        self.field_in(ui, kind.slug(), key)
    }

    /// [`Diagnostic::field_of`] for a group of fields: a kind's slug, or `source` for the
    /// source registry.
    pub(crate) fn field_in(mut self, ui: &Ui, group: &str, key: &str) -> Self {
        let (label, _) = ui.field_in(group, key);
        let last = key.rsplit('.').next().unwrap_or(key);
        self.field = Some(key.to_string());
        self.label = (label != key && label != last).then(|| label.to_string());
        self
    }

    /// Makes the texts again from the UI strings of `ui` (a diagnostic without a code keeps
    /// the texts it was given).
    pub(crate) fn localize(&mut self, ui: &Ui) {
        if self.code == Code::Other {
            return;
        }
        let key = self.code.info().key;
        let [message, expected, found, help] = PARTS.map(|part| {
            ui.diagnostic_text(key, part)
                .and_then(|t| fill(t, &self.args))
        });
        self.message = message.unwrap_or_else(|| key.to_string());
        self.expected = expected;
        self.found = found;
        self.help = help;
    }

    pub(crate) fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// `file:line:column` as editors and terminals understand it.
    pub(crate) fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }

    /// How the field is named in a title: `holder (Pakalpojuma turētājs)`.
    pub(crate) fn field_name(&self) -> Option<String> {
        let field = self.field.as_ref()?;
        Some(match &self.label {
            Some(label) => format!("{field} ({label})"),
            None => field.clone(),
        })
    }

    /// The first line of a report: `holder (Pakalpojuma turētājs): message`.
    pub(crate) fn title(&self) -> String {
        match self.field_name() {
            Some(field) => format!("{field}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// One line per fact, no colours: used for logs and tests.
    pub(crate) fn to_plain(&self) -> String {
        let ui = Ui::builtin();
        let mut out = format!(
            "{}[{}]: {}: {}",
            severity_name(ui, self.severity),
            self.code.id(),
            self.location(),
            self.title()
        );
        for (label, value) in [
            ("expected", &self.expected),
            ("found", &self.found),
            ("help", &self.help),
        ] {
            if let Some(value) = value {
                let _ = write!(
                    out,
                    "\n  {}: {value}",
                    ui.get(&format!("diagnostics.{label}"))
                );
            }
        }
        out
    }
}

/// Fills `{name}` placeholders from `args`; `None` when one is not given.
fn fill(template: &str, args: &[(&'static str, String)]) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        let value = args.iter().find(|(n, _)| *n == name)?;
        out.push_str(&rest[..open]);
        out.push_str(&value.1);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn severity_name(ui: &Ui, severity: Severity) -> &str {
    match severity {
        Severity::Error => ui.get("diagnostics.error"),
        Severity::Warning => ui.get("diagnostics.warning"),
    }
}

/// Formats a path relative to the site root the way every diagnostic names files.
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
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
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new() -> Self {
        Diagnostics::default()
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorted and de-duplicated.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.sort();
        self.items
    }

    fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
    }

    /// Makes every text again in `ui`'s language.
    pub(crate) fn localize(&mut self, ui: &Ui) {
        for d in &mut self.items {
            d.localize(ui);
        }
    }
}

/// Renders diagnostics for a terminal with a source excerpt under each, showing the first
/// `limit` in full and counting the rest (a build with 300 bad cards should not print 300
/// screens), in `ui`'s language.
pub(crate) fn render_human(
    root: &Path,
    diags: &[Diagnostic],
    limit: usize,
    color: bool,
    ui: &Ui,
) -> String {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags.iter().take(limit) {
        let title_text = d.title();
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
        .with_name(severity_name(ui, d.severity));
        let source = source_line(&root.join(&d.file), d.line);
        let path = d.location();
        let mut notes = Vec::new();
        if let Some(e) = &d.expected {
            notes.push(format!("{}: {e}", ui.get("diagnostics.expected")));
        }
        if let Some(f) = &d.found {
            notes.push(format!("{}: {f}", ui.get("diagnostics.found")));
        }
        let title = level.clone().primary_title(&title_text).id(d.code.id());
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
        let note = Level::NOTE.with_name(ui.get("diagnostics.note"));
        for text in &notes {
            group = group.element(note.clone().message(text.as_str()));
        }
        if let Some(h) = &d.help {
            group = group.element(
                Level::HELP
                    .with_name(ui.get("diagnostics.help"))
                    .message(h.as_str()),
            );
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    if diags.len() > limit {
        let _ = writeln!(
            out,
            "{}",
            ui.get("diagnostics.more")
                .replace("{n}", &(diags.len() - limit).to_string())
        );
    }
    out
}

/// The closing line of a report: "2 kļūdas, 1 brīdinājums".
pub(crate) fn summary(ui: &Ui, diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    format!(
        "{}, {}",
        ui.count(errors, "errors"),
        ui.count(diags.len() - errors, "warnings")
    )
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
pub(crate) fn render_json(diags: &[Diagnostic]) -> String {
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

/// The candidate closest to a misspelt key or value, when one is close enough (shown as
/// "did you mean …").
pub(crate) fn closest<'a>(
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
    best.map(|(_, c)| c.to_string())
}

/// How many diagnostics are shown in full by default.
pub(crate) const SHOWN_DIAGNOSTICS: usize = 20;

/// Prints diagnostics to stderr, the first [`SHOWN_DIAGNOSTICS`] in full unless `all`, then
/// the summary line.
pub(crate) fn eprint_human(root: &Path, diags: &[Diagnostic], all: bool, ui: &Ui) {
    use std::io::IsTerminal;
    if diags.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal();
    let limit = if all { usize::MAX } else { SHOWN_DIAGNOSTICS };
    eprint!("{}", render_human(root, diags, limit, color, ui));
    eprintln!("{}", summary(ui, diags));
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
            closest("holdr", ["holder", "title"]).as_deref(),
            Some("holder")
        );
        assert_eq!(closest("zzz", ["holder", "title"]), None);
    }

    #[test]
    fn texts_come_from_the_ui_strings_with_their_facts() {
        let d = Diagnostic::new(Code::UnknownField, "content/a.md", Pos::new(3, 7))
            .field("holdr")
            .arg("kind", "pakalpojums")
            .arg("allowed", "holder, title")
            .arg("key", "holdr");
        assert_eq!(d.code.id(), "K0302");
        assert_eq!(d.help, None, "no suggestion, no help");
        let d = d.arg("suggestion", "holder");
        let s = d.to_plain();
        assert!(
            s.starts_with("kļūda[K0302]: content/a.md:3:7: holdr: nezināms lauks"),
            "{s}"
        );
        assert!(s.contains("vai domājāt `holder`?"), "{s}");
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "K0302");
        assert!(json.get("args").is_none());
    }

    #[test]
    fn fields_are_named_by_key_and_label_apart() {
        let ui = Ui::builtin();
        let d = Diagnostic::new(Code::NotADate, "content/a.md", Pos::new(2, 10))
            .field_of(ui, Kind::Service, "updated")
            .arg("found", "`02.12.2026`");
        assert_eq!(d.field.as_deref(), Some("updated"));
        assert_eq!(d.label.as_deref(), Some("Atjaunināts"));
        assert!(d.title().starts_with("updated (Atjaunināts): "));
    }

    #[test]
    fn placeholders_without_facts_drop_the_text() {
        assert_eq!(
            fill("a {x} b", &[("x", "1".into())]).as_deref(),
            Some("a 1 b")
        );
        assert_eq!(fill("a {y} b", &[]), None);
        assert_eq!(fill("`{`…`}`", &[]).as_deref(), Some("`{`…`}`"));
    }
}
