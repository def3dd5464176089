//! Fuzz target `data`: one YAML data file, loaded and validated as `check` does, inside the
//! fixture site: as `data/indicators.yaml` when it has a top-level `groups:` or `indicators:`
//! key, as the new province file `data/provinces/gamma.yaml` otherwise.

fn main() {
    let mut site = None;
    afl::fuzz!(|data: &[u8]| {
        let site = site.get_or_insert_with(minhbach_fuzz::fixture);
        if let Err(finding) = site.data(data) {
            panic!("{finding}");
        }
    });
}
