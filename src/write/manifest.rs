//! The manifest: what a build knows of each file it wrote (size, content hash, CRC-32 and
//! which file on disk it is), kept beside the output folder so the next build can tell an
//! unchanged page from a changed one without reading the previous site's file. It lives in
//! the output folder (a build writes nowhere else), hidden, and is not packaged. It is
//! written last, so a file changed after it (whatever its size and modification time say)
//! has a later change time than the manifest and is not trusted.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What a build knows of one file it wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FileRecord {
    pub(crate) len: u64,
    pub(crate) hash: u64,
    pub(crate) crc: u32,
    /// The file on disk as the build left it; `None` where the build did not ask.
    pub(crate) stamp: Option<Stamp>,
}

impl FileRecord {
    /// Whether the two records describe the same bytes (64-bit hash, CRC-32 and length).
    pub(crate) fn same_bytes(&self, other: &FileRecord) -> bool {
        (self.len, self.hash, self.crc) == (other.len, other.hash, other.crc)
    }
}

/// Which file on disk a record describes, and how it was when it was recorded: its inode
/// and modification time. A file edited, replaced or restored since has another stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    inode: u64,
    /// Nanoseconds since 1970 (an `i64` reaches 2262).
    modified_ns: i64,
}

impl Stamp {
    pub(crate) fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                inode: meta.ino(),
                modified_ns: meta
                    .mtime()
                    .saturating_mul(1_000_000_000)
                    .saturating_add(meta.mtime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                inode: 0,
                modified_ns: modified_ns(meta),
            }
        }
    }
}

/// The records of every file of a build, by site-relative path.
pub(crate) type Written = rustc_hash::FxHashMap<String, FileRecord>;

/// A previous build's manifest as the next build reads it.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    pub(crate) records: Written,
    /// When the manifest was written (its modification time, in nanoseconds since 1970).
    written_ns: i64,
}

impl Manifest {
    /// The record of the file at `rel` whose metadata is `meta`, when it still describes
    /// that file: the same inode, size and modification time, and no change since the
    /// manifest was written. Any write, `touch`, rename over or permission change sets a
    /// file's change time (ctime) to the present, which no user can set back; so a file
    /// edited in place with its size and modification time restored is not trusted. The
    /// limit: a clock set back by hand, or damage below the file system that changes bytes
    /// without the kernel knowing, is not seen.
    pub(crate) fn describes(&self, rel: &str, meta: &std::fs::Metadata) -> Option<&FileRecord> {
        self.records.get(rel).filter(|k| {
            k.stamp == Some(Stamp::of(meta))
                && k.len == meta.len()
                && changed_ns(meta) < self.written_ns
        })
    }
}

/// When a file's metadata last changed (its ctime), in nanoseconds since 1970; where the
/// system keeps no such time, the latest possible, so no record is trusted.
fn changed_ns(meta: &std::fs::Metadata) -> i64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.ctime()
            .saturating_mul(1_000_000_000)
            .saturating_add(meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        i64::MAX
    }
}

/// A file's modification time in nanoseconds since 1970.
fn modified_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

const HEADER: &str = "katalogs manifest 1";

/// The manifest's site-relative path.
pub const FILE: &str = ".katalogs-manifest";

/// Where the manifest of the output folder `site` is kept.
pub(crate) fn path_of(site: &Path) -> PathBuf {
    site.join(FILE)
}

/// Reads a manifest; a missing, foreign or damaged one (or line) gives no records, which only
/// makes the next build compare those files by reading them.
pub(crate) fn read(path: &Path) -> Manifest {
    let Ok(mut file) = std::fs::File::open(path) else {
        return Manifest::default();
    };
    let mut text = String::new();
    let Ok(meta) = file.metadata() else {
        return Manifest::default();
    };
    if io::Read::read_to_string(&mut file, &mut text).is_err() {
        return Manifest::default();
    }
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Manifest::default();
    }
    Manifest {
        records: lines.filter_map(parse_line).collect(),
        written_ns: modified_ns(&meta),
    }
}

