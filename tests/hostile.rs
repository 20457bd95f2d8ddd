//! Hostile and broken content: every fixture ends in a clear error (exit 1 naming the file and,
//! where there is one, the line) or in safe, escaped output — never a panic, a crash, a hang, a
//! memory blow-up, or a file written (or removed) outside the output folder. Every run of the
//! binary is bounded in wall time and peak memory.

mod common;
#[path = "support/html_safety.rs"]
mod html_safety;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{BIN, Site, copy_dir, files};
use html_safety::Scope;
use serde_json::Value;

/// Limits of one run of the binary (debug build, on a machine shared with other tests).
#[derive(Clone, Copy, Debug)]
struct Bounds {
    secs: u64,
    mib: u64,
}

/// Small fixtures: a debug build of a few pages takes well under a second and ~40 MiB.
const SMALL: Bounds = Bounds { secs: 60, mib: 300 };

/// One finished run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak_mib: u64,
    /// Processor time, user and system.
    cpu: Duration,
}

/// A site in `<tmp>/root` that builds into `<tmp>/out`: anything else that appears in, changes
/// in or disappears from `<tmp>` during a run is a stray write.
struct Fixture {
    tmp: tempfile::TempDir,
}

type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

impl Fixture {
    /// The minimal valid site of `tests/common`.
    fn minimal() -> Fixture {
        let f = Fixture {
            tmp: tempfile::tempdir().expect("temp dir"),
        };
        let site = Site::minimal();
        copy_dir(site.path(), &f.root());
        f
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("root")
    }

    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    fn symlink(&self, rel: &str, target: &Path) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, p).expect("symlink");
    }

    fn snapshot(&self) -> Snapshot {
        walkdir::WalkDir::new(self.tmp.path())
            .follow_links(false)
            .into_iter()
            .flatten()
            .map(|e| {
                let m = e.path().symlink_metadata().ok();
                let stamp = m.map_or((0, None), |m| (m.len(), m.modified().ok()));
                (e.path().to_path_buf(), stamp)
            })
            .collect()
    }

    /// Runs the binary on the fixture and checks everything that must hold for any input.
    fn run(&self, args: &[&str], bounds: Bounds) -> Run {
        self.run_fed(args, bounds, None)
    }

    /// [`Fixture::run`] with `input` on standard input.
    fn run_fed(&self, args: &[&str], bounds: Bounds, input: Option<&[u8]>) -> Run {
        let before = self.snapshot();
        let run = bounded_fed(
            Command::new(BIN)
                .args(args)
                .arg("--root")
                .arg(self.root())
                .env("NO_COLOR", "1"),
            bounds,
            input,
        );
        let after = self.snapshot();
        let out = self.out();
        let mut stray = Vec::new();
        for (path, stamp) in &after {
            if !path.starts_with(&out) && before.get(path) != Some(stamp) && path != self.tmp.path()
            {
                stray.push(format!("written: {}", path.display()));
            }
        }
        for path in before.keys() {
            if !path.starts_with(&out) && !after.contains_key(path) {
                stray.push(format!("removed: {}", path.display()));
            }
        }
        assert!(
            stray.is_empty(),
            "{args:?} touched files outside the output: {stray:#?}"
        );
        run
    }

    /// `check --format json`: exit code and diagnostics.
    fn check(&self, bounds: Bounds) -> (i32, Vec<Value>) {
        let run = self.run(&["check", "--format", "json"], bounds);
        let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
            panic!(
                "check printed no JSON ({e}): {}\n{}",
                run.stdout, run.stderr
            )
        });
        (
            run.code,
            json["diagnostics"].as_array().cloned().unwrap_or_default(),
        )
    }

    /// `build` into `<tmp>/out`.
    fn build(&self, extra: &[&str], bounds: Bounds) -> Run {
        let out = self.out();
        let out = out.to_str().expect("utf-8 temp path");
        self.run(&[&["build", "-q", "--output", out], extra].concat(), bounds)
    }

    /// Check and build must both fail with exit 1, and the build must write nothing.
    fn fails(&self, bounds: Bounds) -> Vec<Value> {
        let (code, diags) = self.check(bounds);
        assert_eq!(code, 1, "check must fail: {diags:#?}");
        let run = self.build(&[], bounds);
        assert_eq!(run.code, 1, "build must fail:\n{}", run.stderr);
        assert!(!self.out().exists(), "a failed build wrote its output");
        diags
    }

    /// The build must succeed; returns the output folder.
    fn builds(&self, extra: &[&str], bounds: Bounds) -> PathBuf {
        let run = self.build(extra, bounds);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        self.out()
    }
}

/// Runs `cmd` to completion within `bounds`, killing it if it hangs, and measures its peak
/// resident memory and processor time with `wait4`. Panics on a crash (signal) or a Rust
/// panic. `input` goes to its standard input (the child may stop reading it early).
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also yields the peak memory
fn bounded_fed(cmd: &mut Command, bounds: Bounds, input: Option<&[u8]>) -> Run {
    let started = Instant::now();
    let mut child = cmd
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run katalogs");
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        let input = input.to_vec();
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(&input);
        });
    }
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own unreaped child; `status` and `usage` are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert_eq!(r, 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if started.elapsed() > Duration::from_secs(bounds.secs) {
            let _ = child.kill();
            // SAFETY: as above; reaps the killed child.
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            panic!("hang: still running after {} s", bounds.secs);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = started.elapsed();
    let run = Run {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        peak_mib: usage.ru_maxrss as u64 / 1024,
        cpu: [usage.ru_utime, usage.ru_stime]
            .iter()
            .map(|t| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64))
            .sum(),
    };
    assert!(
        !libc::WIFSIGNALED(status),
        "crashed with signal {}:\n{}",
        libc::WTERMSIG(status),
        run.stderr
    );
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "panicked:\n{}",
        run.stderr
    );
    eprintln!(
        "{:?}: exit {}, {:.1} s, {} ms of processor time, {} MiB",
        cmd.get_args().next(),
        run.code,
        wall.as_secs_f64(),
        run.cpu.as_millis(),
        run.peak_mib
    );
    assert!(
        run.peak_mib <= bounds.mib,
        "peak memory {} MiB over the bound of {} MiB",
        run.peak_mib,
        bounds.mib
    );
    run
}

