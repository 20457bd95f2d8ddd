//! Which of the things the EU Single Digital Gateway asks a procedure's description to say
//! ([`SDG_ITEMS`]) each service card leaves out, per institution and overall, and which
//! cards have not been updated for longer than the staleness period. `katalogs report` prints
//! it; the internal profile's "Kartīšu pilnīgums" page shows it.

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::model::{Institution, Service};
use crate::resolve::Site;
use crate::schema::{INSTITUTION, Kind, SDG_ITEMS, SdgItem};

/// One card's gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Card {
    /// Index into the site's services.
    pub(crate) service: usize,
    pub(crate) id: String,
    pub(crate) title: String,
    /// The holder's id.
    pub(crate) holder: String,
    /// The ids of the [`SDG_ITEMS`] the card does not say, in their order.
    pub(crate) missing: Vec<&'static str>,
    pub(crate) updated: Option<Date>,
    /// Not updated within the period (or never dated).
    pub(crate) stale: bool,
}

impl Card {
    pub(crate) fn complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// The cards of one institution (as holder), or of all.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The institution's id; `None` for the whole catalogue.
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    pub(crate) cards: Vec<Card>,
}

impl Group {
    pub(crate) fn complete(&self) -> usize {
        self.cards.iter().filter(|c| c.complete()).count()
    }

    /// The share of complete cards, 0–100 (100 for a group without cards: nothing lacks).
    pub(crate) fn percent(&self) -> f64 {
        if self.cards.is_empty() {
            100.0
        } else {
            self.complete() as f64 * 100.0 / self.cards.len() as f64
        }
    }

    /// How many cards lack each item, in [`SDG_ITEMS`] order.
    pub(crate) fn missing_by_item(&self) -> Vec<(&'static str, usize)> {
        SDG_ITEMS
            .iter()
            .map(|item| {
                let n = self
                    .cards
                    .iter()
                    .filter(|c| c.missing.contains(&item.id))
                    .count();
                (item.id, n)
            })
            .collect()
    }

    /// The stale cards, longest unchanged first (never dated before any date), then by id.
    pub(crate) fn stale(&self) -> Vec<&Card> {
        let mut stale: Vec<&Card> = self.cards.iter().filter(|c| c.stale).collect();
        stale.sort_by(|a, b| a.updated.cmp(&b.updated).then_with(|| a.id.cmp(&b.id)));
        stale
    }
}

/// The report: one group per institution holding cards (in the order of the institution
/// register), then every card.
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub(crate) stale_days: u32,
    pub(crate) today: Date,
    pub(crate) institutions: Vec<Group>,
    pub(crate) overall: Group,
}

/// A field value the JSON export would write as empty: absent, an empty list or mapping.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        Value::Number(_) => false,
    }
}

/// Whether the card (or, for a field institutions have too, its holder) says `item`. Only
/// the item's fields are made into values (for every card on every preview rebuild, making
/// all of a card's was the largest part of the overview page).
fn says(s: &Service, holder: Option<&Institution>, item: &SdgItem) -> bool {
    item.fields.iter().any(|key| {
        let on_card = s.field_value(key).is_some_and(|v| !is_empty(&v));
        // The one field cards and institutions share that an item names is the contact
        // (checked by a test below).
        on_card
            || (INSTITUTION.iter().any(|f| f.key == *key)
                && s.contact_or(holder).is_some_and(|c| !c.is_empty()))
    })
}

/// The SDG items service `i` lacks.
pub(crate) fn missing(site: &Site, i: usize) -> Vec<&'static str> {
    let s = &site.content.services[i];
    let holder = holder(site, s);
    SDG_ITEMS
        .iter()
        .filter(|item| !says(s, holder, item))
        .map(|item| item.id)
        .collect()
}

fn holder<'a>(site: &'a Site, s: &Service) -> Option<&'a Institution> {
    site.find(Kind::Institution, &s.holder.id)
        .map(|h| &site.content.institutions[h])
}

