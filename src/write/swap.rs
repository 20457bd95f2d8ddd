//! The swap: a finished build takes the place of the previous output in one atomic exchange
//! (`renameat2(RENAME_EXCHANGE)` on Linux), so the output folder is at every instant the
//! complete old build or the complete new one; the user's own files in it are carried over;
//! what killed builds left beside it is cleared by the next build.

use std::io;
use std::path::{Path, PathBuf};

use super::fault;

/// What a build keeps beside the output folder while it runs, each named
/// `.<output name>.<what>-<process id>`: the folder it writes, the previous output while a
/// system without an atomic exchange replaces it, the manifest before it is moved in.
pub(crate) const BUILDING: &str = "building";
const OLD: &str = "old";
pub(crate) const MANIFEST: &str = "manifest";

/// Where a build in this process keeps `what` (one of the names above) beside `target`.
pub(crate) fn beside(target: &Path, what: &str) -> PathBuf {
    beside_for(target, what, std::process::id())
}

fn beside_for(target: &Path, what: &str, pid: u32) -> PathBuf {
    parent_of(target).join(format!(".{}.{what}-{pid}", name_of(target)))
}

/// The folder holding `target`.
fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The output folder's name, for the names of the folders beside it.
fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string())
}

/// Swaps the two folders `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Whether an exchange failed because the system or file system cannot do one.
fn cannot_exchange(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported
        || matches!(e.raw_os_error(), Some(code) if code == rustix::io::Errno::INVAL.raw_os_error()
            || code == rustix::io::Errno::NOSYS.raw_os_error())
}

/// Puts the finished build `new` in the place of the output folder `target`. Returns the
/// folder now holding the previous build, to be removed, if there was one. On an error the
/// output folder is as it was.
pub(crate) fn put_in_place(new: &Path, target: &Path) -> io::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(target).is_err() {
        fault::step("rename")?;
        std::fs::rename(new, target)?;
        return Ok(None);
    }
    fault::step("exchange")?;
    match exchange(new, target) {
        // `new` now holds the previous build.
        Ok(()) => Ok(Some(new.to_path_buf())),
        Err(e) if cannot_exchange(&e) => {
            // Two renames: a build killed between them leaves no output folder, and the next
            // build puts the previous one back (see `clear_leftovers`).
            let old = beside(target, OLD);
            fault::step("rename-old")?;
            std::fs::rename(target, &old)?;
            fault::step("rename-new")?;
            if let Err(e) = std::fs::rename(new, target) {
                return Err(match std::fs::rename(&old, target) {
                    Ok(()) => e,
                    Err(back) => io::Error::other(format!(
                        "{e}; the previous output could not be put back either ({back}) and is \
                         in {} (the next build puts it back)",
                        old.display()
                    )),
                });
            }
            Ok(Some(old))
        }
        Err(e) => Err(e),
    }
}

/// Whether the process `pid` may still be running (where that cannot be told, it may).
fn may_run(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Clears what builds of `target` that were killed left beside it: their temporary folders
/// are removed, and a previous output that a build without an atomic exchange had moved
/// aside is put back when no output folder took its place. Folders of builds still running
/// are left alone. Returns what it did or could not do, for the build's report.
pub(crate) fn clear_leftovers(target: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(parent_of(target)) else {
        return Vec::new();
    };
    let prefix = format!(".{}.", name_of(target));
    let mut notes = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((what, pid)) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.rsplit_once('-'))
            .filter(|(what, _)| [BUILDING, OLD, MANIFEST].contains(what))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || may_run(pid) {
            continue;
        }
        let is_old = what == OLD;
        let path = entry.path();
        if is_old && std::fs::symlink_metadata(target).is_err() {
            match std::fs::rename(&path, target) {
                Ok(()) => notes.push(format!(
                    "put the previous output back from {} (a build was stopped while replacing it)",
                    path.display()
                )),
                Err(e) => notes.push(format!(
                    "the previous output is in {} (a build was stopped while replacing it) and could not be put back: {e}",
                    path.display()
                )),
            }
            continue;
        }
        if let Err(e) = remove_tree(&path) {
            notes.push(format!(
                "could not remove {}, left by a build that was stopped: {e}",
                path.display()
            ));
        }
    }
    notes
}

