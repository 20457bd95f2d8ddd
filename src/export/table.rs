//! The service list as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel and
//! LibreOffice detect Latvian letters), CRLF line ends, every field quoted when needed,
//! headers with the Latvian field labels. A cell a spreadsheet would take for a formula is
//! neutralised as OWASP recommends (see [`neutralised`]).

use serde_json::Value;

use crate::resolve::Site;
use crate::schema::{Kind, SERVICE_CSV_COLUMNS};

/// A yes/no cell.
fn yes_no(b: bool) -> String {
    if b { "jā" } else { "nē" }.to_string()
}

/// A declared field's exported value as a cell: lists joined with `; `.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => yes_no(*b),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// The cells of one service, one per [`SERVICE_CSV_COLUMNS`] entry.
fn row(site: &Site, i: usize) -> Vec<String> {
    let s = &site.content.services[i];
    let c = &site.content;
    let fields = s.field_values();
    SERVICE_CSV_COLUMNS
        .iter()
        .map(|&column| match column {
            "id" => s.doc.id.clone(),
            "holder_name" => site
                .find(Kind::Institution, &s.holder.id)
                .map(|h| c.institutions[h].name.clone())
                .unwrap_or_default(),
            "channels" => s.all_channels().join("; "),
            "fully_electronic" => yes_no(s.fully_electronic()),
            "life_situations" => site.service_situations[i]
                .iter()
                .map(|&si| c.situations[si].doc.id.clone())
                .collect::<Vec<_>>()
                .join("; "),
            "updated" => s.doc.updated.map(|d| d.to_string()).unwrap_or_default(),
            "url" => s.doc.url.clone(),
            key => fields
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| cell(v))
                .unwrap_or_default(),
        })
        .collect()
}

/// Column headers: field keys with their Latvian labels.
pub(crate) fn headers(site: &Site) -> Vec<String> {
    let ui = &site.ui;
    SERVICE_CSV_COLUMNS
        .iter()
        .map(|&column| match column {
            "holder_name" => format!("{} (holder_name)", ui.get("service.holder")),
            "fully_electronic" => {
                format!("{} (fully_electronic)", ui.get("service.fully_electronic"))
            }
            "url" => "URL (url)".to_string(),
            key => format!("{} ({key})", ui.field(Kind::Service, key).0),
        })
        .collect()
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
pub(crate) fn services_csv(site: &Site) -> Vec<u8> {
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
