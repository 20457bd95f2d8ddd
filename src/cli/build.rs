//! `katalogs build`: one build into the output folder, with a one-line summary.

use std::path::{Path, PathBuf};

use crate::build::{BuildOptions, build};
use crate::cli::{EXIT_CONTENT, EXIT_OK, Ui, print_diagnostics, site_root};
use crate::model::Profile;

/// `katalogs build`: validates, renders and writes the site; returns the exit code.
pub fn run(ui: &Ui, root: Option<&Path>, profile: Profile, output: Option<PathBuf>) -> u8 {
    let root = match site_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = BuildOptions {
        root: root.clone(),
        profile,
        output,
        progress: !ui.quiet,
        preview: false,
    };
    match build(&opts) {
        Ok(report) => {
            if !ui.quiet {
                print_diagnostics(&root, &report.diagnostics, false);
                let total = report
                    .timings
                    .stages
                    .last()
                    .map_or(0, |(_, d)| d.as_millis());
                eprintln!(
                    "{} pages, {} files, {total} ms → {}",
                    report.pages,
                    report.files,
                    report.output.display()
                );
                if ui.verbose {
                    eprintln!("stages: {}", report.timings.summary());
                    let memory = report.timings.memory_summary();
                    if !memory.is_empty() {
                        eprintln!("peak (current) memory after each stage: {memory}");
                    }
                    eprintln!(
                        "search: {} documents, {} terms in {} shards, {} bytes",
                        report.index.documents,
                        report.index.terms,
                        report.index.shards,
                        report.index.bytes
                    );
                }
            }
            EXIT_OK
        }
        Err(failure) => {
            print_diagnostics(&root, &failure.diagnostics, false);
            eprintln!("build failed; the previous output was left as it was");
            EXIT_CONTENT
        }
    }
}
