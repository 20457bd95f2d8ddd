//! The `katalogs` command line: parses arguments, finds the site and calls one command.
//!
//! Exit codes: 0 success; 1 the content has errors (or warnings with `check --strict`);
//! 2 wrong usage; 3 the site could not be read or written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use katalogs::Profile;
use katalogs::cli;

/// mimalloc instead of the system allocator: the build allocates many small strings and
/// values on both cores at once, where glibc's malloc spent about a fifth of the CPU time.
/// Built with `no_thp` (Cargo.toml): asking for transparent huge pages made the kernel zero
/// and compact 2 MiB pages for fresh memory, a fifth of a cold build's CPU samples.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "katalogs",
    version,
    about = "Static public-service catalogue and methodology wiki with offline Latvian search"
)]
struct Args {
    /// Site folder (holding katalogs.toml); by default found by walking up from the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print per-stage timings.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into site/ (or --output).
    Build {
        #[arg(long, value_enum, default_value_t = Profile::Public)]
        profile: Profile,
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Run every validation without writing; exits 1 on any error.
    Check {
        #[arg(long, value_enum, default_value_t = Profile::Public)]
        profile: Profile,
        #[arg(long, value_enum, default_value_t = cli::Format::Human)]
        format: cli::Format,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Show every diagnostic, not only the first 20.
        #[arg(long)]
        all: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages.
    Serve {
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        #[arg(long, value_enum, default_value_t = Profile::Public)]
        profile: Profile,
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Search the built site's index.
    Search {
        /// The query (a very long one is cut to its first words); `-` reads it from standard
        /// input.
        query: String,
        /// Only this kind: page, service, situation, term, institution, course, lesson.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
        /// Built site folder (default: the site's output folder).
        #[arg(long, value_name = "DIR")]
        site: Option<PathBuf>,
        /// The edition to search (`en` searches site/en/), when the site has several
        /// languages; default: the default language's.
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
    /// Write a starter file (page, service, term, situation, course, lesson) whose `‹…›`
    /// placeholders fail `check` until filled.
    New {
        #[arg(value_enum)]
        kind: cli::NewKind,
        /// Title of the new object (the file name and id are made from it).
        name: String,
        /// Subfolder: under content/ for a page, content/pakalpojumi/ for a service,
        /// content/dzives-situacijas/ for a situation, glossary/ for a term.
        #[arg(long, value_name = "DIR")]
        section: Option<String>,
        /// A service's holder: an institution's id or name (the service goes in its folder).
        #[arg(long, value_name = "INSTITUTION")]
        holder: Option<String>,
        /// The course a new lesson belongs to.
        #[arg(long, value_name = "ID")]
        course: Option<String>,
        /// An id (and file name) other than the one made from the title.
        #[arg(long)]
        id: Option<String>,
    },
    /// Which cards lack what the EU Single Digital Gateway asks a procedure to say, per
    /// institution and overall, and which are stale; exits 1 below --min-complete.
    Report {
        #[arg(long, value_enum, default_value_t = cli::report::ReportFormat::Human)]
        format: cli::report::ReportFormat,
        /// Only the cards this institution (an id from content/iestades.yaml) holds.
        #[arg(long, value_name = "ID")]
        institution: Option<String>,
        /// Exit 1 when the share of complete cards (percent, 0–100) is below this.
        #[arg(long, value_name = "PERCENT")]
        min_complete: Option<f64>,
        /// A card not updated for more days than this is stale (default: build.stale_after_days
        /// in katalogs.toml, 365).
        #[arg(long, value_name = "N")]
        stale_days: Option<u32>,
    },
    /// Create a new, buildable site in DIR.
    Init { dir: PathBuf },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let out = cli::Ui {
        quiet: args.quiet,
        verbose: args.verbose,
    };
    let root = args.root.as_deref();
    let code = match args.command {
        Command::Build { profile, output } => cli::build::run(&out, root, profile, output),
        Command::Check {
            profile,
            format,
            strict,
            all,
        } => cli::check::run(&out, root, profile, format, strict, all),
        Command::Serve {
            bind,
            port,
            profile,
            output,
        } => cli::serve::run(&out, root, &bind, port, profile, output),
        Command::Search {
            query,
            kind,
            limit,
            json,
            site,
            lang,
        } => cli::search::run(
            &out,
            root,
            &query,
            kind.as_deref(),
            limit,
            json,
            site,
            lang.as_deref(),
        ),
        Command::New {
            kind,
            name,
            section,
            holder,
            course,
            id,
        } => cli::new::run(
            &out,
            root,
            &cli::new::Request {
                kind,
                name: &name,
                section: section.as_deref(),
                holder: holder.as_deref(),
                course: course.as_deref(),
                id: id.as_deref(),
            },
        ),
        Command::Report {
            format,
            institution,
            min_complete,
            stale_days,
        } => cli::report::run(
            &out,
            root,
            &cli::report::Request {
                format,
                institution: institution.as_deref(),
                min_complete,
                stale_days,
            },
        ),
        Command::Init { dir } => cli::new::init(&out, &dir),
    };
    ExitCode::from(code)
}