/// The diagnostics of `file`, or a panic listing all of them.
fn of_file<'a>(diags: &'a [Value], file: &str) -> Vec<&'a Value> {
    let found: Vec<&Value> = diags.iter().filter(|d| d["file"] == file).collect();
    assert!(!found.is_empty(), "no diagnostic for {file} in {diags:#?}");
    found
}

/// The one diagnostic of `file` with code `needle` (or whose message contains it).
fn diag<'a>(diags: &'a [Value], file: &str, needle: &str) -> &'a Value {
    of_file(diags, file)
        .into_iter()
        .find(|d| d["code"] == needle || d["message"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic of {file} containing {needle:?} in {diags:#?}"))
}

fn line(d: &Value) -> u64 {
    d["line"].as_u64().unwrap_or(0)
}

/// The tests of this file run one at a time: each measures the peak memory of the katalogs
/// process it starts, and a process started from this one counts this one's resident memory
/// until it executes katalogs, which other tests' large inputs (a 50 MB page) would inflate.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ALONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn malformed_yaml_is_an_error_at_its_line() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let cases: &[(&str, &str, u64)] = &[
        (
            "unclosed.md",
            "---\ntitle: X\ntags: [a, b\nweight: 1\n---\n",
            3,
        ),
        (
            "quote.md",
            "---\ntitle: \"never closed\nsummary: x\n---\n",
            2,
        ),
        ("indent.md", "---\ntitle: X\n  summary: B\n---\n", 2),
        ("tabs.md", "---\ntitle: X\ntags:\n\t- a\n---\n", 3),
        ("colon.md", "---\ntitle: X\n: y\n---\n", 2),
        ("duplicate.md", "---\ntitle: X\ntitle: Y\n---\n", 3),
        ("anchor.md", "---\ntitle: *nowhere\n---\n", 2),
        ("scalar.md", "---\njust a sentence\n---\n", 2),
        ("list.md", "---\n- a\n- b\n---\n", 2),
        (
            "control.md",
            "---\ntitle: \"a\u{7}b\"\nsummary: [\u{1b}]\n---\n",
            2,
        ),
    ];
    for (name, text, _) in cases {
        f.write(&format!("content/vadlinijas/{name}"), text);
    }
    f.write("content/iestades.yaml", "- id: vid\n  name: [VID\n");
    let diags = f.fails(SMALL);
    for (name, _, at_least) in cases {
        let file = format!("content/vadlinijas/{name}");
        let d = of_file(&diags, &file)[0];
        assert!(line(d) >= *at_least && line(d) <= 5, "{file}: {d}");
    }
    assert!(line(of_file(&diags, "content/iestades.yaml")[0]) >= 2);
}

#[test]
fn deeply_nested_yaml_is_refused() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let deep = 10_000;
    f.write(
        "content/vadlinijas/seq.md",
        &format!(
            "---\ntitle: X\ntags: {}{}\n---\n",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
    );
    // Regression: 64 levels of flow mappings overflowed a worker thread's stack.
    f.write(
        "content/vadlinijas/map.md",
        &format!(
            "---\ntitle: X\nsummary: {}b{}\n---\n",
            "{a: ".repeat(deep),
            "}".repeat(deep)
        ),
    );
    let block: String = (1..300)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    f.write(
        "content/vadlinijas/block.md",
        &format!("---\ntitle: X\ntags:\n{block}---\n"),
    );
    let nested_map: String = (0..200)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    f.write(
        "content/vadlinijas/blockmap.md",
        &format!("---\ntitle: X\n{nested_map}---\n"),
    );
    f.write(
        "content/iestades.yaml",
        &format!(
            "- id: vid\n  name: {}x{}\n",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
    );
    let diags = f.fails(SMALL);
    for file in ["seq", "map", "block", "blockmap"] {
        let file = format!("content/vadlinijas/{file}.md");
        let d = of_file(&diags, &file)[0];
        assert!(line(d) >= 2, "{d}");
    }
    diag(&diags, "content/vadlinijas/map.md", "K0208");
    of_file(&diags, "content/iestades.yaml");
}

/// The billion laughs: nine levels of nine references each.
fn billion_laughs() -> String {
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    yaml
}

#[test]
fn alias_bombs_are_refused_fast_and_small() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    f.write(
        "content/vadlinijas/bomb.md",
        &format!("---\ntitle: X\n{}---\n", billion_laughs()),
    );
    // Many aliases of one large anchor: quadratic, not exponential.
    let big = format!("[{}]", vec!["\"xxxxxxxxxxxxxxxxxxxxxxxx\""; 5000].join(","));
    let wide = format!("a: &a {big}\nb: [{}]\n", vec!["*a"; 1000].join(","));
    f.write(
        "content/vadlinijas/wide.md",
        &format!("---\ntitle: X\n{wide}---\n"),
    );
    f.write(
        "glossary/bomb.md",
        &format!("---\nterm: X\n{}---\nD.\n", billion_laughs()),
    );
    let indented: String = billion_laughs()
        .lines()
        .map(|l| format!("  {l}\n"))
        .collect();
    f.write(
        "content/iestades.yaml",
        &format!("- id: vid\n  name: X\n{indented}"),
    );
    let bounds = Bounds { secs: 20, mib: 200 };
    let started = Instant::now();
    let diags = f.fails(bounds);
    assert!(started.elapsed() < Duration::from_secs(40));
    diag(&diags, "content/vadlinijas/bomb.md", "K0208");
    diag(&diags, "content/vadlinijas/wide.md", "K0208");
    diag(&diags, "glossary/bomb.md", "K0208");
    of_file(&diags, "content/iestades.yaml");
}

