//! Fuzz target `front_matter`: one Markdown page, split into front matter and body, its YAML
//! loaded and the page validated (live figures included) as `check` does, as the English
//! report `content/reports/alpha/2025-04.en.md` of the fixture site.

fn main() {
    let mut site = None;
    afl::fuzz!(|data: &[u8]| {
        let site = site.get_or_insert_with(minhbach_fuzz::fixture);
        if let Err(finding) = site.front_matter(data) {
            panic!("{finding}");
        }
    });
}
