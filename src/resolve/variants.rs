//! Unified templates and municipal variants: a card with `template: X` instantiates card X
//! (which must be `unified: true`), inheriting every field it does not set itself, internal
//! fields included (in the internal profile).
//! Template chains are followed; a cycle or a missing template is an error.

use crate::diagnostics::{Code, Diagnostic, closest};
use crate::model::Service;
use crate::resolve::Site;
use crate::schema::{Kind, stored_fields};

/// Fills `variant` with what it does not set from `template`.
fn inherit(variant: &mut Service, template: &Service, holder_label: &str) {
    let has = |k: &str| variant.present.contains(&k);
    if !has("title") {
        variant.title = format!("{} — {holder_label}", template.title);
    }
    variant.inherit_fields(template);
    if variant.doc.source.is_none() {
        variant.doc.source = template.doc.source.clone();
    }
    if variant.doc.body.trim().is_empty() {
        variant.doc.body = template.doc.body.clone();
        variant.doc.body_inherited = true;
    }
}

/// Copying a kind's inheritable stored fields, from its declaration in [`crate::schema`]:
/// every field but those marked `own`, internal ones included when both cards have them.
macro_rules! inherit_service {
    ([] [$({ $(#[$cm:meta])* $card:ident : $cty:ty = $ckey:literal [$($copt:ident)*] })*]
        [$({ $(#[$im:meta])* $internal:ident : $ity:ty = $ikey:literal [$($iopt:ident)*] })*]) => {
        impl Service {
            /// Copies from `template` each inheritable field this card does not set itself.
            fn inherit_fields(&mut self, template: &Service) {
                let present = std::mem::take(&mut self.present);
                let take = |key: &str| !present.contains(&key);
                $(inherit_service!(@take [$($copt)*] take, self.$card, template.$card, $ckey);)*
                // Present only in the internal profile; the public one has none to inherit.
                if let (Some(to), Some(from)) = (&mut self.internal, &template.internal) {
                    $(inherit_service!(@take [$($iopt)*] take, to.$internal, from.$internal, $ikey);)*
                }
                self.present = present;
            }
        }
    };
    (@take [own] $take:ident, $to:expr, $from:expr, $key:literal) => {};
    (@take [] $take:ident, $to:expr, $from:expr, $key:literal) => {
        if $take($key) {
            $to = $from.clone();
        }
    };
}

crate::schema::service_fields!(stored_fields inherit_service);

/// Checks template references, detects cycles and applies inheritance in dependency order.
pub(crate) fn resolve_variants(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let services = &site.content.services;
    let n = services.len();
    // The template index of each variant, when valid.
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for (i, s) in services.iter().enumerate() {
        let Some(t) = &s.template else { continue };
        match site.find(Kind::Service, &t.id) {
            None => {
                if site.content.is_broken(Some(Kind::Service), &t.id) {
                    continue;
                }
                let unified = services
                    .iter()
                    .filter(|s| s.unified)
                    .map(|s| s.doc.id.as_str());
                diags.push(
                    Diagnostic::new(Code::TemplateMissing, &s.doc.file, t.pos)
                        .field_of(&site.ui, Kind::Service, "template")
                        .arg("id", &t.id)
                        .arg_opt("suggestion", closest(&t.id, unified)),
                );
            }
            Some(ti) if ti == i => diags.push(
                Diagnostic::new(Code::TemplateSelf, &s.doc.file, t.pos)
                    .field_of(&site.ui, Kind::Service, "template")
                    .arg("id", &t.id),
            ),
            Some(ti) if !services[ti].unified => diags.push(
                Diagnostic::new(Code::TemplateNotUnified, &s.doc.file, t.pos)
                    .field_of(&site.ui, Kind::Service, "template")
                    .arg("id", &t.id)
                    .arg("file", &services[ti].doc.file),
            ),
            Some(ti) => parent[i] = Some(ti),
        }
    }
    // Cycles through longer chains.
    let mut in_cycle = vec![false; n];
    for start in 0..n {
        let mut chain = vec![start];
        let mut cur = parent[start];
        while let Some(p) = cur {
            if p == start {
                let ids: Vec<&str> = chain.iter().map(|&i| services[i].doc.id.as_str()).collect();
                let s = &services[start];
                let pos = s.template.as_ref().map_or(s.doc.pos, |t| t.pos);
                diags.push(
                    Diagnostic::new(Code::TemplateCycle, &s.doc.file, pos)
                        .field_of(&site.ui, Kind::Service, "template")
                        .arg("chain", format!("{} → {}", ids.join(" → "), s.doc.id)),
                );
                in_cycle[start] = true;
                break;
            }
            if chain.contains(&p) || chain.len() > n {
                break;
            }
            chain.push(p);
            cur = parent[p];
        }
    }
    for (i, c) in in_cycle.iter().enumerate() {
        if *c {
            parent[i] = None;
        }
    }
    // Apply in dependency order: a template is complete before its variants copy it.
    let mut done = vec![false; n];
    let mut variants: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let mut stack = vec![i];
        while let Some(&top) = stack.last() {
            match parent[top] {
                Some(p) if !done[p] && !stack.contains(&p) => stack.push(p),
                _ => {
                    stack.pop();
                    if !done[top] {
                        if let Some(p) = parent[top] {
                            let holder =
                                site.institution_label(&site.content.services[top].holder.id);
                            // A template is never its own variant (cycles were cut above).
                            let [variant, template] = site
                                .content
                                .services
                                .get_disjoint_mut([top, p])
                                .expect("a variant and its template are two cards");
                            inherit(variant, template, &holder);
                            variants[p].push(top);
                        }
                        done[top] = true;
                    }
                }
            }
        }
    }
    for list in &mut variants {
        let s = &site.content.services;
        list.sort_by(|&a, &b| {
            crate::text::collate::compare(
                &site.institution_label(&s[a].holder.id),
                &site.institution_label(&s[b].holder.id),
            )
        });
    }
    site.variants = variants;
}
