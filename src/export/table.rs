//! The service list as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel and
//! LibreOffice detect Latvian letters), CRLF line ends, every field quoted when needed,
//! headers with the Latvian field labels. A cell a spreadsheet would take for a formula is
//! neutralised as OWASP recommends (see [`neutralised`]).

use crate::resolve::Site;
use crate::schema::Kind;

/// (header label key, value) columns of one service.
fn row(site: &Site, i: usize) -> Vec<String> {
    let s = &site.content.services[i];
    let c = &site.content;
    let join = |v: Vec<String>| v.join("; ");
    vec![
        s.doc.id.clone(),
        s.title.clone(),
        s.summary.clone().unwrap_or_default(),
        s.holder.id.clone(),
        site.find(Kind::Institution, &s.holder.id)
            .map(|h| c.institutions[h].name.clone())
            .unwrap_or_default(),
        join(s.providers.iter().map(|r| r.id.clone()).collect()),
        join(s.audience.clone()),
        s.service_type.clone().unwrap_or_default(),
        s.subtype.clone().unwrap_or_default(),
        join(s.all_channels().iter().map(|x| x.to_string()).collect()),
        if s.fully_electronic() { "jā" } else { "nē" }.to_string(),
        if s.key_service { "jā" } else { "nē" }.to_string(),
        join(
            site.service_situations[i]
                .iter()
                .map(|&si| c.situations[si].doc.id.clone())
                .collect(),
        ),
        s.cost.clone().unwrap_or_default(),
        s.processing_time.clone().unwrap_or_default(),
        s.output.clone().unwrap_or_default(),
        s.eservice_url.clone().unwrap_or_default(),
        s.template
            .as_ref()
            .map(|t| t.id.clone())
            .unwrap_or_default(),
        s.doc.updated.map(|d| d.to_string()).unwrap_or_default(),
        s.doc.url.clone(),
    ]
}

/// Column headers: field keys with their Latvian labels.
pub fn headers(site: &Site) -> Vec<String> {
    let ui = &site.ui;
    let f = |k: &str| format!("{} ({k})", ui.field(Kind::Service, k).0);
    vec![
        f("id"),
        f("title"),
        f("summary"),
        f("holder"),
        format!("{} (holder_name)", ui.get("service.holder")),
        f("providers"),
        f("audience"),
        f("type"),
        f("subtype"),
        f("channels"),
        format!("{} (fully_electronic)", ui.get("service.fully_electronic")),
        f("key_service"),
        f("life_situations"),
        f("cost"),
        f("processing_time"),
        f("output"),
        f("eservice_url"),
        f("template"),
        f("updated"),
        "URL (url)".to_string(),
    ]
}

/// Characters that make a spreadsheet read a cell as a formula (or a DDE command) when they
/// start it: `=`, `+`, `-`, `@`, a tab or a carriage return.
pub(crate) const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as text a spreadsheet shows as it is: one starting with a formula character gets a
/// leading apostrophe (OWASP's CSV injection advice), which spreadsheets hide and treat as
/// "this is text". The JSON and CPSV-AP exports keep the exact value.
pub(crate) fn neutralised(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The CSV bytes, services sorted by id.
pub fn services_csv(site: &Site) -> Vec<u8> {
    let mut order: Vec<usize> = (0..site.content.services.len()).collect();
    order.sort_by(|&a, &b| {
        site.content.services[a]
            .doc
            .id
            .cmp(&site.content.services[b].doc.id)
    });
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(headers(site)).expect("writing to memory");
        for i in order {
            w.write_record(row(site, i).into_iter().map(neutralised))
                .expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        for bad in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralised(bad.to_string()), format!("'{bad}"));
        }
        for good in ["", "Slimības pabalsts", "10 darba dienas", "x=1", "'quoted"] {
            assert_eq!(neutralised(good.to_string()), good);
        }
    }
}
