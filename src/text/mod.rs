//! Latvian text utilities shared by every stage: slugs, collation (A–Z order) and the search
//! analysis (folding, stemming). A leaf: it imports nothing from the crate.

pub(crate) mod analysis;
pub(crate) mod collate;
pub(crate) mod slug;
