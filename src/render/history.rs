//! When each source file last changed in git: one `git log` over the site root, read once.

use std::path::Path;
use std::process::{Command, Stdio};

use jiff::civil::Date;
use rustc_hash::FxHashMap;

/// Starts a commit's line in the log (a byte no path holds), followed by its date.
const COMMIT: char = '\u{1}';

/// The last commit date of every committed file under the site root, by its root-relative,
/// `/`-separated path. Empty when the root is not in a git repository or git is missing.
#[derive(Debug, Default)]
pub(crate) struct History {
    dates: FxHashMap<String, Date>,
}

impl History {
    /// Reads the history of `root` with a single `git log`, newest commit first.
    pub(crate) fn of(root: &Path) -> History {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "-c",
                "core.quotepath=off",
                "-c",
                "log.showSignature=false",
                "log",
                "--format=%x01%cd",
                "--date=short",
                "--name-only",
                "--no-renames",
                "--relative",
                "--",
                ".",
            ])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        match output {
            Ok(out) if out.status.success() => {
                History::parse(&String::from_utf8_lossy(&out.stdout))
            }
            _ => History::default(),
        }
    }

    /// Reads `git log --format=%x01%cd --date=short --name-only` output: each file takes
    /// the date of the first (newest) commit that names it.
    pub(crate) fn parse(log: &str) -> History {
        let mut dates = FxHashMap::default();
        let mut date = None;
        for line in log.lines() {
            if let Some(d) = line.strip_prefix(COMMIT) {
                date = d.trim().parse::<Date>().ok();
            } else if let (Some(d), false) = (date, line.is_empty()) {
                dates.entry(line.to_string()).or_insert(d);
            }
        }
        History { dates }
    }

    /// When `file` (root-relative) was last committed.
    pub(crate) fn last_change(&self, file: &str) -> Option<Date> {
        self.dates.get(file).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_takes_its_newest_commit_date() {
        let log = "\u{1}2025-03-04\ncontent/a.md\n\n\u{1}2024-01-02\ncontent/a.md\nglossary/b.md\n";
        let h = History::parse(log);
        assert_eq!(
            h.last_change("content/a.md"),
            Some(jiff::civil::date(2025, 3, 4))
        );
        assert_eq!(
            h.last_change("glossary/b.md"),
            Some(jiff::civil::date(2024, 1, 2))
        );
        assert_eq!(h.last_change("content/c.md"), None);
    }

    #[test]
    fn outside_a_repository_there_is_no_history() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(History::of(dir.path()).last_change("katalogs.toml"), None);
    }
}
