//! Index: the Latvian analysis shared by every search path, the prebuilt tantivy index, the
//! browser index shards and the query engine behind `katalogs search` and `/api/search`.

pub mod analysis;

use crate::build::BuildFailure;
use crate::resolve::Site;
use crate::write::Output;

pub fn write_indexes(_site: &Site, _out: &Output) -> Result<(), BuildFailure> {
    Ok(())
}
