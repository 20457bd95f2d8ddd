//! Watches the site's sources (content, glossary, themes, templates, UI strings,
//! configuration) and
//! turns each burst of file events — editors' atomic saves included — into one change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::load::{CONTENT_DIR, GLOSSARY_DIR};

/// Quiet time after the last event before a rebuild starts: long enough to see an editor's
/// atomic save (temporary file, rename; backup, write) as one change, which takes a few
/// milliseconds, short enough not to show in the edit-to-reload time.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(25);

/// Folders watched recursively, when they exist.
const WATCHED: [&str; 5] = [
    CONTENT_DIR,
    GLOSSARY_DIR,
    "themes",
    "templates",
    crate::ui::I18N_DIR,
];

/// Source files that changed together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) paths: Vec<PathBuf>,
}

impl Change {
    /// A watched folder itself (`templates/`, `themes/` …) was made, removed or renamed: what
    /// is watched must be looked at again.
    pub(crate) fn touches_folders(&self, root: &Path) -> bool {
        self.paths.iter().any(|p| {
            p.strip_prefix(root)
                .is_ok_and(|rel| WATCHED.iter().any(|w| rel == Path::new(w)))
        })
    }

    /// Only stylesheets changed: pages can restyle without reloading.
    pub(crate) fn styles_only(&self) -> bool {
        // Folder events (a file saved inside it) say nothing of their own.
        let files: Vec<&PathBuf> = self.paths.iter().filter(|p| !p.is_dir()).collect();
        !files.is_empty()
            && files
                .iter()
                .all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
    }
}

/// Editors' temporary and backup files, which never affect a build.
fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Whether a changed path can affect the build of the site at `root`.
pub(crate) fn relevant(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) || is_scratch(path) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if rel == Path::new(CONFIG_FILE) {
        return true;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    // A watched folder itself counts: made, removed or renamed while the preview runs.
    first.is_some_and(|f| WATCHED.contains(&f.as_str()))
}

/// The running watcher; dropping it stops watching.
pub(crate) type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Starts watching; every relevant burst of events is sent as one [`Change`].
pub(crate) fn watch(
    root: &Path,
    output: &Path,
    send: impl Fn(Change) + Send + 'static,
) -> Result<Watcher, String> {
    let (root_c, output_c) = (root.to_path_buf(), output.to_path_buf());
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        // When the watcher lost events, the site folder stands for everything in it: the
        // next build walks the sources again instead of trusting the reported paths.
        let mut paths = vec![];
        match result {
            Ok(events) => {
                if events.iter().any(|e| e.need_rescan()) {
                    paths.push(root_c.clone());
                }
                paths.extend(
                    events
                        .iter()
                        // Reading files (the build itself does) is no change.
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| e.paths.iter())
                        .filter(|p| relevant(&root_c, &output_c, p))
                        .cloned(),
                );
            }
            Err(_) => paths.push(root_c.clone()),
        }
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            send(Change { paths });
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    Ok(debouncer)
}

/// Forwards changes into a channel.
pub(crate) fn sender<T: Send + 'static>(
    tx: Sender<T>,
    wrap: fn(Change) -> T,
) -> impl Fn(Change) + Send + 'static {
    let tx = std::sync::Mutex::new(tx);
    move |c| {
        let _ = tx.lock().map(|t| t.send(wrap(c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/s");
        let out = Path::new("/s/site");
        assert!(relevant(root, out, Path::new("/s/content/a.md")));
        assert!(relevant(root, out, Path::new("/s/glossary/x.md")));
        assert!(relevant(
            root,
            out,
            Path::new("/s/themes/default/static/site.css")
        ));
        assert!(relevant(root, out, Path::new("/s/katalogs.toml")));
        assert!(relevant(root, out, Path::new("/s/i18n/lv.toml")));
        assert!(!relevant(root, out, Path::new("/s/site/index.html")));
        assert!(!relevant(root, out, Path::new("/s/content/.a.md.swp")));
        assert!(!relevant(root, out, Path::new("/s/content/a.md~")));
        assert!(!relevant(root, out, Path::new("/s/content/4913")));
        assert!(!relevant(root, out, Path::new("/s/README.md")));
        assert!(!relevant(root, out, Path::new("/s/.git/index")));
        // A folder made while the preview runs: it is watched from then on.
        assert!(relevant(root, out, Path::new("/s/templates")));
        let change = Change {
            paths: vec![
                PathBuf::from("/s/templates"),
                PathBuf::from("/s/content/a.md"),
            ],
        };
        assert!(change.touches_folders(root));
        assert!(
            !Change {
                paths: vec![PathBuf::from("/s/content/a.md")]
            }
            .touches_folders(root)
        );
    }

    #[test]
    fn css_only_changes_restyle() {
        let c = |p: &[&str]| Change {
            paths: p.iter().map(PathBuf::from).collect(),
        };
        assert!(c(&["/s/themes/default/static/site.css"]).styles_only());
        assert!(!c(&["/s/themes/default/static/site.css", "/s/content/a.md"]).styles_only());
        assert!(!c(&[]).styles_only());
    }
}
