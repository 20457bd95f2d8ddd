//! `katalogs search "query"` (or `-` to read it from standard input): ranked results with
//! snippets from the built site's index.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::cli::{EXIT_CONTENT, EXIT_IO, EXIT_OK, EXIT_USAGE, Ui, site_root};
use crate::schema::Kind;
use crate::search::INDEX_DIR;
use crate::search::bounds::{MAX_QUERY_CHARS, bounded};
use crate::search::engine::{Hit, Searcher};

/// The snippet with its matches marked: bold on a terminal, `**…**` otherwise.
fn marked(hit: &Hit, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut out = String::new();
    let mut last = 0;
    for &(s, e) in &hit.highlights {
        if s < last || e > hit.snippet.len() {
            continue;
        }
        out.push_str(&hit.snippet[last..s]);
        out.push_str(open);
        out.push_str(&hit.snippet[s..e]);
        out.push_str(close);
        last = e;
    }
    out.push_str(&hit.snippet[last..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The query argument that means "read the query from standard input".
pub(crate) const STDIN: &str = "-";

/// The query on standard input, without the line break that ends it: only as much as can be
/// searched is read.
fn read_query(input: impl Read) -> std::io::Result<String> {
    // A character is at most four bytes; one more may be cut in half and is dropped.
    let most = (MAX_QUERY_CHARS as u64 + 1) * 4;
    let mut bytes = Vec::new();
    input.take(most).read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let line = match text.strip_suffix('\n') {
        Some(line) => line.strip_suffix('\r').unwrap_or(line),
        None => &text,
    };
    Ok(line.to_string())
}

/// `katalogs search`: ranked results from the built site's index.
pub fn run(
    _ui: &Ui,
    root: Option<&Path>,
    query: &str,
    kind: Option<&str>,
    limit: usize,
    json: bool,
    site: Option<PathBuf>,
) -> u8 {
    if let Some(k) = kind
        && Kind::from_slug(k).is_none()
    {
        eprintln!(
            "error: unknown kind `{k}`; use one of: {}",
            Kind::ALL.map(|k| k.slug()).join(", ")
        );
        return EXIT_USAGE;
    }
    let dir = match site {
        Some(d) => d,
        None => {
            let root = match site_root(root) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let config = match crate::config::Config::load(&root) {
                Ok(c) => c,
                Err(d) => {
                    eprintln!("{}", d.to_plain());
                    return EXIT_CONTENT;
                }
            };
            root.join(&config.build.output)
        }
    };
    let searcher = match Searcher::open(&dir.join(INDEX_DIR)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: no search index in {} ({e}); run `katalogs build` first",
                dir.display()
            );
            return EXIT_IO;
        }
    };
    let from_stdin;
    let query = if query == STDIN {
        from_stdin = match read_query(std::io::stdin().lock()) {
            Ok(q) => q,
            Err(e) => {
                eprintln!("error: cannot read the query from standard input: {e}");
                return EXIT_IO;
            }
        };
        from_stdin.as_str()
    } else {
        query
    };
    let query = bounded(query);
    let hits = match searcher.search(query, kind, limit) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: search failed: {e}");
            return EXIT_IO;
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&hits).expect("hits serialise")
        );
        return EXIT_OK;
    }
    if hits.is_empty() {
        println!("nothing found for “{query}”");
        return EXIT_OK;
    }
    let color = std::io::stdout().is_terminal();
    for (n, hit) in hits.iter().enumerate() {
        let context = if hit.context.is_empty() {
            String::new()
        } else {
            format!(" — {}", hit.context)
        };
        println!(
            "{}. [{}] {}{context}\n   {}\n   {}\n",
            n + 1,
            hit.kind,
            hit.title,
            hit.url,
            marked(hit, color)
        );
    }
    EXIT_OK
}