/// The report on `site`'s cards; a card is stale when not updated for more than
/// `stale_days` days before the site's today (or never dated). `institution`: only the cards
/// that institution holds.
pub(crate) fn report(site: &Site, stale_days: u32, institution: Option<&str>) -> Report {
    let cutoff = site
        .today
        .checked_sub(jiff::Span::new().days(i64::from(stale_days)))
        .unwrap_or(site.today);
    let c = &site.content;
    let cards: Vec<Card> = c
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| institution.is_none_or(|id| s.holder.id == id))
        .map(|(i, s)| Card {
            service: i,
            id: s.doc.id.clone(),
            title: s.title.clone(),
            holder: s.holder.id.clone(),
            missing: missing(site, i),
            updated: s.doc.updated,
            stale: s.doc.updated.is_none_or(|d| d < cutoff),
        })
        .collect();
    // A card whose holder is not in the register (an error in `check`) counts only overall.
    let institutions: Vec<Group> = c
        .institutions
        .iter()
        .map(|inst| Group {
            id: Some(inst.id.clone()),
            name: inst.name.clone(),
            cards: cards
                .iter()
                .filter(|card| card.holder == inst.id)
                .cloned()
                .collect(),
        })
        .filter(|g| !g.cards.is_empty())
        .collect();
    Report {
        stale_days,
        today: site.today,
        institutions,
        overall: Group {
            id: None,
            name: site.ui.get("report.overall").to_string(),
            cards,
        },
    }
}

/// A share as the report writes it: one decimal, a decimal comma (`66,7 %`).
pub(crate) fn percent_text(p: f64) -> String {
    format!("{p:.1} %").replace('.', ",")
}

impl Report {
    /// The report as JSON (the `--format json` output).
    pub(crate) fn to_json(&self) -> Value {
        let group = |g: &Group| {
            json!({
                "id": g.id,
                "name": g.name,
                "cards": g.cards.len(),
                "complete": g.complete(),
                "percent_complete": (g.percent() * 10.0).round() / 10.0,
                "missing_by_item": g.missing_by_item().into_iter().map(|(k, n)| (k.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
                "stale": g.stale().into_iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            })
        };
        json!({
            "items": SDG_ITEMS.iter().map(|i| i.id).collect::<Vec<_>>(),
            "today": self.today.to_string(),
            "stale_days": self.stale_days,
            "overall": group(&self.overall),
            "institutions": self.institutions.iter().map(group).collect::<Vec<_>>(),
            "cards": self.overall.cards.iter().map(|c| json!({
                "id": c.id,
                "title": c.title,
                "holder": c.holder,
                "missing": c.missing,
                "complete": c.complete(),
                "updated": c.updated.map(|d| d.to_string()),
                "stale": c.stale,
            })).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SERVICE;

    #[test]
    fn every_item_names_declared_card_fields() {
        for item in SDG_ITEMS {
            for key in item.fields {
                assert!(
                    SERVICE.iter().any(|f| f.key == *key && !f.internal),
                    "{}: {key} is not a public card field",
                    item.id
                );
            }
        }
    }

    #[test]
    fn the_only_field_items_share_with_institutions_is_the_contact() {
        let shared: Vec<&str> = SDG_ITEMS
            .iter()
            .flat_map(|i| i.fields.iter().copied())
            .filter(|k| INSTITUTION.iter().any(|f| f.key == *k))
            .collect();
        assert_eq!(shared, ["contact"]);
    }

    #[test]
    fn empty_values_say_nothing() {
        assert!(is_empty(&Value::Null));
        assert!(is_empty(&json!([])));
        assert!(is_empty(&json!({"phone": null})));
        assert!(!is_empty(&json!({"phone": "+371 60000000"})));
        assert!(!is_empty(&json!(["none"])));
        assert_eq!(percent_text(200.0 / 3.0), "66,7 %");
    }
}
