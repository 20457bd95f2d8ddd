//! The commands behind `katalogs …`: each file configures, calls the pipeline and reports.

pub mod build;
pub mod check;
pub mod new;
pub mod search;
pub mod serve;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, render_json};

pub(crate) const EXIT_OK: u8 = 0;
pub(crate) const EXIT_CONTENT: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;
pub(crate) const EXIT_IO: u8 = 3;

/// Output settings shared by every command.
pub struct Ui {
    /// Print nothing but errors.
    pub quiet: bool,
    /// Print per-stage timings.
    pub verbose: bool,
}

/// How `check` prints its findings.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// For people: each problem with a source excerpt, in the site's UI language.
    Human,
    /// For CI and editors: one JSON document.
    Json,
}

/// What `katalogs new` writes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum NewKind {
    /// A guidance page.
    Page,
    /// A service card.
    Service,
    /// A glossary term.
    Term,
    /// A life situation.
    Situation,
    /// A course.
    Course,
    /// A lesson of a course.
    Lesson,
}

/// The site root for `--root` or the current folder, or a printed error.
pub(crate) fn site_root(explicit: Option<&Path>) -> Result<PathBuf, u8> {
    let cwd = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current folder: {e}");
        EXIT_IO
    })?;
    crate::config::find_root(explicit, &cwd).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_USAGE
    })
}

/// Prints diagnostics to stderr in the site's UI language, the first few in full.
pub(crate) fn print_diagnostics(root: &Path, diags: &[Diagnostic], all: bool) {
    let ui = crate::render::i18n::site_ui_or_built_in(root);
    crate::diagnostics::eprint_human(root, diags, all, &ui);
}

pub(crate) fn print_json(diags: &[Diagnostic]) {
    println!("{}", render_json(diags));
}
