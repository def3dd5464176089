//! The JSON download: `{"about": …, "indicators": …, "figures": [ … ]}`, with serde_json.
//!
//! `about` says what the file is (the site, its licence and publisher, the scope and the
//! pages that show it, the columns with their types and descriptions); `indicators` gives the
//! metadata of each indicator the figures use (catalogue order); `figures` has one object per
//! row, its keys the column names in table order. Numbers are JSON numbers written as the CSV
//! writes them (`1078946`, `-3.5`, a printed rate with its decimals: `80.10`), dates ISO
//! strings; an empty cell is left out of its object.
//!
//! Strings are escaped by serde_json, and `<`, `>`, `&`, U+2028 and U+2029 are written as
//! `\u` escapes too ([`Inert`]), so a file pasted into a `<script>` cannot close it.

use super::columns::{machine_number, since_text, Cell, COLUMNS};
use super::write::Encoded;
use crate::model::{Aggregate, Comparator, Direction, Indicator, Label, Site, Text};
use serde_json::ser::Formatter;
use serde_json::{json, Value};
use std::io::{self, Write};

/// serde_json's compact format, with the characters that matter inside HTML escaped.
pub struct Inert;

impl Formatter for Inert {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Scanned byte by byte, several times cheaper than decoding each character of every
        // figure's text: `<`, `>` and `&` never occur inside another character's UTF-8 bytes,
        // and E2 80 A8 / E2 80 A9 (U+2028, U+2029) start where a character starts (0xE2 is
        // only ever a leading byte), so every cut falls between characters.
        let bytes = fragment.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let (escape, len) = match bytes[i] {
                b'<' => ("\\u003c", 1),
                b'>' => ("\\u003e", 1),
                b'&' => ("\\u0026", 1),
                0xE2 => match bytes.get(i + 1..i + 3) {
                    Some([0x80, 0xA8]) => ("\\u2028", 3),
                    Some([0x80, 0xA9]) => ("\\u2029", 3),
                    _ => {
                        i += 1;
                        continue;
                    }
                },
                _ => {
                    i += 1;
                    continue;
                }
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escape.as_bytes())?;
            i += len;
            start = i;
        }
        writer.write_all(&bytes[start..])
    }
}

/// Pretty-printed JSON with the same escapes as [`Inert`] (the data package, for people to
/// read). In JSON text these characters occur only inside strings, so replacing them
/// everywhere escapes exactly them.
pub fn pretty<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let text = serde_json::to_string_pretty(value)?;
    let mut out = Vec::with_capacity(text.len() + 1);
    Inert
        .write_string_fragment(&mut out, &text)
        .map_err(serde_json::Error::io)?;
    out.push(b'\n');
    Ok(out)
}

/// Write `value` as inert JSON.
pub fn write_value<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Inert);
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// One cell as a JSON value, `None` for an empty cell.
fn cell(out: &mut Vec<u8>, cell: &Cell) -> io::Result<()> {
    match cell {
        Cell::Empty => out.extend_from_slice(b"null"),
        Cell::Text(t) => write_value(out, t.as_ref())?,
        Cell::Number(x) | Cell::Decimal { value: x, .. } if !x.is_finite() => {
            out.extend_from_slice(b"null")
        }
        Cell::Number(x) => out.extend_from_slice(machine_number(*x).as_bytes()),
        Cell::Decimal { .. } | Cell::Integer(_) | Cell::Boolean(_) => {
            out.extend_from_slice(cell.plain().as_bytes())
        }
        Cell::Date(d) => write_value(out, &d.to_string())?,
    }
    Ok(())
}

/// Add a row to `encoded` as one JSON object (without the separating comma), its cells in the
/// order of [`COLUMNS`] (each row's cells are made
/// once for every format: `write::Downloads::new`).
pub fn push(encoded: &mut Encoded, cells: &[Cell]) -> io::Result<()> {
    let out = &mut encoded.bytes;
    // The separator before the row, so that a file's rows are a run of bytes as encoded: the
    // first row of a file is taken without its comma.
    out.extend_from_slice(b",\n{");
    let mut first = true;
    for (c, value) in COLUMNS.iter().zip(cells) {
        if *value == Cell::Empty {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'"');
        out.extend_from_slice(c.name.as_bytes());
        out.extend_from_slice(b"\":");
        cell(out, value)?;
    }
    out.push(b'}');
    encoded.ends.push(out.len());
    Ok(())
}

fn label(l: &Label) -> Value {
    json!({"vi": l.vi, "en": l.en})
}

fn text(t: &Text) -> Value {
    json!({"vi": t.vi, "en": t.en})
}

/// The columns, as `about.columns` lists them.
pub fn columns() -> Value {
    Value::Array(
        COLUMNS
            .iter()
            .map(|c| {
                json!({
                    "name": c.name,
                    "type": c.kind.schema_type(),
                    "description": {"vi": c.about_vi, "en": c.about_en},
                })
            })
            .collect(),
    )
}

