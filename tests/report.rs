//! `katalogs report` on the full fixture, whose cards have known gaps: the JSON names each
//! card's missing SDG items per institution and overall, the staleness period comes from
//! katalogs.toml or `--stale-days`, and `--min-complete` sets the exit code for CI.

mod common;

use common::Site;
use serde_json::{Value, json};

fn report(site: &Site, args: &[&str]) -> (i32, String, String) {
    let out = site.run(&[&["report"], args].concat());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn report_json(site: &Site, args: &[&str]) -> Value {
    let (code, out, err) = report(site, &[&["--format", "json"], args].concat());
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn the_json_report_names_each_cards_gaps() {
    let site = Site::fixture("full");
    let r = report_json(&site, &[]);
    assert_eq!(
        r["items"],
        json!([
            "authentication",
            "inputs",
            "channels",
            "processing_time",
            "cost",
            "payment",
            "output",
            "appeal",
            "contact",
            "languages",
            "legal_basis"
        ])
    );
    assert_eq!(r["today"], "2026-11-01");
    assert_eq!(r["stale_days"], 365);
    assert_eq!(r["overall"]["cards"], 4);
    assert_eq!(r["overall"]["complete"], 1);
    assert_eq!(r["overall"]["percent_complete"], 25.0);
    assert_eq!(r["overall"]["missing_by_item"]["contact"], 1);
    assert_eq!(r["overall"]["missing_by_item"]["appeal"], 0);
    let card = |id: &str| {
        r["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    assert_eq!(card("slimibas-pabalsts")["missing"], json!([]));
    assert_eq!(card("slimibas-pabalsts")["complete"], true);
    let template_gaps = json!([
        "authentication",
        "inputs",
        "processing_time",
        "cost",
        "payment",
        "output",
        "legal_basis"
    ]);
    // The template's own contact; Riga's variant shows Riga's.
    assert_eq!(card("atlauja-tirdzniecibai")["missing"], template_gaps);
    assert_eq!(card("atlauja-tirdzniecibai-riga")["missing"], template_gaps);
    // Cēsis has no contact, and a variant does not take the template's.
    assert_eq!(
        card("atlauja-tirdzniecibai-cesis")["missing"],
        json!([
            "authentication",
            "inputs",
            "processing_time",
            "cost",
            "payment",
            "output",
            "contact",
            "legal_basis"
        ])
    );
    assert_eq!(card("atlauja-tirdzniecibai-cesis")["holder"], "cesis");
    let institutions: Vec<(String, u64, u64)> = r["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().to_string(),
                g["cards"].as_u64().unwrap(),
                g["complete"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        institutions,
        [
            ("min".into(), 1, 0),
            ("agentura".into(), 1, 1),
            ("riga".into(), 1, 0),
            ("cesis".into(), 1, 0)
        ]
    );
    // Updated 2024-02-01 (more than 365 days before 2026-11-01) or never.
    assert_eq!(
        r["overall"]["stale"],
        json!(["atlauja-tirdzniecibai-cesis", "slimibas-pabalsts"])
    );
}

#[test]
fn the_staleness_period_comes_from_the_configuration_or_the_command_line() {
    let site = Site::fixture("full");
    let r = report_json(&site, &["--stale-days", "2000"]);
    assert_eq!(r["stale_days"], 2000);
    assert_eq!(
        r["overall"]["stale"],
        json!(["atlauja-tirdzniecibai-cesis"])
    );
    let toml = std::fs::read_to_string(site.path().join("katalogs.toml")).unwrap();
    site.write(
        "katalogs.toml",
        &toml.replace("[build]\n", "[build]\nstale_after_days = 2000\n"),
    );
    let r = report_json(&site, &[]);
    assert_eq!(r["stale_days"], 2000);
    assert_eq!(
        r["overall"]["stale"],
        json!(["atlauja-tirdzniecibai-cesis"])
    );
}

#[test]
fn min_complete_sets_the_exit_code() {
    let site = Site::fixture("full");
    // 1 of 4 cards is complete: 25 %.
    assert_eq!(report(&site, &["--min-complete", "25"]).0, 0);
    let (code, _, err) = report(&site, &["--min-complete", "25.1"]);
    assert_eq!(code, 1);
    assert!(err.contains("25,0 %"), "{err}");
    assert_eq!(report(&site, &["-q", "--min-complete", "90"]).0, 1);
    // One institution's cards only.
    let (code, out, _) = report(
        &site,
        &[
            "--institution",
            "agentura",
            "--min-complete",
            "100",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["overall"]["cards"], 1);
    assert_eq!(
        report(&site, &["--institution", "cesis", "--min-complete", "1"]).0,
        1
    );
    // Usage errors.
    let (code, _, err) = report(&site, &["--institution", "nav-tadas"]);
    assert_eq!(code, 2);
    assert!(err.contains("nav tādas iestādes: nav-tadas"), "{err}");
    assert_eq!(report(&site, &["--min-complete", "150"]).0, 2);
    // A site with content errors is not reported on.
    site.write(
        "content/pakalpojumi/slikta.md",
        "---\ntitle: X\nholder: cesis\nlanguages: [xx]\n---\n",
    );
    let (code, _, err) = report(&site, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("K0310"), "{err}");
}

#[test]
fn the_human_and_csv_reports_are_in_latvian() {
    let site = Site::fixture("full");
    let (code, out, _) = report(&site, &[]);
    assert_eq!(code, 0);
    for needle in [
        "Kartīšu pilnīgums",
        "Visas iestādes — Pilnīgas: 1 / 4 (25,0 %)",
        "Kontakti: 1",
        "Atļauja ielu tirdzniecībai — Cēsis (atlauja-tirdzniecibai-cesis) — trūkst: Identifikācija,",
        "Kartītes, kas nav atjauninātas ilgāk par 365 dienām:",
        "atjaunināšanas datums nav norādīts",
    ] {
        assert!(out.contains(needle), "{needle} not in:\n{out}");
    }
    let (code, out, _) = report(&site, &["--format", "csv"]);
    assert_eq!(code, 0);
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let headers = rows.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[3], "Identifikācija (authentication)");
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    let sick = records
        .iter()
        .find(|r| &r[0] == "slimibas-pabalsts")
        .unwrap();
    assert!(sick.iter().skip(3).take(12).all(|c| c == "jā"), "{sick:?}");
}
