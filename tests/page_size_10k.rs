//! No page a phone cannot open (issue 22): the 10,000-service benchmark corpus
//! (`bench/corpus.py --services 10000`) builds with no HTML page above 250 KB, because every
//! long list (the catalogue, facet values, institutions, the glossary …) is paginated. One
//! build with the debug binary: about a minute and a half on a 2-core machine (generating the
//! corpus takes a few seconds), so it is a test file of its own and runs beside the others.

mod common;

use std::process::Command;

/// The largest HTML page the product allows, in bytes.
const LIMIT: u64 = 250_000;

#[test]
fn no_html_page_of_the_10k_corpus_is_above_250_kb() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("corpus");
    let generated = Command::new("python3")
        .arg(common::repo().join("bench/corpus.py"))
        .args(["--services", "10000", "--out"])
        .arg(&root)
        .output()
        .expect("python3 runs (the benchmarks need it)");
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let out = dir.path().join("site");
    let built = Command::new(common::BIN)
        .args(["build", "-q", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run katalogs");
    assert!(
        built.status.success(),
        "the corpus does not build:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut pages = 0;
    let mut largest = (0, String::new());
    let mut over = Vec::new();
    for e in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let size = e.metadata().expect("metadata").len();
        let rel = e
            .path()
            .strip_prefix(&out)
            .expect("under")
            .display()
            .to_string();
        if size > LIMIT {
            over.push(format!("{rel}: {size} bytes"));
        }
        if size > largest.0 {
            largest = (size, rel);
        }
    }
    assert!(pages > 10_000, "{pages} pages");
    assert!(
        over.is_empty(),
        "{} pages above {LIMIT} bytes:\n{}",
        over.len(),
        over.join("\n")
    );
    // The catalogue is split (100 a page by default) and its filter data holds every service.
    assert!(out.join("pakalpojumi/2.html").is_file());
    let data = std::fs::read_to_string(out.join("pakalpojumi/atlase.js")).expect("filter data");
    let first = std::fs::read_to_string(out.join("pakalpojumi/index.html")).expect("catalogue");
    let total: usize = first
        .split("data-total=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .and_then(|t| t.parse().ok())
        .expect("the catalogue's count");
    assert!(total > 5_000, "{total} services in the catalogue");
    assert_eq!(
        data.matches(".html\",[[").count(),
        total,
        "the filter data lists every service of the catalogue"
    );
    // Pages that would grow with the site name only the largest values: the overview's
    // charts by holder and by life situation (hundreds at 10k), the home page's situations.
    let overview = std::fs::read_to_string(out.join("parskats.html")).expect("overview");
    assert_eq!(
        overview.matches("class=\"chart-more\"").count(),
        2,
        "the holder and situation charts are capped"
    );
    assert!(overview.contains("href=\"iestades/index.html\""));
    for chart in overview.split("<svg class=\"chart-svg\"").skip(1) {
        let svg = chart.split("</svg>").next().unwrap_or_default();
        assert!(svg.matches("class=\"chart-bar\"").count() <= 40, "{svg}");
    }
    let home = std::fs::read_to_string(out.join("index.html")).expect("home page");
    let chips = home
        .split("<ul class=\"chips\">")
        .nth(1)
        .and_then(|c| c.split("</ul>").next())
        .expect("the home page's life situations");
    assert_eq!(
        chips.matches("<li>").count(),
        41,
        "40 situations and the list of all"
    );
    eprintln!("largest page: {} ({} bytes)", largest.1, largest.0);
}
