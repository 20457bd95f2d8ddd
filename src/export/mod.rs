//! Open data exports (in progress).

use crate::build::BuildFailure;
use crate::render::reference::Export;
use crate::resolve::Site;
use crate::write::Output;

pub fn write_exports(_site: &Site, _out: &Output) -> Result<Vec<Export>, BuildFailure> {
    Ok(Vec::new())
}

pub fn write_offline_package(_out: &Output) -> Result<(), BuildFailure> {
    Ok(())
}