#[test]
fn a_50_mib_page_builds_within_bounds() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let words = [
        "pakalpojums",
        "pārvaldība",
        "iestāde",
        "turētājs",
        "deklarācija",
        "sistēma",
        "līmenis",
        "pašvaldība",
        "iedzīvotāji",
        "elektroniski",
        "vajadzība",
        "un",
        "ir",
        "par",
        "uz",
        "no",
    ];
    let mut body = String::with_capacity(51 * 1024 * 1024);
    let mut n: usize = 0;
    while body.len() < 50 * 1024 * 1024 {
        if n.is_multiple_of(60) {
            body.push_str(&format!("## Sadaļa {n}\n\n"));
        }
        for k in 0..50 {
            body.push_str(words[(n * 7 + k * 3) % words.len()]);
            body.push(' ');
        }
        body.push_str("[[deklaracija]].\n\n");
        n += 1;
    }
    f.write(
        "content/vadlinijas/liela.md",
        &format!("---\ntitle: Liela lapa\n---\n{body}"),
    );
    drop(body);
    let out = f.builds(
        &[],
        Bounds {
            secs: 600,
            mib: 1500,
        },
    );
    let page = std::fs::metadata(out.join("vadlinijas/liela.html"))
        .expect("the page")
        .len();
    assert!(page > 50 * 1024 * 1024, "{page}");
}

#[test]
fn ten_thousand_levels_of_markdown_nesting_render() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let n = 10_000;
    f.write(
        "content/vadlinijas/lists.md",
        &format!("---\ntitle: L\n---\n{}x\n", "- ".repeat(n)),
    );
    f.write(
        "content/vadlinijas/quotes.md",
        &format!("---\ntitle: Q\n---\n{}x\n", "> ".repeat(n)),
    );
    f.write(
        "content/vadlinijas/mixed.md",
        &format!(
            "---\ntitle: M\n---\n{}x\n\n{}x{}\n",
            "> - 1. ".repeat(n / 3),
            "*".repeat(n),
            "*".repeat(n)
        ),
    );
    f.write(
        "content/vadlinijas/links.md",
        &format!(
            "---\ntitle: K\n---\n{}deklaracija{}\n\n{}x{}\n",
            "[".repeat(n),
            "]".repeat(n),
            "[a](".repeat(n),
            ")".repeat(n)
        ),
    );
    f.write(
        "content/vadlinijas/html.md",
        &format!(
            "---\ntitle: H\n---\n{}x{}\n\nText {}y\n",
            "<div>".repeat(n),
            "</div>".repeat(n),
            "<b><i>".repeat(n)
        ),
    );
    let out = f.builds(
        &[],
        Bounds {
            secs: 120,
            mib: 500,
        },
    );
    for page in ["lists", "quotes", "mixed", "links", "html"] {
        let html =
            std::fs::read_to_string(out.join(format!("vadlinijas/{page}.html"))).expect(page);
        assert_eq!(
            html_safety::problems(&html, Scope::Page),
            Vec::<String>::new(),
            "{page}"
        );
    }
}

#[test]
fn a_single_huge_word_and_line_build() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    f.write(
        "content/vadlinijas/word.md",
        &format!(
            "---\ntitle: W\n---\n{}\n\n{}\n",
            "a".repeat(2 * 1024 * 1024),
            "ā".repeat(300_000)
        ),
    );
    f.builds(
        &[],
        Bounds {
            secs: 180,
            mib: 600,
        },
    );
}

/// A query of a megabyte (pasted by mistake, or sent on purpose) costs `katalogs search` what
/// a one-word query costs, give or take 200 ms of processor time and 50 MiB, whether it is an
/// argument (as long as Linux allows one) or read from standard input. A long last word used
/// to be expanded as a prefix at about 9 KB per character (50,000 characters: 497 MB).
#[test]
fn a_megabyte_query_searches_like_a_word() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let out = f.builds(&[], SMALL);
    let site = out.to_str().expect("utf-8 temp path");
    let search = |query: &str, input: Option<&[u8]>| {
        f.run_fed(&["search", query, "--json", "--site", site], SMALL, input)
    };
    let word = search("deklarācija", None);
    assert_eq!(word.code, 0, "{}", word.stderr);
    assert!(word.stdout.contains("deklaracija"), "{}", word.stdout);
    // One argument may be 32 pages long, its closing NUL included.
    let argument = "A".repeat(32 * 4096 - 1);
    let megabyte = format!("deklarācija {}", "A".repeat(1 << 20));
    let runs = [
        ("argument", search(&argument, None)),
        ("standard input", search("-", Some(megabyte.as_bytes()))),
    ];
    for (what, run) in &runs {
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert!(
            run.cpu <= word.cpu + Duration::from_millis(200),
            "{what}: {:?} of processor time against {:?} for one word",
            run.cpu,
            word.cpu
        );
        assert!(
            run.peak_mib <= word.peak_mib + 50,
            "{what}: {} MiB against {} MiB for one word",
            run.peak_mib,
            word.peak_mib
        );
    }
    assert_eq!(runs[0].1.stdout.trim(), "[]", "nothing starts with AAA…");
    assert!(
        runs[1].1.stdout.contains("deklaracija"),
        "the query's first words still count: {}",
        runs[1].1.stdout
    );
}

