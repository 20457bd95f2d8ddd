//! Latvian text utilities shared by every stage: slugs, collation (A–Z order) and the search
//! analysis (folding, stemming). A leaf: it imports nothing from the crate.

pub mod analysis;
pub mod collate;
pub mod slug;
