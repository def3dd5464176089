//! A report's text as numbered lines: a plain-text file line by line, a Word document
//! (`.docx`) paragraph by paragraph.
//!
//! A `.docx` is a zip archive whose `word/document.xml` holds the body: each paragraph
//! (`w:p`) becomes one line, numbered from 1 in document order; a table row (`w:tr`) becomes
//! one line with its cells separated by tabs, as the plain-text reports print their tables, so
//! the appendix of tasks reads alike from either. Tabs (`w:tab`) and breaks (`w:br`) inside a
//! paragraph become a tab and a space.

use std::io::Read;
use std::path::Path;

/// Why a report could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Not UTF-8 text.
    NotText,
    /// A `.docx` that is not a zip archive with `word/document.xml`.
    NotDocx(String),
    /// `word/document.xml` is not well-formed XML.
    Xml(String),
}

/// The lines of the report at `path` (by its extension: `.docx`, else plain text).
pub fn read(path: &Path) -> Result<Vec<String>, ReadError> {
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    let is_docx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if is_docx {
        docx_lines(&bytes)
    } else {
        text_lines(&bytes)
    }
}

/// The lines of a plain-text report (a byte-order mark and CRLF endings allowed).
pub fn text_lines(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotText)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect())
}

/// The lines of a Word document: paragraphs, and table rows with tab-separated cells.
pub fn docx_lines(bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::NotDocx(e.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| ReadError::NotDocx(e.to_string()))?
        .read_to_string(&mut xml)
        .map_err(|e| ReadError::NotDocx(e.to_string()))?;
    let doc = roxmltree::Document::parse(&xml).map_err(|e| ReadError::Xml(e.to_string()))?;
    let mut lines = Vec::new();
    if let Some(body) = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name(W_BODY))
    {
        block(body, &mut lines);
    }
    Ok(lines)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_BODY: (&str, &str) = (W, "body");

fn is(node: roxmltree::Node, name: &str) -> bool {
    node.tag_name().namespace() == Some(W) && node.tag_name().name() == name
}

/// Paragraphs and tables of a block (the body, a cell), in order.
fn block(node: roxmltree::Node, lines: &mut Vec<String>) {
    for child in node.children().filter(roxmltree::Node::is_element) {
        if is(child, "p") {
            lines.push(paragraph(child));
        } else if is(child, "tbl") {
            for row in child.children().filter(|n| is(*n, "tr")) {
                let cells: Vec<String> = row
                    .children()
                    .filter(|n| is(*n, "tc"))
                    .map(|cell| {
                        let mut inner = Vec::new();
                        block(cell, &mut inner);
                        inner.join(" ").trim().to_string()
                    })
                    .collect();
                lines.push(cells.join("\t"));
            }
        } else if is(child, "sdt") || is(child, "sdtContent") || is(child, "customXml") {
            block(child, lines);
        }
    }
}

/// The text of a paragraph: its runs' text, tabs and breaks.
fn paragraph(p: roxmltree::Node) -> String {
    let mut text = String::new();
    for n in p.descendants().filter(roxmltree::Node::is_element) {
        if is(n, "t") {
            text.push_str(n.text().unwrap_or(""));
        } else if is(n, "tab") && n.parent().is_some_and(|r| is(r, "r")) {
            text.push('\t');
        } else if is(n, "br") || is(n, "cr") {
            text.push(' ');
        }
    }
    text
}
