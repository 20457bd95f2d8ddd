//! The `katalogs` command line: parses arguments, finds the site and calls one command.
//!
//! Exit codes: 0 success; 1 the content has errors (or warnings with `check --strict`);
//! 2 wrong usage; 3 the site could not be read or written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use katalogs::cli;
use katalogs::model::Profile;

/// mimalloc instead of the system allocator: the build allocates many small strings and
/// values on both cores at once, where glibc's malloc spent about a fifth of the CPU time.
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
    },
    /// Write a valid starter file: page, service, term or situation.
    New {
        #[arg(value_enum)]
        kind: cli::NewKind,
        /// Title of the new object (the file name is made from it).
        name: String,
        /// Folder under content/ for a new guidance page.
        #[arg(long)]
        section: Option<String>,
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
        } => cli::search::run(&out, root, &query, kind.as_deref(), limit, json, site),
        Command::New {
            kind,
            name,
            section,
        } => cli::new::run(&out, root, kind, &name, section.as_deref()),
        Command::Init { dir } => cli::new::init(&out, &dir),
    };
    ExitCode::from(code)
}
