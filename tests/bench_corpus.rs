//! The benchmark corpus generator (`bench/corpus.py`) makes a site katalogs accepts without a
//! single warning: a benchmark of a site that fails to build measures nothing.

mod common;

use std::process::Command;

#[test]
fn generated_corpus_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let gen_out = Command::new("python3")
        .arg(common::repo().join("bench/corpus.py"))
        .args(["--services", "300", "--out"])
        .arg(&out)
        .output()
        .expect("python3 runs (the benchmarks need it)");
    assert!(
        gen_out.status.success(),
        "{}",
        String::from_utf8_lossy(&gen_out.stderr)
    );
    let check = Command::new(common::BIN)
        .args(["check", "--strict", "--root"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "the corpus does not check clean:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