#[test]
fn invalid_utf8_and_nul_bytes_name_their_position() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let cases: &[(&str, &[u8], (u64, u64))] = &[
        (
            "content/vadlinijas/body.md",
            b"---\ntitle: X\n---\nline\nab\xFFc\n",
            (5, 3),
        ),
        (
            "content/vadlinijas/front.md",
            b"---\ntitle: \xC3\x28\n---\n",
            (2, 8),
        ),
        (
            "content/vadlinijas/overlong.md",
            b"---\ntitle: X\n---\n\xC0\xAF\n",
            (4, 1),
        ),
        (
            "content/vadlinijas/surrogate.md",
            b"---\ntitle: X\n---\nx \xED\xA0\x80\n",
            (4, 3),
        ),
        (
            "content/vadlinijas/truncated.md",
            b"---\ntitle: X\n---\n\xE2\x82",
            (4, 1),
        ),
        (
            "content/vadlinijas/latin1.md",
            b"---\ntitle: P\xE2rvald\xEEba\n---\n",
            (2, 9),
        ),
        (
            "content/vadlinijas/nul.md",
            b"---\ntitle: X\n---\nab\0c\n",
            (4, 3),
        ),
        (
            "content/vadlinijas/nulfront.md",
            b"---\ntitle: X\0\n---\n",
            (2, 9),
        ),
        ("glossary/bad.md", b"---\nterm: \xFF\n---\n", (2, 7)),
        (
            "content/iestades.yaml",
            b"- id: vid\n  name: V\xFFD\n",
            (2, 10),
        ),
    ];
    for (file, bytes, _) in cases {
        f.write_bytes(file, bytes);
    }
    f.write_bytes(
        "content/vadlinijas/binary.md",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0xD8],
    );
    let diags = f.fails(SMALL);
    for (file, _, (l, c)) in cases {
        let d = of_file(&diags, file)[0];
        assert_eq!(
            (line(d), d["column"].as_u64().unwrap_or(0)),
            (*l, *c),
            "{d}"
        );
        assert!(d["code"] == "K0103" || d["code"] == "K0104", "{d}");
    }
    of_file(&diags, "content/vadlinijas/binary.md");
}

#[test]
fn symlink_loops_and_links_out_of_the_project_are_refused() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let outside = f.tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("secret.md"),
        "---\ntitle: SECRET-OUTSIDE\n---\nSECRET-OUTSIDE\n",
    )
    .unwrap();
    f.symlink("content/vadlinijas/loop.md", Path::new("loop.md"));
    f.symlink("content/vadlinijas/a.md", Path::new("b.md"));
    f.symlink("content/vadlinijas/b.md", Path::new("a.md"));
    f.symlink("content/vadlinijas/secret.md", &outside.join("secret.md"));
    f.symlink("content/vadlinijas/passwd.md", Path::new("/etc/passwd"));
    f.symlink("content/vadlinijas/dangling.md", Path::new("missing.md"));
    f.symlink("glossary/secret.md", Path::new("../../outside/secret.md"));
    f.symlink("content/ara", &outside);
    f.symlink("content/vadlinijas/cikls", Path::new(".."));
    let diags = f.fails(SMALL);
    for file in ["loop", "a", "b", "dangling"] {
        diag(&diags, &format!("content/vadlinijas/{file}.md"), "K0109");
    }
    for file in [
        "content/vadlinijas/secret.md",
        "content/vadlinijas/passwd.md",
        "glossary/secret.md",
        "content/ara",
    ] {
        diag(&diags, file, "K0110");
    }
    diag(&diags, "content/vadlinijas/cikls", "K0111");
    assert!(
        !diags
            .iter()
            .any(|d| d.to_string().contains("SECRET-OUTSIDE"))
    );
}

#[test]
fn a_folder_symlink_inside_the_site_is_not_followed_and_the_build_stays_inside() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    f.symlink("content/vadlinijas/cikls", Path::new(".."));
    f.symlink("content/kopija", Path::new("vadlinijas"));
    let out = f.builds(&[], SMALL);
    assert!(!out.join("vadlinijas/cikls").exists() && !out.join("kopija").exists());
}