/// The site's title, licence and publisher (the part of `about` every file shares).
pub fn site_about(site: &Site) -> serde_json::Map<String, Value> {
    let config = &site.config;
    let mut about = serde_json::Map::new();
    about.insert("title".into(), label(&config.title));
    if let Some(d) = &config.description {
        about.insert("description".into(), label(d));
    }
    if let Some(l) = &config.licence {
        let mut licence = json!({"name": l.name});
        if let Some(url) = &l.url {
            licence["url"] = json!(url.to_string());
        }
        if let Some(note) = &l.note {
            licence["note"] = text(note);
        }
        about.insert("licence".into(), licence);
    }
    if let Some(p) = &config.publisher {
        let mut publisher = json!({"name": label(&p.name)});
        if let Some(url) = &p.url {
            publisher["url"] = json!(url.to_string());
        }
        about.insert("publisher".into(), publisher);
    }
    about.insert("generator".into(), json!("minhbach"));
    about
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "higher_is_better",
        Direction::LowerIsBetter => "lower_is_better",
        Direction::Neutral => "neutral",
    }
}

fn aggregate(a: Aggregate) -> &'static str {
    match a {
        Aggregate::Sum => "sum",
        Aggregate::RatioOfSums => "ratio_of_sums",
        Aggregate::None => "none",
    }
}

fn comparator(c: Comparator) -> &'static str {
    match c {
        Comparator::AtLeast => "at_least",
        Comparator::Above => "above",
        Comparator::AtMost => "at_most",
        Comparator::Below => "below",
        Comparator::Exactly => "exactly",
    }
}

/// One indicator's metadata, with every target set for it (national ones have no province).
pub fn indicator(site: &Site, i: &Indicator) -> Value {
    let targets: Vec<Value> = site
        .targets
        .iter()
        .filter(|t| t.indicator == i.id)
        .map(|t| {
            json!({
                "province": t.province.as_ref().map(|p| p.as_str()),
                "comparator": comparator(t.comparator),
                "value": t.value,
                "by": t.by.map(|d| d.to_string()),
                "issuer": t.issuer.as_ref().map(text),
                "source": t.source,
                "note": t.note.as_ref().map(text),
            })
        })
        .collect();
    json!({
        "label": label(&i.label),
        "description": label(&i.description),
        "unit": i.unit.id(),
        "scope": i.scope.id(),
        "direction": direction(i.direction),
        "aggregate": aggregate(i.aggregate),
        "group": i.group.as_str(),
        "dimensions": i.dimensions.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
        "since": i.since.map(since_text),
        "targets": targets,
    })
}

/// The head of a file: `about` and the indicators' metadata (each already encoded, in
/// catalogue order), up to the opening of the figures' list. The rows follow, each with the
/// separator before it ([`push`]), the first without its comma; then [`TAIL`].
pub fn head<'b>(
    about: &Value,
    indicators: impl Iterator<Item = (&'b str, &'b [u8])>,
) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    out.extend_from_slice(b"{\"about\":");
    write_value(&mut out, about)?;
    out.extend_from_slice(b",\n\"indicators\":{");
    for (i, (id, meta)) in indicators.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'\n');
        write_value(&mut out, id)?;
        out.push(b':');
        out.extend_from_slice(meta);
    }
    out.extend_from_slice(b"},\n\"figures\":[");
    Ok(out)
}

/// The end of a file, after its rows.
pub const TAIL: &[u8] = b"\n]}\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_line_separators_come_out_escaped() {
        let mut out = Vec::new();
        write_value(&mut out, "</script><b>&\u{2028}\u{2029}\"\n").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            r#""\u003c/script\u003e\u003cb\u003e\u0026\u2028\u2029\"\n""#
        );
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "</script><b>&\u{2028}\u{2029}\"\n");
        let pretty = pretty(&serde_json::json!({"a": ["</script>\u{2028}"]})).unwrap();
        let pretty = String::from_utf8(pretty).unwrap();
        assert_eq!(
            pretty,
            "{\n  \"a\": [\n    \"\\u003c/script\\u003e\\u2028\"\n  ]\n}\n"
        );
    }

    #[test]
    fn other_characters_sharing_a_first_byte_with_the_separators_are_kept() {
        // U+2026, U+2027 and U+202A are E2 80 A6, E2 80 A7 and E2 80 AA: one byte from the
        // separators, written as they are.
        let mut out = Vec::new();
        write_value(&mut out, "Đồng Tháp… \u{2027}\u{202A}<\u{2029}x").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\"Đồng Tháp… \u{2027}\u{202A}\\u003c\\u2029x\"");
        let mut out = Vec::new();
        Inert.write_string_fragment(&mut out, "a\u{2026}").unwrap();
        assert_eq!(out, "a\u{2026}".as_bytes());
    }
}
