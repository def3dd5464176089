//! A figure's source as a person cites it: "Báo cáo 117/BC-UBND ngày 05/07/2024, mục II.6",
//! linked to the report's page on the site (and to the official document when there is one).
//!
//! The one place a `source` text becomes a citation: every table, card and list that shows a
//! source asks here. The source names a report file (`002_c644fca4e10ebbf9.txt §II.6 (L120)`,
//! see [`SourceRef`]); the document is the province's report with that file (`check` warns,
//! `unknown-source-document`, when there is none, and the page then shows the text as written).

use super::cells::Index;
use super::urls::{self, Urls};
use crate::format;
use crate::model::{Lang, ReportDocument, Slug, SourceRef, Target};
use crate::theme::Strings;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// "Báo cáo 117/BC-UBND ngày 05/07/2024, mục II.6"
    pub text: String,
    /// The report's page on the site.
    pub href: Option<String>,
    /// The official document online.
    pub url: Option<String>,
    /// Its markup ([`write_html`]), written once for the many table cells that cite it
    /// ([`Citations::of`]); empty where a citation is shown once.
    #[serde(skip)]
    pub html: String,
}

/// The citations of one page's tables, each source text cited once: the figures of a block
/// share their source (one shared text in the model), so a report's table of 150 figures
/// builds a handful of citations, not 150.
pub struct Citations<'a, 's> {
    idx: &'a Index<'s>,
    lang: Lang,
    urls: &'a Urls,
    t: &'a Strings,
    /// The address of a shared source text → its citation. The model outlives this cache, so
    /// an address names one text for as long as the cache exists.
    memo: crate::FastMap<usize, std::sync::Arc<Citation>>,
}

impl<'a, 's> Citations<'a, 's> {
    pub fn new(idx: &'a Index<'s>, lang: Lang, urls: &'a Urls, t: &'a Strings) -> Self {
        Citations {
            idx,
            lang,
            urls,
            t,
            memo: crate::FastMap::default(),
        }
    }

    /// The citation of an observation's source.
    /// Shared, not copied: a table of a national site holds a million cells citing a few
    /// thousand sources.
    pub fn of(&mut self, o: &crate::model::Observation) -> Option<std::sync::Arc<Citation>> {
        let source = o.source.as_ref()?;
        let key = std::sync::Arc::as_ptr(source).cast::<u8>() as usize;
        let (idx, lang, urls, t) = (self.idx, self.lang, self.urls, self.t);
        Some(
            self.memo
                .entry(key)
                .or_insert_with(|| {
                    let mut cite = citation(source, &o.province, idx, lang, urls, t);
                    let mut html = String::new();
                    write_html(
                        &mut html,
                        &cite.text,
                        cite.href.as_deref(),
                        cite.url.as_deref(),
                        t.get("cite_official_copy"),
                        lang,
                    );
                    cite.html = html;
                    std::sync::Arc::new(cite)
                })
                .clone(),
        )
    }
}

