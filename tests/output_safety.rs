//! The output folder under faults and bad luck: a build killed at every file-system step of
//! its commit leaves the complete old site or the complete new one, never none or a mix;
//! failures are reported as what happened; leftovers of killed builds are cleared; a
//! symlinked output folder is written through; the user's own files are kept or reported;
//! a page or package edited in place is never shipped again.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{BIN, Site, files};

/// The site's files but the manifest and tantivy's (whose segment names differ per build),
/// by path.
fn contents(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files(out)
        .into_iter()
        .filter(|(rel, _)| rel != ".katalogs-manifest" && !rel.starts_with("search/index/"))
        .collect()
}

/// Builds `site` into `out` (not quietly: notes are part of what is checked).
fn build(site: &Site, out: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["build", "--output"])
        .arg(out)
        .arg("--root")
        .arg(site.path())
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run katalogs")
}

fn ok(run: Output) -> String {
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "build failed:\n{stderr}");
    stderr
}

/// What is in `dir` beside `keep`: leftovers of builds.
fn beside(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// The minimal site with a dot-folder and a kept file of the user's in its output.
fn site_with_own_files() -> Site {
    let site = Site::minimal();
    site.write(
        "katalogs.toml",
        "title = \"Tests\"\n[build]\ntoday = \"2026-11-01\"\nkeep = [\"CNAME\"]\n",
    );
    site
}

fn add_own_files(out: &Path) {
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(out.join("CNAME"), "katalogs.example\n").unwrap();
}

fn the_new_title(site: &Site) {
    site.write(
        "content/pakalpojumi/deklaracija.md",
        "---\ntitle: Deklarācija, jauna\nholder: vid\nlife_situations: [darbs]\n---\nJauns apraksts.\n",
    );
}

fn the_old_title(site: &Site) {
    site.write(
        "content/pakalpojumi/deklaracija.md",
        "---\ntitle: Deklarācija\nholder: vid\nlife_situations: [darbs]\n---\nApraksts.\n",
    );
}

#[test]
fn a_build_killed_at_any_step_of_its_commit_leaves_the_old_site_or_the_new_one() {
    let site = site_with_own_files();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // The two sites every state must be one of, byte for byte (own files included).
    ok(build(&site, &out, &[]));
    add_own_files(&out);
    let old = contents(&out);
    the_new_title(&site);
    ok(build(&site, &out, &[]));
    let new = contents(&out);
    assert_ne!(old, new);
    assert!(new.contains_key("CNAME") && new.contains_key(".git/HEAD"));
    let mut finished_at = None;
    for step in 1..=40 {
        std::fs::remove_dir_all(&out).unwrap();
        the_old_title(&site);
        ok(build(&site, &out, &[]));
        add_own_files(&out);
        assert_eq!(contents(&out), old);
        the_new_title(&site);
        let n = step.to_string();
        let run = build(&site, &out, &[("KATALOGS_CRASH_AT", &n)]);
        if run.status.success() {
            finished_at = Some(step);
            assert_eq!(contents(&out), new, "a build that was not killed");
            break;
        }
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(
            run.status.code(),
            None,
            "step {step}: killed by a signal, not failed:\n{stderr}"
        );
        assert!(stderr.contains("crash injected"), "{stderr}");
        let now = contents(&out);
        assert!(
            now == old || now == new,
            "killed before step {step}: the output is neither the old site nor the new one: {:?}",
            now.keys().collect::<Vec<_>>()
        );
        let search = Command::new(BIN)
            .args(["search", "deklarācija", "--site"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            search.status.success(),
            "killed before step {step}: the search index is not whole:\n{}",
            String::from_utf8_lossy(&search.stderr)
        );
        // The next build finishes the job and clears what the killed one left.
        ok(build(&site, &out, &[]));
        assert_eq!(
            contents(&out),
            new,
            "after the build that followed step {step}"
        );
        assert_eq!(beside(tmp.path(), &["out"]), Vec::<String>::new());
    }
    let steps = finished_at.expect("the build finished within 40 steps");
    // Carrying over two own files, the exchange, two removal steps, the manifest's two.
    assert!(steps >= 7, "only {steps} steps were counted");
}

#[test]
fn failures_after_and_before_the_exchange_say_what_happened() {
    let site = site_with_own_files();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(build(&site, &out, &[]));
    let old = contents(&out);
    the_new_title(&site);
    // An undeletable previous build: the new site is in place, and the note says so.
    let stderr = ok(build(&site, &out, &[("KATALOGS_FAIL_AT", "remove-old")]));
    assert!(
        stderr.contains("the new build is in place") && stderr.contains("could not be removed"),
        "{stderr}"
    );
    assert!(!stderr.contains("left as it was"), "{stderr}");
    let new = contents(&out);
    assert_ne!(new, old);
    assert_eq!(
        beside(tmp.path(), &["out"]).len(),
        1,
        "the previous build, left"
    );
    ok(build(&site, &out, &[]));
    assert_eq!(
        beside(tmp.path(), &["out"]),
        Vec::<String>::new(),
        "cleared"
    );
    // A failed exchange: the old site stays, and the message says so.
    the_old_title(&site);
    let run = build(&site, &out, &[("KATALOGS_FAIL_AT", "exchange")]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("left as it was"), "{stderr}");
    assert_eq!(contents(&out), new);
    assert_eq!(beside(tmp.path(), &["out"]), Vec::<String>::new());
}

#[test]
fn a_symlinked_output_folder_is_written_through_and_stays_a_link() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    std::fs::create_dir_all(&real).unwrap();
    let out = tmp.path().join("out");
    std::os::unix::fs::symlink(&real, &out).unwrap();
    ok(build(&site, &out, &[]));
    the_new_title(&site);
    let stderr = ok(build(&site, &out, &[]));
    assert!(!stderr.contains("left as it was"), "{stderr}");
    assert!(
        std::fs::symlink_metadata(&out)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    let page = std::fs::read_to_string(real.join("pakalpojumi/deklaracija.html")).unwrap();
    assert!(page.contains("Deklarācija, jauna"));
    assert_eq!(beside(tmp.path(), &["out", "real"]), Vec::<String>::new());
    // A link to nowhere is refused with a message that names it.
    let dangling = tmp.path().join("dangling");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
    let run = build(&site, &dangling, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_ne!(run.status.code(), Some(0));
    assert!(
        stderr.contains("symbolic link") && stderr.contains("nowhere"),
        "{stderr}"
    );
    assert!(!tmp.path().join("nowhere").exists());
}

#[test]
fn files_the_build_did_not_make_are_kept_by_the_rule_or_reported_when_removed() {
    let site = site_with_own_files();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(build(&site, &out, &[]));
    add_own_files(&out);
    std::fs::write(out.join("piezimes.txt"), "mine").unwrap();
    let stderr = ok(build(&site, &out, &[]));
    assert!(
        stderr.contains("piezimes.txt") && stderr.contains("keep"),
        "the removal is reported: {stderr}"
    );
    assert!(
        !stderr.contains("CNAME") && !stderr.contains(".git"),
        "{stderr}"
    );
    assert!(!out.join("piezimes.txt").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "katalogs.example\n"
    );
    assert!(out.join(".git/HEAD").is_file());
    // Kept files are not the build's: not in the offline package.
    let zip =
        zip::ZipArchive::new(std::fs::File::open(out.join("dati/katalogs-bezsaiste.zip")).unwrap())
            .unwrap();
    assert!(
        zip.file_names()
            .map(|n| n.expect("a name"))
            .all(|n| !n.contains("CNAME") && !n.contains(".git"))
    );
    // A quiet rebuild with nothing foreign says nothing.
    let stderr = ok(build(&site, &out, &[]));
    assert!(!stderr.contains("did not make"), "{stderr}");
}

/// Overwrites bytes in the middle of `path` keeping its size, and puts back its modification
/// time: what a careless edit or a damaged copy looks like to a size-and-date check.
fn tamper(path: &Path, bytes: &[u8]) {
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let mut content = std::fs::read(path).unwrap();
    let at = content.len() / 2;
    content[at..at + bytes.len()].copy_from_slice(bytes);
    std::fs::write(path, &content).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(modified).unwrap();
}

#[test]
fn a_page_or_package_edited_in_place_is_never_shipped_again() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(build(&site, &out, &[]));
    let package = out.join("dati/katalogs-bezsaiste.zip");
    // Twice: the first rebuild finds the edits; the second must not bring them back.
    tamper(&out.join("glosarijs/index.html"), b"EDITED");
    tamper(&package, &[0xAA; 64]);
    for round in 0..2 {
        site.write(
            "content/vadlinijas/lapa.md",
            &format!("---\ntitle: Lapa\n---\nKārta {round}.\n"),
        );
        ok(build(&site, &out, &[]));
        let fresh = tmp.path().join(format!("fresh-{round}"));
        ok(build(&site, &fresh, &[]));
        assert_eq!(
            std::fs::read(out.join("glosarijs/index.html")).unwrap(),
            std::fs::read(fresh.join("glosarijs/index.html")).unwrap(),
            "round {round}: the edited page was shipped again"
        );
        assert_eq!(
            std::fs::read(&package).unwrap(),
            std::fs::read(fresh.join("dati/katalogs-bezsaiste.zip")).unwrap(),
            "round {round}: the package is not the one a fresh build makes"
        );
        // Every entry unpacks and matches its CRC and the file in the site.
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&package).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let rel: PathBuf = name.trim_start_matches("katalogs/").into();
            assert_eq!(bytes, std::fs::read(out.join(&rel)).unwrap(), "{name}");
        }
    }
}
