//! `katalogs report`: which of the things the EU Single Digital Gateway asks for each card
//! lacks, per institution and overall, the share of complete cards and the stale cards; as
//! Latvian text, JSON or CSV. Exits 1 when the share of complete cards is below
//! `--min-complete` (for CI).

use std::path::Path;

use crate::build::{Resolved, Timings, load_site};
use crate::cli::{EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Ui, print_diagnostics, site_root};
use crate::model::Profile;
use crate::resolve::completeness::{Group, Report, percent_text, report};
use crate::schema::{Kind, SDG_ITEMS};

/// How `report` prints.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ReportFormat {
    /// For people, in the site's UI language.
    Human,
    /// For CI and other programs: one JSON document.
    Json,
    /// For spreadsheets: one row per card.
    Csv,
}

/// What `katalogs report` was asked for.
pub struct Request<'a> {
    /// How to print.
    pub format: ReportFormat,
    /// Only this institution's cards.
    pub institution: Option<&'a str>,
    /// Exit 1 when the overall share of complete cards (0–100) is below this.
    pub min_complete: Option<f64>,
    /// Overrides `build.stale_after_days` of katalogs.toml.
    pub stale_days: Option<u32>,
}

/// Runs `katalogs report`; the exit code.
pub fn run(out: &Ui, root: Option<&Path>, req: &Request<'_>) -> u8 {
    let root = match site_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(min) = req.min_complete
        && !(0.0..=100.0).contains(&min)
    {
        eprintln!("error: --min-complete must be a percentage from 0 to 100, not {min}");
        return EXIT_USAGE;
    }
    let mut timings = Timings::default();
    let Resolved { site, diags, .. } = match load_site(&root, Profile::Public, &mut timings) {
        Ok(loaded) => loaded,
        Err(failure) => {
            print_diagnostics(&root, &failure.diagnostics, false);
            return EXIT_CONTENT;
        }
    };
    if diags.has_errors() {
        let diags = diags.into_sorted();
        print_diagnostics(&root, &diags, false);
        return EXIT_CONTENT;
    }
    let ui = &site.ui;
    if let Some(id) = req.institution
        && site.find(Kind::Institution, id).is_none()
    {
        eprintln!(
            "error: {}",
            ui.get("report.unknown_institution").replace("{id}", id)
        );
        return EXIT_USAGE;
    }
    let stale_days = req.stale_days.unwrap_or(site.config.build.stale_after_days);
    let r = report(&site, stale_days, req.institution);
    match req.format {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&r.to_json()).expect("JSON of plain values")
        ),
        ReportFormat::Csv => print!("{}", csv(&site.ui, &r)),
        ReportFormat::Human => print!("{}", human(&site.ui, &r)),
    }
    let percent = r.overall.percent();
    match req.min_complete {
        Some(min) if percent < min => {
            if !out.quiet {
                eprintln!(
                    "{}",
                    ui.get("report.below")
                        .replace("{share}", &percent_text(percent))
                        .replace("{min}", &min.to_string())
                );
            }
            EXIT_CONTENT
        }
        _ => EXIT_OK,
    }
}

/// An SDG item's label (`sdg.<id>` in the UI strings).
pub(crate) fn item_label(ui: &crate::ui::Ui, id: &str) -> String {
    ui.get(&format!("sdg.{id}")).to_string()
}

fn group_line(ui: &crate::ui::Ui, g: &Group) -> String {
    format!(
        "{} — {}: {} / {} ({})",
        g.name,
        ui.get("report.complete"),
        g.complete(),
        g.cards.len(),
        percent_text(g.percent())
    )
}

/// The report in Latvian (the site's UI language): overall, then per institution each
/// incomplete card with what it lacks, then the stale cards.
pub(crate) fn human(ui: &crate::ui::Ui, r: &Report) -> String {
    let mut s = String::new();
    s.push_str(ui.get("report.title"));
    s.push_str("\n\n");
    s.push_str(&group_line(ui, &r.overall));
    s.push('\n');
    s.push_str(ui.get("report.by_item"));
    s.push_str(":\n");
    for (item, n) in r.overall.missing_by_item() {
        s.push_str(&format!("  {}: {n}\n", item_label(ui, item)));
    }
    for g in &r.institutions {
        s.push('\n');
        s.push_str(&group_line(ui, g));
        s.push('\n');
        for card in g.cards.iter().filter(|c| !c.complete()) {
            let missing: Vec<String> = card.missing.iter().map(|i| item_label(ui, i)).collect();
            s.push_str(&format!(
                "  {} ({}) — {}: {}\n",
                card.title,
                card.id,
                ui.get("report.missing").to_lowercase(),
                missing.join(", ")
            ));
        }
    }
    s.push('\n');
    let days = r.stale_days.to_string();
    s.push_str(&ui.get("report.stale_title").replace("{days}", &days));
    s.push_str(":\n");
    let stale = r.overall.stale();
    if stale.is_empty() {
        s.push_str(&format!("  {}\n", ui.get("report.no_stale")));
    }
    for card in stale {
        let when = card
            .updated
            .map(|d| d.to_string())
            .unwrap_or_else(|| ui.get("report.never_updated").to_string());
        s.push_str(&format!("  {} ({}) — {when}\n", card.title, card.id));
    }
    s
}

/// One row per card: id, title, holder, one yes/no column per SDG item (whether the card
/// says it), complete, updated, stale.
pub(crate) fn csv(ui: &crate::ui::Ui, r: &Report) -> String {
    let yes_no = |b: bool| if b { "jā" } else { "nē" };
    let mut out = Vec::new();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut headers = vec![
            "id".to_string(),
            format!("{} (title)", ui.field(Kind::Service, "title").0),
            format!("{} (holder)", ui.field(Kind::Service, "holder").0),
        ];
        headers.extend(
            SDG_ITEMS
                .iter()
                .map(|i| format!("{} ({})", item_label(ui, i.id), i.id)),
        );
        headers.push(format!("{} (complete)", ui.get("report.complete")));
        headers.push(format!(
            "{} (updated)",
            ui.field(Kind::Service, "updated").0
        ));
        headers.push(format!(
            "{} (stale)",
            ui.get("report.stale")
                .replace("{days}", &r.stale_days.to_string())
        ));
        w.write_record(&headers).expect("writing to memory");
        for card in &r.overall.cards {
            let mut row = vec![card.id.clone(), card.title.clone(), card.holder.clone()];
            row.extend(
                SDG_ITEMS
                    .iter()
                    .map(|i| yes_no(!card.missing.contains(&i.id)).to_string()),
            );
            row.push(yes_no(card.complete()).to_string());
            row.push(card.updated.map(|d| d.to_string()).unwrap_or_default());
            row.push(yes_no(card.stale).to_string());
            w.write_record(row.into_iter().map(crate::export::table::neutralised))
                .expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    String::from_utf8(out).expect("CSV of UTF-8 strings")
}