/// The citation of `source`, a source text of `province`'s data.
pub fn citation(
    source: &str,
    province: &Slug,
    idx: &Index,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Citation {
    let parts = SourceRef::parse(source);
    let document = parts
        .file
        .and_then(|file| idx.document_by_file(province, file));
    let Some(doc) = document else {
        return Citation {
            text: source.trim().to_string(),
            href: None,
            url: None,
            html: String::new(),
        };
    };
    let name = document_name(doc, lang, t);
    let place = parts.place(lang);
    Citation {
        text: if place.is_empty() {
            name
        } else {
            format!("{name}, {place}")
        },
        href: Some(urls.href(&urls::report(lang, province, &doc.period))),
        url: doc.url.clone(),
        html: String::new(),
    }
}

/// A report as it is cited: its number and date, or what it lacks ("bản dự thảo chưa số,
/// chưa ngày"), never blank.
pub fn document_name(doc: &ReportDocument, lang: Lang, t: &Strings) -> String {
    let period = doc.period.label(lang);
    if doc.draft {
        return t.fill("cite_draft", &[("period", &period)]);
    }
    match (&doc.number, doc.issued) {
        (Some(number), Some(issued)) => t.fill(
            "cite_numbered",
            &[("number", number), ("date", &format::date(issued, lang))],
        ),
        (Some(number), None) => t.fill("cite_number_only", &[("number", number)]),
        (None, Some(issued)) => t.fill(
            "cite_dated_only",
            &[("period", &period), ("date", &format::date(issued, lang))],
        ),
        (None, None) => t.fill("cite_unnumbered", &[("period", &period)]),
    }
}

/// A target's source: cited from its province's report when it names one; a national
/// target's source (a decision, not a report) as written.
pub fn target_citation(
    target: &Target,
    idx: &Index,
    lang: Lang,
    urls: &Urls,
    t: &Strings,
) -> Option<Citation> {
    let source = target.source.as_deref()?;
    Some(match &target.province {
        Some(p) => citation(source, p, idx, lang, urls, t),
        None => Citation {
            text: source.trim().to_string(),
            href: None,
            url: None,
            html: String::new(),
        },
    })
}

/// The markup of a citation, the one writer of it (the figure tables, the template function
/// `source_citation` and the list of a narrative's figures call it): the text, visible, as a
/// link to the report's page, then a link to the official document when there is one. On a
/// page in `lang`, a part of the text written in Vietnamese in the data (a decision's name
/// after the report's section) is marked as such ([`write_as_written`]).
pub fn write_html(
    out: &mut String,
    cite: &str,
    href: Option<&str>,
    url: Option<&str>,
    official_copy: &str,
    lang: Lang,
) {
    use crate::escape::escape_into;
    out.push_str("<span class=\"citation\">");
    match href {
        Some(href) => {
            out.push_str("<a href=\"");
            escape_into(out, href);
            out.push_str("\">");
            write_as_written(out, cite, lang);
            out.push_str("</a>");
        }
        None => write_as_written(out, cite, lang),
    }
    if let Some(url) = url {
        out.push_str(" · <a href=\"");
        escape_into(out, url);
        out.push_str("\" rel=\"external\">");
        escape_into(out, official_copy);
        out.push_str("</a>");
    }
    out.push_str("</span>");
}

/// `text`, escaped, for a page in `lang`: on a page not in Vietnamese, each `;`-separated part
/// that has Vietnamese letters (a source as written in the data, "Quyết định số 235/QĐ-UBND")
/// is marked `lang="vi"`, so a screen reader reads it in Vietnamese and the page does not claim
/// it is English. The parts minhbach writes itself ("Report 117/BC-UBND of 5 July 2024,
/// section II.3.2") stay in the page's language.
pub fn write_as_written(out: &mut String, text: &str, lang: Lang) {
    use crate::escape::escape_into;
    if lang == Lang::Vi || !has_vietnamese_letters(text) {
        escape_into(out, text);
        return;
    }
    for (i, part) in text.split(';').enumerate() {
        if i > 0 {
            out.push(';');
        }
        if has_vietnamese_letters(part) {
            let body = part.trim_start();
            out.push_str(&part[..part.len() - body.len()]);
            out.push_str("<span lang=\"vi\">");
            escape_into(out, body);
            out.push_str("</span>");
        } else {
            escape_into(out, part);
        }
    }
}

/// Letters only Vietnamese writes among the languages of the site: đ, ă, ơ, ư, and the vowels
/// with tone marks (U+1EA0–U+1EF9 and the Latin-1 accented vowels Vietnamese uses).
pub fn has_vietnamese_letters(text: &str) -> bool {
    // None of them is ASCII: most of a citation's characters are passed over at once (the
    // search of the accented vowels' list for every character was 1 % of a national build's
    // instructions).
    text.chars().any(|c| {
        !c.is_ascii()
            && (matches!(
                c,
                'đ' | 'Đ' | 'ă' | 'Ă' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
            ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
                || "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".contains(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str, lang: Lang) -> String {
        let mut out = String::new();
        write_as_written(&mut out, text, lang);
        out
    }

    #[test]
    fn a_vietnamese_part_of_an_english_citation_is_marked() {
        assert_eq!(
            html("Report 117/BC-UBND of 5 July 2024, section II.3.2; Quyết định số 235/QĐ-UBND (section II.1)", Lang::En),
            "Report 117/BC-UBND of 5 July 2024, section II.3.2; <span lang=\"vi\">Quyết định số 235/QĐ-UBND (section II.1)</span>"
        );
        assert_eq!(
            html("Báo cáo 5 & 6", Lang::En),
            "<span lang=\"vi\">Báo cáo 5 &amp; 6</span>"
        );
        assert_eq!(
            html("Report 12/BC of 1 May 2024", Lang::En),
            "Report 12/BC of 1 May 2024"
        );
        assert_eq!(
            html("Báo cáo 12/BC; mục II", Lang::Vi),
            "Báo cáo 12/BC; mục II"
        );
    }
}