#[test]
fn ids_slugs_and_references_cannot_leave_the_output() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let ids = [
        "../../etc/passwd",
        "..",
        "/etc/passwd",
        "a/b",
        "C:\\\\x",
        "~root",
        "a b",
        ".hidden",
        "-x",
    ];
    for (n, id) in ids.iter().enumerate() {
        f.write(
            &format!("content/vadlinijas/id{n}.md"),
            &format!("---\ntitle: X\nid: \"{id}\"\n---\n"),
        );
    }
    f.write(
        "content/pakalpojumi/refs.md",
        "---\ntitle: R\nholder: ../vid\nproviders: [/etc/passwd]\nlife_situations: [\"../darbs\"]\nterms: [\"..\"]\ntemplate: /abs/x\n---\n",
    );
    f.write(
        "content/vadlinijas/wiki.md",
        "---\ntitle: W\n---\n[[../../etc/passwd]] [[page:../lapa]] [[/etc/passwd]] [[service:..]] [[C:\\x]]\n",
    );
    f.write("content/vadlinijas/..md", "---\ntitle: Dots\n---\n");
    f.write("content/..vadlinijas/x.md", "---\ntitle: Dots\n---\n");
    f.write(
        "content/iestades.yaml",
        "- id: vid\n  name: V\n- id: ../x\n  name: X\n  parent: ../../vid\n",
    );
    let diags = f.fails(SMALL);
    for n in 0..ids.len() {
        let d = of_file(&diags, &format!("content/vadlinijas/id{n}.md"))[0];
        assert_eq!(line(d), 3, "{d}");
    }
    let refs = of_file(&diags, "content/pakalpojumi/refs.md");
    for l in 3..=7 {
        assert!(
            refs.iter().any(|d| line(d) == l),
            "no error at line {l}: {refs:#?}"
        );
    }
    assert_eq!(of_file(&diags, "content/vadlinijas/wiki.md").len(), 5);
    of_file(&diags, "content/iestades.yaml");
}

#[test]
fn output_folders_that_hold_more_than_a_build_are_not_replaced() {
    let _alone = one_at_a_time();
    for output in ["content", ".", "..", "content/vadlinijas", "glossary"] {
        let f = Fixture::minimal();
        let config = std::fs::read_to_string(f.root().join("katalogs.toml")).unwrap();
        f.write(
            "katalogs.toml",
            &config.replace("[build]\n", &format!("[build]\noutput = \"{output}\"\n")),
        );
        let run = f.run(&["build", "-q"], SMALL);
        assert_eq!(run.code, 1, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("[K0510]: "), "{}", run.stderr);
    }
    let f = Fixture::minimal();
    std::fs::create_dir_all(f.out()).unwrap();
    std::fs::write(f.out().join("precious.txt"), "keep").unwrap();
    let run = f.build(&[], SMALL);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(f.out().join("precious.txt")).unwrap(),
        "keep"
    );
    std::fs::remove_file(f.out().join("precious.txt")).unwrap();
    f.builds(&[], SMALL);
    f.builds(&[], SMALL);
}

#[test]
fn reserved_names_are_refused() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    f.write("content/vadlinijas/con.md", "---\ntitle: Con\n---\n");
    f.write("content/vadlinijas/Nul.md", "---\ntitle: Nul\n---\n");
    f.write("content/vadlinijas/x.md", "---\ntitle: X\nid: aux\n---\n");
    f.write("content/meklet.md", "---\ntitle: Search\n---\n");
    f.write("content/lpt1/x.md", "---\ntitle: X\nid: lpt-x\n---\n");
    f.write("content/search/x.md", "---\ntitle: X\nid: search-x\n---\n");
    f.write(
        "content/pakalpojumi/com1.md",
        "---\ntitle: C\nholder: vid\n---\n",
    );
    let registry = std::fs::read_to_string(f.root().join("content/iestades.yaml")).unwrap();
    f.write(
        "content/iestades.yaml",
        &format!("{registry}- id: prn\n  name: P\n"),
    );
    let diags = f.fails(SMALL);
    for file in [
        "content/vadlinijas/con.md",
        "content/vadlinijas/Nul.md",
        "content/vadlinijas/x.md",
        "content/meklet.md",
        "content/lpt1/x.md",
        "content/search/x.md",
        "content/pakalpojumi/com1.md",
        "content/iestades.yaml",
    ] {
        of_file(&diags, file);
    }
    assert_eq!(line(diag(&diags, "content/iestades.yaml", "K0114")), 5);
}

#[test]
fn content_cannot_take_the_place_of_a_generated_page() {
    let _alone = one_at_a_time();
    let cases: &[(&str, &str)] = &[
        (
            "content/vadlinijas/index-lapa.md",
            "---\ntitle: X\nid: index\n---\n",
        ),
        ("glossary/index.md", "---\nterm: Index\n---\nD.\n"),
        (
            "content/pakalpojumi/index.md",
            "---\ntitle: I\nholder: vid\n---\n",
        ),
        (
            "content/kursi/k/izdales-materials.md",
            "---\ntitle: L\n---\n",
        ),
    ];
    for (file, text) in cases {
        let f = Fixture::minimal();
        f.write("content/kursi/k/_index.md", "---\ntitle: K\n---\n");
        f.write(file, text);
        let diags = f.fails(SMALL);
        diag(&diags, file, "K0403");
    }
}

