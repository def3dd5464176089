//! What the HTML parser does by element name: which elements hide their content, which have
//! no end tag, and which a start tag closes. Plain tables, apart from the walk that uses them.

/// Elements whose content never reaches the page as HTML: ammonia drops it, or the HTML
/// parser reads it as text (or, for `plaintext`, all the rest of the document).
const HIDDEN: [&str; 11] = [
    "script",
    "style",
    "template",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

pub(in crate::markdown) fn is_hidden_element(name: &str) -> bool {
    HIDDEN.contains(&name)
}

/// Elements without content or end tag.
pub(super) const VOID: [&str; 18] = [
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track",
];

/// Start tags before which the HTML parser closes an open `p`.
const CLOSES_P: [&str; 37] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
    "dd",
];

/// The elements that a start tag `name` closes when one of them is the current element, as the
/// HTML parser does whatever else is open (`<li>` closes an `li`, `<td>` a cell).
pub(super) fn closed_by(name: &str) -> &'static [&'static str] {
    match name {
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        "option" | "optgroup" => &["option"],
        "td" | "th" => &["td", "th"],
        "tr" => &["td", "th", "tr"],
        "thead" | "tbody" | "tfoot" => &["td", "th", "tr", "thead", "tbody", "tfoot"],
        _ if CLOSES_P.contains(&name) => &["p"],
        _ => &[],
    }
}
