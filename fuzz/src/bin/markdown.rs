//! Fuzz target `markdown`: one Markdown body with shortcodes, scanned and rendered both ways
//! (directly and through the sanitiser), as a page's narrative is.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Err(finding) = minhbach::fuzzing::markdown(data) {
            panic!("{finding}");
        }
    });
}
