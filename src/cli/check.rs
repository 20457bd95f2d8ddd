//! `katalogs check`: every validation, nothing written; human or JSON diagnostics.

use std::path::Path;

use crate::build::check;
use crate::cli::{EXIT_CONTENT, EXIT_OK, Format, Ui, print_diagnostics, print_json, site_root};
use crate::diagnostics::Severity;
use crate::model::Profile;

/// `katalogs check`: every validation without writing; returns the exit code.
pub fn run(
    ui: &Ui,
    root: Option<&Path>,
    profile: Profile,
    format: Format,
    strict: bool,
    all: bool,
) -> u8 {
    let root = match site_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let diags = match check(&root, profile) {
        Ok(d) => d,
        Err(f) => f.diagnostics,
    };
    match format {
        Format::Json => print_json(&diags),
        Format::Human => {
            print_diagnostics(&root, &diags, all);
            if diags.is_empty() && !ui.quiet {
                eprintln!("no problems found");
            }
        }
    }
    let failing = diags
        .iter()
        .any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning));
    if failing { EXIT_CONTENT } else { EXIT_OK }
}