#[test]
fn non_latin_scripts_work_with_explicit_ids_and_are_errors_in_paths() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    f.write("content/vadlinijas/ru.md", "---\ntitle: Государственные услуги\nid: ru\nsummary: Ελληνικά κείμενα\n---\n# 日本語の見出し\n\nТекст про услуги. Ελληνικά. 中文内容。\n");
    f.write(
        "glossary/cjk.md",
        "---\nterm: 公共服务\nid: cjk\nsynonyms: [Услуга]\n---\nОпределение.\n",
    );
    let out = f.builds(&[], SMALL);
    let page = std::fs::read_to_string(out.join("vadlinijas/ru.html")).unwrap();
    assert!(
        page.contains("Государственные услуги") && page.contains("日本語の見出し"),
        "{page}"
    );
    let search = files(&out.join("search"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect::<String>();
    assert!(search.contains("Государственные услуги"));

    let f = Fixture::minimal();
    f.write("content/vadlinijas/Услуги.md", "---\ntitle: X\n---\n");
    f.write("content/vadlinijas/日本語.md", "---\ntitle: X\n---\n");
    f.write("content/Ελληνικά/x.md", "---\ntitle: X\nid: el\n---\n");
    f.write(
        "content/kursi/日本語/_index.md",
        "---\ntitle: K\nid: k\n---\n",
    );
    f.write(
        "content/vadlinijas/id.md",
        "---\ntitle: X\nid: услуги\n---\n",
    );
    let diags = f.fails(SMALL);
    for file in [
        "content/vadlinijas/Услуги.md",
        "content/vadlinijas/日本語.md",
        "content/Ελληνικά/x.md",
        "content/kursi/日本語/_index.md",
    ] {
        of_file(&diags, file);
    }
    assert_eq!(line(of_file(&diags, "content/vadlinijas/id.md")[0]), 3);
}

#[test]
fn ids_differing_only_in_case_or_diacritics_collide() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    f.write("content/vadlinijas/Sistema.md", "---\ntitle: A\n---\n");
    f.write("content/vadlinijas/sistema.md", "---\ntitle: B\n---\n");
    f.write("content/vadlinijas/Pārvaldība.md", "---\ntitle: C\n---\n");
    f.write("content/vadlinijas/parvaldiba.md", "---\ntitle: D\n---\n");
    f.write(
        "content/pakalpojumi/Deklarācija.md",
        "---\ntitle: E\nholder: vid\n---\n",
    );
    f.write(
        "glossary/Pakalpojums.md",
        "---\nterm: PAKALPOJUMS\n---\nD.\n",
    );
    let registry = std::fs::read_to_string(f.root().join("content/iestades.yaml")).unwrap();
    f.write(
        "content/iestades.yaml",
        &format!("{registry}- id: vid\n  name: Otrs\n- id: VID\n  name: Trešais\n"),
    );
    let diags = f.fails(SMALL);
    let dup = |a: &str, b: &str| {
        assert!(
            diags.iter().any(|d| (d["file"] == a || d["file"] == b)
                && (d["code"] == "K0401" || d["code"] == "K0206")),
            "{a} / {b}: {diags:#?}"
        );
    };
    dup(
        "content/vadlinijas/Sistema.md",
        "content/vadlinijas/sistema.md",
    );
    dup(
        "content/vadlinijas/Pārvaldība.md",
        "content/vadlinijas/parvaldiba.md",
    );
    dup(
        "content/pakalpojumi/Deklarācija.md",
        "content/pakalpojumi/deklaracija.md",
    );
    dup("glossary/Pakalpojums.md", "glossary/pakalpojums.md");
    let registry = of_file(&diags, "content/iestades.yaml");
    assert!(registry.iter().any(|d| line(d) == 5), "{registry:#?}");
    assert!(registry.iter().any(|d| line(d) == 7), "{registry:#?}");
}

/// Markup that runs script wherever it is not escaped; `n` tells the places apart.
fn payload(n: usize) -> String {
    format!(
        "<script>alert({n})</script><img src=x onerror=alert({n})>\"'><svg onload=alert({n})>&lt;b&gt;</title></textarea>"
    )
}

/// A YAML string holding `text` (JSON strings are YAML double-quoted scalars).
fn y(text: &str) -> String {
    serde_json::to_string(text).expect("string")
}

