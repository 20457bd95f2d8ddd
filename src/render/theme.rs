//! The theme: Tera templates and static files from `themes/<name>/` (the default theme is
//! also compiled in, so a site made by `katalogs init` builds without copying it), with any
//! single template overridden by a file of the same name in the site's `templates/` folder.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Code, Diagnostic, Pos, display_path};

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates (name → source, with the file it came from) and static files of a theme.
pub(crate) struct Theme {
    pub(crate) templates: Vec<(String, String, String)>,
    /// (path under `static/`, contents)
    pub(crate) statics: Vec<(String, Vec<u8>)>,
}

fn read_dir_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).expect("under dir");
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if !name.split('/').any(|p| p.starts_with('.')) {
                out.push((name, e.path().to_path_buf()));
            }
        }
    }
    out
}

fn embedded_files(prefix: &str) -> Vec<(String, &'static [u8])> {
    fn walk(d: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for f in d.files() {
            out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
        }
        for sub in d.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&DEFAULT_THEME, &mut out);
    out.into_iter()
        .filter_map(|(p, c)| p.strip_prefix(prefix).map(|s| (s.to_string(), c)))
        .collect()
}

impl Theme {
    /// Loads theme `name` for the site at `root`.
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let dir = root.join("themes").join(name);
        let mut templates = Vec::new();
        let mut statics = Vec::new();
        if dir.is_dir() {
            for (rel, path) in read_dir_files(&dir.join("templates")) {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    Diagnostic::new(
                        Code::TemplateUnreadable,
                        display_path(root, &path),
                        Pos::FILE,
                    )
                    .arg("detail", e)
                })?;
                templates.push((rel, text, display_path(root, &path)));
            }
            for (rel, path) in read_dir_files(&dir.join("static")) {
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::new(
                        Code::TemplateUnreadable,
                        display_path(root, &path),
                        Pos::FILE,
                    )
                    .arg("detail", e)
                })?;
                statics.push((rel, bytes));
            }
        } else if name == "default" {
            for (rel, bytes) in embedded_files("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.push((
                    rel.clone(),
                    text,
                    format!("(built-in theme)/templates/{rel}"),
                ));
            }
            for (rel, bytes) in embedded_files("static/") {
                statics.push((rel, bytes.to_vec()));
            }
        } else {
            return Err(
                Diagnostic::new(Code::ThemeNotFound, "katalogs.toml", Pos::FILE)
                    .field("theme")
                    .arg("theme", name),
            );
        }
        // The site's own templates override the theme's, one file at a time.
        for (rel, path) in read_dir_files(&root.join("templates")) {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Diagnostic::new(
                    Code::TemplateUnreadable,
                    display_path(root, &path),
                    Pos::FILE,
                )
                .arg("detail", e)
            })?;
            templates.retain(|(n, _, _)| *n != rel);
            templates.push((rel, text, display_path(root, &path)));
        }
        templates.sort_by(|a, b| a.0.cmp(&b.0));
        statics.sort_by(|a, b| a.0.cmp(&b.0));
        // The built-in theme's scripts (from disk in this repository, or embedded) are
        // compacted; another theme's are copied as they are.
        if name == "default" {
            for (rel, bytes) in &mut statics {
                if rel.ends_with(".js") {
                    *bytes = compact_script(&String::from_utf8_lossy(bytes)).into_bytes();
                }
            }
        }
        Ok(Theme { templates, statics })
    }

    /// A Tera instance with every template; an error names the template.
    pub(crate) fn tera(&self) -> Result<tera::Tera, Diagnostic> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.add_raw_templates(
            self.templates
                .iter()
                .map(|(n, t, _)| (n.as_str(), t.as_str())),
        )
        .map_err(|e| {
            let text = format!("{e}");
            let file = self
                .templates
                .iter()
                .find(|(n, _, _)| text.contains(n.as_str()))
                .map_or("templates".to_string(), |(_, _, f)| f.clone());
            Diagnostic::new(Code::TemplateError, file, Pos::FILE).arg("detail", error_chain(&e))
        })?;
        Ok(tera)
    }
}

/// A Tera error with its causes, on one line.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
}

/// The built-in theme's script without its indentation, blank lines and comments that start a
/// line (a browser loads every byte of it before search answers; `file://` has no
/// compression). Line breaks stay, so automatic semicolons are untouched. Safe for the
/// built-in scripts only: none has a template literal or string spanning lines, and a
/// comment that starts after code on a line is kept.
pub(crate) fn compact_script(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    for line in text.lines() {
        let mut t = line.trim();
        if in_comment {
            match t.find("*/") {
                Some(i) => {
                    in_comment = false;
                    t = t[i + 2..].trim();
                }
                None => continue,
            }
        }
        if t.starts_with("/*") {
            match t.find("*/") {
                Some(i) => t = t[i + 2..].trim(),
                None => {
                    in_comment = true;
                    continue;
                }
            }
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacted_scripts_keep_code_and_drop_comments() {
        let text = "/* a\n   comment */\n  var a = 1; /* kept */\n\n  // gone\n  /* one */ b();\n    c(\"/*\");\n";
        assert_eq!(
            compact_script(text),
            "var a = 1; /* kept */\nb();\nc(\"/*\");\n"
        );
    }
}
