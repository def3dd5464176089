//! What the three fuzz targets share: the fixture site each input is checked in.

use minhbach::fuzzing::Fixture;
use std::path::Path;

/// The fixture site of the tests (`tests/fixtures/base`: two provinces, one report, a small
/// catalogue), which every `tests/fixtures/invalid/*` input is written against.
///
/// Read in the process that runs the inputs, not before AFL's fork server starts: `load` and
/// `validate` work on rayon's thread pool, whose threads a forked child would not have.
pub fn fixture() -> Fixture {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base");
    match Fixture::read(&root) {
        Ok(f) => f,
        // Not a finding: the fuzz crate is not where it was built.
        Err(e) => {
            eprintln!("cannot read the fixture site: {e}");
            std::process::exit(2)
        }
    }
}