/// A site whose every text field of every kind, every body and every wiki-link text carries
/// script.
fn xss_site() -> Fixture {
    let f = Fixture::minimal();
    let mut n = 0;
    let mut p = || {
        n += 1;
        y(&payload(n))
    };
    f.write(
        "katalogs.toml",
        &format!("title = {}\n[build]\ntoday = \"2026-11-01\"\n", p()),
    );
    let body = |n: usize| {
        format!(
            "Teksts {pl} ar pakalpojumu.\n\n## Virsraksts {pl}\n\n### Cits {{#x\"onmouseover=alert(1) .c\"d}}\n\n\
             [[deklaracija|{pl}]] [[deklaracija#{pl}]] [[darbs]]\n\n\
             [saite](lapa.html \"{q}\") ![{pl}](a.png \"{q}\") `{pl}` **{pl}**\n\n\
             <div onclick=\"alert(1)\" style=\"x\">raw <a href=\"javascript:alert(1)\">a</a><iframe src=\"x\"></iframe></div>\n\n\
             <svg><script>alert(1)</script></svg><form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">b</button></form>\n\n\
             | {pl} | b |\n|---|---|\n| {pl} | <img src=x onerror=alert(1)> |\n\n\
             [^1]\n\n[^1]: {pl}\n\n```\n{pl}\n```\n\n> [!NOTE]\n> {pl}\n",
            pl = payload(n),
            q = payload(n).replace('"', "\\\""),
        )
    };
    f.write(
        "content/_index.md",
        &format!("---\ntitle: {}\nsummary: {}\n---\n{}", p(), p(), body(100)),
    );
    f.write(
        "content/vadlinijas/lapa.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\ntags: [{}]\nsource: avots\n---\n{}",
            p(),
            p(),
            p(),
            body(101)
        ),
    );
    f.write(
        "content/vadlinijas/_index.md",
        &format!("---\ntitle: {}\nsummary: {}\n---\n{}", p(), p(), body(102)),
    );
    f.write(
        "content/avoti.yaml",
        &format!(
            "- id: avots\n  title: {}\n  publisher: {}\n  author: {}\n",
            p(),
            p(),
            p()
        ),
    );
    f.write(
        "content/iestades.yaml",
        &format!(
            "- id: vid\n  name: {}\n  short_name: {}\n  kind: iestade\n  url: https://vid.gov.lv/?q=%3Cscript%3E\n  description: {}\n\
             - id: pasv\n  name: {}\n  short_name: {}\n  parent: vid\n  description: {}\n",
            p(), p(), y(&body(103)), p(), p(), y(&body(104))
        ),
    );
    f.write(
        "content/pakalpojumi/deklaracija.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\nholder: vid\nproviders: [pasv]\nlife_situations: [darbs]\nlegal_acts: [{}]\n\
             cost: {}\nprocessing_time: {}\ndocuments: [{}]\noutput: {}\nkeywords: [{}]\nterms: [pakalpojums]\n\
             source: avots\neservice_url: https://e.lv/?a=%22%3E\nmanager: {}\nkpis:\n  - name: {}\n    target: {}\n    value: {}\n\
             process_notes: {}\nresources: [{}]\nappeal: {}\ncontact:\n  address: {}\n  opening_hours: {}\n---\n{}",
            p(), p(), p(), p(), p(), p(), p(), p(), p(), p(), p(), p(), y(&body(105)), p(), p(), p(), p(), body(106)
        ),
    );
    f.write(
        "content/pakalpojumi/_index.md",
        &format!("---\ntitle: {}\nsummary: {}\n---\n{}", p(), p(), body(107)),
    );
    f.write(
        "content/dzives-situacijas/darbs.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\ncoordinator: vid\ncircumstances: [{}]\nkeywords: [{}]\nsource: avots\n\
             steps:\n  - title: {}\n    text: {}\n    services: [deklaracija]\n\
             groups:\n  - title: {}\n    text: {}\n    services: [deklaracija]\n---\n{}",
            p(), p(), p(), p(), p(), y(&body(108)), p(), y(&body(109)), body(110)
        ),
    );
    f.write(
        "glossary/pakalpojums.md",
        &format!(
            "---\nterm: {}\nsynonyms: [{}, Pakalpojums]\nabbreviations: [{}]\nenglish: {}\nshort: {}\nsource: avots\n---\n{}",
            p(), p(), p(), p(), p(), body(111)
        ),
    );
    f.write(
        "glossary/_index.md",
        &format!("---\ntitle: {}\nsummary: {}\n---\n{}", p(), p(), body(112)),
    );
    f.write(
        "content/kursi/ievads/_index.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\nobjectives: [{}]\nsource: avots\n---\n{}",
            p(),
            p(),
            p(),
            body(113)
        ),
    );
    f.write(
        "content/kursi/ievads/01-nodarbiba.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\nobjectives: [{}]\nduration: 30\nsource: avots\n---\n{}",
            p(),
            p(),
            p(),
            body(114)
        ),
    );
    f
}