fn parse_line(line: &str) -> Option<(String, FileRecord)> {
    let mut f = line.splitn(6, ' ');
    let len = f.next()?.parse().ok()?;
    let hash = u64::from_str_radix(f.next()?, 16).ok()?;
    let crc = u32::from_str_radix(f.next()?, 16).ok()?;
    let inode = f.next()?.parse().ok()?;
    let modified_ns = f.next()?.parse().ok()?;
    let rel = f.next().filter(|r| !r.is_empty())?;
    Some((
        rel.to_string(),
        FileRecord {
            len,
            hash,
            crc,
            stamp: Some(Stamp { inode, modified_ns }),
        },
    ))
}

/// Writes the manifest of the records in `written` (those with a stamp) atomically, sorted by path:
/// first to `part` (outside the output folder, so a killed build leaves no stray file in it),
/// then moved to `path`.
pub(crate) fn write(path: &Path, part: &Path, written: &[&Written]) -> io::Result<()> {
    let mut rows: Vec<(&String, &FileRecord, Stamp)> = written
        .iter()
        .flat_map(|w| w.iter())
        .filter(|(rel, _)| !rel.contains(['\n', '\r']))
        .filter_map(|(rel, r)| r.stamp.map(|s| (rel, r, s)))
        .collect();
    rows.sort_unstable_by_key(|(rel, _, _)| *rel);
    let mut text = Vec::with_capacity(rows.len() * 96);
    writeln!(text, "{HEADER}")?;
    for (rel, r, s) in rows {
        writeln!(
            text,
            "{} {:016x} {:08x} {} {} {rel}",
            r.len, r.hash, r.crc, s.inode, s.modified_ns
        )?;
    }
    super::fault::step("manifest")?;
    std::fs::write(part, text)?;
    super::fault::step("manifest-rename")?;
    std::fs::rename(part, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_was_written_and_ignores_what_it_cannot_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_of(dir.path());
        assert!(read(&path).records.is_empty(), "no manifest: no records");
        let record = |len, stamp| FileRecord {
            len,
            hash: 0xfeed_beef_0123_4567,
            crc: 0x0bad_cafe,
            stamp,
        };
        let stamp = Stamp {
            inode: 42,
            modified_ns: 1_764_633_600_123_456_789,
        };
        let mut written = Written::default();
        written.insert("a b/c.html".into(), record(7, Some(stamp)));
        written.insert("unstamped.html".into(), record(1, None));
        written.insert("bad\nname.html".into(), record(1, Some(stamp)));
        write(&path, &dir.path().join("part"), &[&written]).unwrap();
        let back = read(&path).records;
        assert_eq!(back.len(), 1);
        assert_eq!(back["a b/c.html"], record(7, Some(stamp)));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}x y z\n12 zz 1 2 3 d.html\n")).unwrap();
        assert_eq!(read(&path).records.len(), 1, "damaged lines are skipped");
        std::fs::write(&path, text.replace(HEADER, "something else")).unwrap();
        assert!(
            read(&path).records.is_empty(),
            "a foreign file gives no records"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no part left"
        );
    }

    #[test]
    fn a_stamp_tells_an_edited_or_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.html");
        std::fs::write(&p, "one").unwrap();
        let stamp = || Stamp::of(&std::fs::metadata(&p).unwrap());
        let first = stamp();
        assert_eq!(stamp(), first);
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(std::time::SystemTime::UNIX_EPOCH).unwrap();
        assert_ne!(stamp(), first, "edited in place");
        let edited = stamp();
        std::fs::write(dir.path().join("b.html"), "two").unwrap();
        std::fs::rename(dir.path().join("b.html"), &p).unwrap();
        assert_ne!(stamp(), edited, "replaced");
    }
}