/// Whether a site-relative path is the user's own by the rule every build follows: a name
/// starting with `.` at the top of the output folder, or a path listed in `keep` (or inside
/// one).
pub(crate) fn is_kept(rel: &str, keep: &[String]) -> bool {
    rel.starts_with('.')
        || keep.iter().any(|k| {
            rel == k
                || rel
                    .strip_prefix(k.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
}

/// Carries the user's own files from the previous output `old` into the new build `new`
/// (hard links: nothing is copied), except the build's own `skip` names and paths the new
/// build wrote itself. Returns the site-relative paths carried over.
pub(crate) fn carry_over(
    old: &Path,
    new: &Path,
    keep: &[String],
    skip: &[&str],
) -> io::Result<Vec<String>> {
    let mut candidates: Vec<String> = match std::fs::read_dir(old) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') && !skip.contains(&n.as_str()))
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    candidates.extend(keep.iter().cloned());
    candidates.sort();
    candidates.dedup();
    let mut carried = Vec::new();
    for rel in candidates {
        let (from, to) = (old.join(&rel), new.join(&rel));
        if std::fs::symlink_metadata(&from).is_err() || std::fs::symlink_metadata(&to).is_ok() {
            continue;
        }
        fault::step("keep")?;
        link_tree(&from, &to)?;
        carried.push(rel);
    }
    Ok(carried)
}

/// Recreates the file, folder or symlink `from` at `to`, files as hard links to the same
/// bytes (copied where a link cannot be made).
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    for entry in walkdir::WalkDir::new(from)
        .follow_links(false)
        .follow_root_links(false)
    {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let target = if rel.as_os_str().is_empty() {
            to.to_path_buf()
        } else {
            to.join(rel)
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if kind.is_symlink() {
            let link = std::fs::read_link(entry.path())?;
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &target)?;
            #[cfg(not(unix))]
            let _ = link;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Removes a folder and everything in it, its files on every core (a large site's previous
/// build is a hundred thousand files, each removal a system call), never following a
/// symlink. Returns the paths of the files removed, relative to `dir`.
pub(crate) fn remove_tree(dir: &Path) -> io::Result<Vec<String>> {
    use rayon::prelude::*;
    fault::step("remove-old")?;
    let files: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .map(|r| r.to_string_lossy().into_owned())
                .unwrap_or_default();
            (e.into_path(), rel)
        })
        .collect();
    let half = files.len() / 2;
    files[..half]
        .par_iter()
        .try_for_each(|(f, _)| super::remove_if_present(f))?;
    fault::step("remove-old-rest")?;
    files[half..]
        .par_iter()
        .try_for_each(|(f, _)| super::remove_if_present(f))?;
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(dir)?,
        Ok(_) => std::fs::remove_file(dir)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    Ok(files
        .into_iter()
        .map(|(_, rel)| rel)
        .filter(|r| !r.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exchange_swaps_two_full_folders_and_a_missing_target_is_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let (new, site) = (dir.path().join("new"), dir.path().join("site"));
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("a.html"), "new").unwrap();
        assert_eq!(
            put_in_place(&new, &site).unwrap(),
            None,
            "nothing to replace"
        );
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "new");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("a.html"), "newer").unwrap();
        let old = put_in_place(&new, &site)
            .unwrap()
            .expect("the previous build");
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).unwrap(),
            "newer"
        );
        assert_eq!(std::fs::read_to_string(old.join("a.html")).unwrap(), "new");
    }

    #[test]
    fn leftovers_of_dead_builds_are_cleared_and_a_moved_output_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        // A pid no process has (above the kernel's limit of 2^22).
        let dead = 4_194_999;
        let stale = beside_for(&site, BUILDING, dead);
        std::fs::create_dir_all(stale.join("sub")).unwrap();
        std::fs::write(stale.join("sub/a.html"), "x").unwrap();
        let moved = beside_for(&site, OLD, dead);
        let part = beside_for(&site, MANIFEST, dead);
        std::fs::write(&part, "katalogs manifest 1\n").unwrap();
        std::fs::create_dir_all(&moved).unwrap();
        std::fs::write(moved.join("index.html"), "old").unwrap();
        let running = beside(&site, BUILDING);
        std::fs::create_dir_all(&running).unwrap();
        let other = dir.path().join(".other.building-1");
        std::fs::create_dir_all(&other).unwrap();
        let notes = clear_leftovers(&site);
        assert!(!stale.exists(), "a dead build's folder is removed");
        assert!(!part.exists(), "and its manifest");
        assert_eq!(
            std::fs::read_to_string(site.join("index.html")).unwrap(),
            "old"
        );
        assert!(
            notes[0].contains("put the previous output back"),
            "{notes:?}"
        );
        assert!(running.exists() && other.exists(), "others' folders stay");
    }

    #[test]
    fn the_users_own_files_are_carried_over_by_the_keep_rule() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        for f in [
            ".git/HEAD",
            ".git/objects/ab/cd",
            "CNAME",
            "docs/x.pdf",
            "page.html",
            ".katalogs-manifest",
        ] {
            let p = old.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, f).unwrap();
        }
        std::fs::create_dir_all(&new).unwrap();
        let keep = [
            "CNAME".to_string(),
            "docs".to_string(),
            "missing".to_string(),
        ];
        let carried = carry_over(&old, &new, &keep, &[".katalogs-manifest"]).unwrap();
        assert_eq!(carried, [".git", "CNAME", "docs"]);
        for f in [".git/HEAD", ".git/objects/ab/cd", "CNAME", "docs/x.pdf"] {
            assert_eq!(std::fs::read_to_string(new.join(f)).unwrap(), f);
        }
        assert!(!new.join("page.html").exists() && !new.join(".katalogs-manifest").exists());
        assert!(is_kept(".git/HEAD", &keep) && is_kept("docs/x.pdf", &keep));
        assert!(!is_kept("docsx/y", &keep) && !is_kept("page.html", &keep));
    }
}