/// Every built file is safe: pages run no content script, data files parse.
fn assert_safe_output(out: &Path) {
    let mut problems = Vec::new();
    let mut pages = 0;
    for (rel, bytes) in files(out) {
        let ext = rel.rsplit('.').next().unwrap_or("");
        let text =
            || String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
        match ext {
            "html" => {
                pages += 1;
                for p in html_safety::problems(&text(), Scope::Page) {
                    problems.push(format!("{rel}: {p}"));
                }
            }
            "js" if rel.starts_with("search/") => {
                // `katalogsIndex("name",{json});`: data only, never code.
                let t = text();
                let args = t
                    .trim_end()
                    .strip_prefix("katalogsIndex(")
                    .and_then(|r| r.strip_suffix(");"))
                    .unwrap_or_else(|| panic!("{rel} is not a katalogsIndex call"));
                let parsed: Result<Value, _> = serde_json::from_str(&format!("[{args}]"));
                if parsed.is_err() {
                    problems.push(format!("{rel}: arguments are not JSON"));
                }
            }
            "json" | "jsonld" if serde_json::from_slice::<Value>(&bytes).is_err() => {
                problems.push(format!("{rel}: not JSON"));
            }
            "xml" | "atom" => {
                let t = text();
                match roxmltree::Document::parse(&t) {
                    Ok(doc) => {
                        if doc
                            .descendants()
                            .any(|n| n.tag_name().name().eq_ignore_ascii_case("script"))
                        {
                            problems.push(format!("{rel}: script element"));
                        }
                    }
                    Err(e) => problems.push(format!("{rel}: not XML ({e})")),
                }
            }
            _ => {}
        }
    }
    assert!(pages > 15, "only {pages} pages");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn script_in_every_text_field_comes_out_escaped_under_every_raw_html_policy() {
    let _alone = one_at_a_time();
    let f = xss_site();
    let config = std::fs::read_to_string(f.root().join("katalogs.toml")).unwrap();
    for (policy, profile) in [
        ("sanitize", "public"),
        ("escape", "public"),
        ("strip", "public"),
        ("sanitize", "internal"),
    ] {
        f.write(
            "katalogs.toml",
            &config.replace("[build]\n", &format!("[build]\nraw_html = \"{policy}\"\n")),
        );
        let out = f.builds(&["--profile", profile], SMALL);
        assert_safe_output(&out);
        let service = std::fs::read_to_string(out.join("pakalpojumi/deklaracija.html")).unwrap();
        assert!(
            service.contains("&lt;script&gt;alert("),
            "{policy}: titles are shown, escaped"
        );
    }
}

#[test]
fn script_urls_are_errors_at_their_position() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    f.write(
        "content/vadlinijas/js.md",
        "---\ntitle: J\n---\nLine.\n\n[a](javascript:alert(1)) ![i](JaVaScRiPt:alert(2))\n\n<vbscript:msgbox(3)>\n\n[d][ref]\n\n[ref]: data:text/html,<script>alert(4)</script>\n",
    );
    f.write(
        "content/dzives-situacijas/darbs.md",
        "---\ntitle: Darbs\nsteps:\n  - title: Deklarēt\n    text: \"[x](javascript:alert(5))\"\n    services: [deklaracija]\n---\n",
    );
    f.write(
        "content/pakalpojumi/deklaracija.md",
        "---\ntitle: D\nholder: vid\nlife_situations: [darbs]\neservice_url: javascript:alert(6)\n---\n",
    );
    f.write(
        "content/iestades.yaml",
        "- id: vid\n  name: V\n  url: \"javascript:alert(7)\"\n  description: \"[x](vbscript:alert(8))\"\n",
    );
    let diags = f.fails(SMALL);
    let js: Vec<(u64, u64)> = of_file(&diags, "content/vadlinijas/js.md")
        .iter()
        .map(|d| (line(d), d["column"].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(js, [(6, 1), (6, 26), (8, 1), (10, 1)]);
    diag(&diags, "content/dzives-situacijas/darbs.md", "K0420");
    assert_eq!(
        line(of_file(&diags, "content/pakalpojumi/deklaracija.md")[0]),
        5
    );
    let registry = of_file(&diags, "content/iestades.yaml");
    assert!(registry.iter().any(|d| line(d) == 3), "{registry:#?}");
    assert!(
        registry.iter().any(|d| d["code"] == "K0420"),
        "{registry:#?}"
    );
}

#[test]
fn a_hostile_configuration_is_an_error_at_its_position() {
    let _alone = one_at_a_time();
    let cases: &[(&[u8], (u64, u64))] = &[
        (b"title = \"T\xFF\"\n", (1, 11)),
        (b"title = \"T\"\nx = \"\0\"\n", (2, 6)),
        (
            &[
                b"title = \"T\"\nx = ".as_slice(),
                &[b'['; 10_000],
                &[b']'; 10_000],
                b"\n",
            ]
            .concat(),
            (2, 0),
        ),
        (
            &[
                b"title = \"T\"\nx = ".as_slice(),
                "{a = ".repeat(5_000).as_bytes(),
                b"1",
                &[b'}'; 5_000],
                b"\n",
            ]
            .concat(),
            (2, 0),
        ),
    ];
    for (bytes, (l, c)) in cases {
        let f = Fixture::minimal();
        f.write_bytes("katalogs.toml", bytes);
        let diags = f.fails(SMALL);
        let d = of_file(&diags, "katalogs.toml")[0];
        assert_eq!(line(d), *l, "{d}");
        if *c > 0 {
            assert_eq!(d["column"].as_u64(), Some(*c), "{d}");
        }
    }
}

#[test]
fn oversized_files_and_front_matter_are_refused_before_parsing() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let tags: String = (0..40_000).map(|i| format!("  - birka-{i}\n")).collect();
    f.write(
        "content/vadlinijas/tags.md",
        &format!("---\ntitle: X\ntags:\n{tags}---\n"),
    );
    let mut huge = b"---\ntitle: X\n---\n".to_vec();
    huge.resize(65 * 1024 * 1024, b'a');
    f.write_bytes("content/vadlinijas/huge.md", &huge);
    drop(huge);
    let diags = f.fails(Bounds { secs: 60, mib: 400 });
    diag(&diags, "content/vadlinijas/tags.md", "K0105");
    diag(&diags, "content/vadlinijas/huge.md", "K0102");
}

#[test]
fn formulas_in_service_fields_are_neutralised_in_the_csv_and_exact_elsewhere() {
    let _alone = one_at_a_time();
    let f = Fixture::minimal();
    let title = "=HYPERLINK(\"http://evil.example\",\"x\")";
    f.write(
        "content/pakalpojumi/deklaracija.md",
        &format!(
            "---\ntitle: {}\nholder: vid\nlife_situations: [darbs]\ncost: \"+1 EUR\"\n\
             processing_time: \"-3 dienas\"\noutput: \"@SUM(A1)\"\nsummary: \"\\tx\"\n---\nApraksts.\n",
            y(title)
        ),
    );
    let out = f.builds(&[], SMALL);
    let bytes = std::fs::read(out.join("dati/pakalpojumi.csv")).expect("csv");
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let mut cells = 0;
    for row in reader.records() {
        for cell in row.expect("a CSV row").iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    assert!(cells > 0);
    let csv = String::from_utf8_lossy(&bytes);
    for kept in [title, "+1 EUR", "-3 dienas", "@SUM(A1)"] {
        let quoted = format!("'{kept}").replace('"', "\"\"");
        assert!(csv.contains(&quoted), "{quoted} in\n{csv}");
    }
    // The JSON export is data, not a spreadsheet: the exact values.
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("dati/katalogs.json")).expect("json"))
            .expect("JSON");
    let text = json.to_string();
    for exact in ["+1 EUR", "-3 dienas", "@SUM(A1)"] {
        assert!(text.contains(&format!("\"{exact}\"")), "{exact}");
    }
    assert!(text.contains(&serde_json::to_string(title).expect("string")));
}
