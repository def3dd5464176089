//! No chart text is ever drawn outside its SVG, and chart text stays legible on a phone.
//!
//! Every chart the example site and the test sites produce (inline in pages, standalone `.svg`
//! files, share SVGs with the chart nested) is read back: each `<text>` is measured with the
//! embedded font, as the charts measure it, placed by its `x`, `y`, `dy`, `text-anchor`,
//! `dominant-baseline` and any enclosing transform, and must lie inside its SVG's viewBox; a
//! nested SVG must lie inside the one around it. The sites: the example site, the base test
//! fixture with and without overlays, the base fixture with every English text made very long,
//! and a small SYNTHETIC national site (34 provinces) from `examples/synthetic`.
//!
//! Then the real CSS: the width a chart is drawn at on a 360 px phone, times the smallest text
//! any chart of the example site uses, is at least 12 CSS px; on a desktop it stays near body
//! size.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{build, site_from};
use minhbach::charts::{self, measure, vertical_metrics};
use std::path::Path;
use std::sync::OnceLock;

/// Positions are written rounded to whole units or two decimals: this much is rounding.
const EPS: f64 = 0.01;

/// What was found in one site: the faults, and the smallest and largest text size (in the
/// chart's own units) of the charts shown on pages.
#[derive(Default, Debug)]
struct Findings {
    faults: Vec<String>,
    texts: usize,
    smallest: Option<(f64, String)>,
    largest: Option<(f64, String)>,
}

/// A scale-and-translate transform: x' = sx·x + tx, y' = sy·y + ty.
#[derive(Clone, Copy, Debug)]
struct Affine {
    sx: f64,
    sy: f64,
    tx: f64,
    ty: f64,
}

impl Affine {
    const ID: Affine = Affine {
        sx: 1.0,
        sy: 1.0,
        tx: 0.0,
        ty: 0.0,
    };
    fn then(self, inner: Affine) -> Affine {
        Affine {
            sx: self.sx * inner.sx,
            sy: self.sy * inner.sy,
            tx: self.sx * inner.tx + self.tx,
            ty: self.sy * inner.ty + self.ty,
        }
    }
    fn apply(self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
        (
            self.sx * x0 + self.tx,
            self.sy * y0 + self.ty,
            self.sx * x1 + self.tx,
            self.sy * y1 + self.ty,
        )
    }
}

/// `transform="translate(a b) scale(s)"` and the like; `None` for what this test cannot place
/// (a rotation, a matrix), which is reported as a fault rather than skipped.
fn parse_transform(t: &str) -> Option<Affine> {
    let mut out = Affine::ID;
    let mut rest = t.trim();
    while !rest.is_empty() {
        let open = rest.find('(')?;
        let close = rest.find(')')?;
        let name = rest[..open].trim();
        let args: Vec<f64> = rest[open + 1..close]
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let step = match (name, args.as_slice()) {
            ("translate", [x]) => Affine {
                tx: *x,
                ..Affine::ID
            },
            ("translate", [x, y]) => Affine {
                tx: *x,
                ty: *y,
                ..Affine::ID
            },
            ("scale", [s]) => Affine {
                sx: *s,
                sy: *s,
                ..Affine::ID
            },
            ("scale", [x, y]) => Affine {
                sx: *x,
                sy: *y,
                ..Affine::ID
            },
            _ => return None,
        };
        out = out.then(step);
        rest = rest[close + 1..].trim_start_matches([' ', ',']);
    }
    Some(out)
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn num(tag: &str, name: &str) -> Option<f64> {
    attr(tag, name).and_then(|v| v.trim_end_matches("px").parse().ok())
}

/// One SVG element on the way down to the current position.
enum Frame {
    Svg {
        view: (f64, f64, f64, f64),
        name: String,
    },
    Group(Affine),
    Other,
}

/// Every top-level `<svg>…</svg>` in `doc`.
fn svgs_in(doc: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = doc[at..].find("<svg") {
        let start = at + i;
        let mut depth = 0usize;
        let mut pos = start;
        let mut end = doc.len();
        while let Some(j) = doc[pos..].find("<") {
            let k = pos + j;
            if doc[k..].starts_with("<svg") {
                depth += 1;
            } else if doc[k..].starts_with("</svg>") {
                depth -= 1;
                if depth == 0 {
                    end = k + "</svg>".len();
                    break;
                }
            }
            pos = k + 1;
        }
        out.push(&doc[start..end]);
        at = end;
    }
    out
}

/// Check every text of one SVG document against the viewBox of the SVG it is drawn in.
fn check_svg(file: &str, svg: &str, on_page: bool, found: &mut Findings) {
    let m = vertical_metrics();
    let mut stack: Vec<Frame> = Vec::new();
    let mut pos = 0;
    while let Some(i) = svg[pos..].find('<') {
        let start = pos + i;
        let Some(len) = svg[start..].find('>') else {
            break;
        };
        let tag = &svg[start..start + len + 1];
        pos = start + len + 1;
        if tag.starts_with("</") {
            stack.pop();
            continue;
        }
        let self_closing = tag.ends_with("/>");
        // The transform from the current element's parent's units to its SVG's units.
        let current = stack
            .iter()
            .rev()
            .take_while(|f| !matches!(f, Frame::Svg { .. }))
            .fold(Affine::ID, |acc, f| match f {
                Frame::Group(a) => a.then(acc),
                _ => acc,
            });
        let parent_svg = stack.iter().rev().find_map(|f| match f {
            Frame::Svg { view, name } => Some((*view, name.clone())),
            _ => None,
        });
        let own = match attr(tag, "transform") {
            None => Some(Affine::ID),
            Some(t) => parse_transform(t),
        };
        let Some(own) = own else {
            found
                .faults
                .push(format!("{file}: a transform this test cannot place: {tag}"));
            continue;
        };
        let name_of = |tag: &str| -> String {
            attr(tag, "aria-labelledby")
                .or_else(|| attr(tag, "aria-label"))
                .and_then(|l| l.split_whitespace().next())
                .map_or("(unnamed svg)".into(), |l| l.trim_end_matches("-t").into())
        };
        if tag.starts_with("<svg") {
            let (w, h) = (num(tag, "width"), num(tag, "height"));
            let view = match attr(tag, "viewBox") {
                Some(v) => {
                    let n: Vec<f64> = v
                        .split_whitespace()
                        .filter_map(|s| s.parse().ok())
                        .collect();
                    if n.len() != 4 {
                        found.faults.push(format!("{file}: a bad viewBox: {tag}"));
                        continue;
                    }
                    (n[0], n[1], n[2], n[3])
                }
                None => (0.0, 0.0, w.unwrap_or(0.0), h.unwrap_or(0.0)),
            };
            let name = name_of(tag);
            if let Some((outer, outer_name)) = &parent_svg {
                // A nested SVG (a share image's chart): its box inside the one around it.
                let (x, y) = (num(tag, "x").unwrap_or(0.0), num(tag, "y").unwrap_or(0.0));
                let (w, h) = (w.unwrap_or(view.2), h.unwrap_or(view.3));
                let b = current.then(own).apply((x, y, x + w, y + h));
                if !inside(b, *outer) {
                    found.faults.push(format!(
                        "{file}: chart {name} ({b:?}) leaves the SVG {outer_name} ({outer:?})"
                    ));
                }
            }
            stack.push(Frame::Svg { view, name });
        } else if tag.starts_with("<text") {
            let end = svg[pos..].find("</text>").map_or(svg.len(), |e| pos + e);
            let content = common::decode_entities(&svg[pos..end]);
            pos = end;
            let Some((view, name)) = parent_svg.clone() else {
                found.faults.push(format!("{file}: text outside any svg"));
                continue;
            };
            found.texts += 1;
            let (Some(x), Some(y), Some(size)) =
                (num(tag, "x"), num(tag, "y"), num(tag, "font-size"))
            else {
                found.faults.push(format!(
                    "{file}: chart {name}: a text without x, y or font-size: {tag}"
                ));
                continue;
            };
            let to_svg = current.then(own);
            let shown = size * to_svg.sy;
            if on_page && !file.contains(".share.") {
                if found.smallest.as_ref().is_none_or(|(s, _)| shown < *s) {
                    found.smallest = Some((shown, format!("{file} {name} «{content}»")));
                }
                if found.largest.as_ref().is_none_or(|(s, _)| shown > *s) {
                    found.largest = Some((shown, format!("{file} {name} «{content}»")));
                }
            }
            let dy = match attr(tag, "dy") {
                None => 0.0,
                Some("0.5ex") => 0.5 * m.x_height * size,
                Some(other) => match other.trim_end_matches("px").parse::<f64>() {
                    Ok(v) => v,
                    Err(_) => {
                        found.faults.push(format!(
                            "{file}: chart {name}: a dy this test cannot place: {tag}"
                        ));
                        continue;
                    }
                },
            };
            let baseline = match attr(tag, "dominant-baseline") {
                None | Some("auto") | Some("alphabetic") => y + dy,
                Some("middle") | Some("central") => y + dy + (m.ascent - m.descent) / 2.0 * size,
                Some("hanging") | Some("text-before-edge") => y + dy + m.ascent * size,
                Some("text-after-edge") => y + dy - m.descent * size,
                Some(_) => {
                    found.faults.push(format!(
                        "{file}: chart {name}: a baseline this test cannot place: {tag}"
                    ));
                    continue;
                }
            };
            let width = measure(&content, size);
            let x0 = match attr(tag, "text-anchor") {
                None | Some("start") => x,
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                Some(_) => {
                    found.faults.push(format!(
                        "{file}: chart {name}: an anchor this test cannot place: {tag}"
                    ));
                    continue;
                }
            };
            let b = to_svg.apply((
                x0,
                baseline - m.ascent * size,
                x0 + width,
                baseline + m.descent * size,
            ));
            if !inside(b, view) {
                found.faults.push(format!(
                    "{file}: chart {name}: «{content}» at ({:.1}, {:.1})–({:.1}, {:.1}) leaves the viewBox {view:?}",
                    b.0, b.1, b.2, b.3
                ));
            }
            if self_closing {
                continue;
            }
            stack.push(Frame::Other);
        } else if tag.starts_with("<g") {
            if !self_closing {
                stack.push(Frame::Group(own));
            }
        } else if !self_closing && !tag.starts_with("<!") && !tag.starts_with("<?") {
            stack.push(Frame::Other);
        }
    }
}

fn inside(b: (f64, f64, f64, f64), view: (f64, f64, f64, f64)) -> bool {
    b.0 >= view.0 - EPS
        && b.1 >= view.1 - EPS
        && b.2 <= view.0 + view.2 + EPS
        && b.3 <= view.1 + view.3 + EPS
}

/// Every chart of a built site: SVG files, and the SVGs inline in its pages.
fn check_site(out: &Path) -> Findings {
    let mut found = Findings::default();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "svg" && ext != "html" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        if ext == "svg" {
            check_svg(&rel, &text, false, &mut found);
        } else {
            for svg in svgs_in(&text) {
                check_svg(&rel, svg, true, &mut found);
            }
        }
    }
    found
}

fn assert_clean(what: &str, found: &Findings) {
    assert!(found.texts > 0, "{what}: no chart text was found at all");
    assert!(
        found.faults.is_empty(),
        "{what}: {} chart texts leave their SVG:\n{}",
        found.faults.len(),
        found.faults.join("\n")
    );
}

fn built(root: &Path) -> (tempfile::TempDir, Findings) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let (stdout, stderr, code) = build(root, &site, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let found = check_site(&site);
    (out, found)
}

fn example() -> &'static Findings {
    static FOUND: OnceLock<Findings> = OnceLock::new();
    FOUND.get_or_init(|| built(Path::new(env!("CARGO_MANIFEST_DIR"))).1)
}

#[test]
fn every_chart_text_of_the_example_site_stays_inside_its_svg() {
    assert_clean("example site", example());
}

#[test]
fn every_chart_text_of_the_test_fixtures_stays_inside_its_svg() {
    for overlays in [&[][..], &["build"][..], &["downloads_hostile"][..]] {
        let site = site_from(overlays);
        let (_out, found) = built(site.path());
        assert_clean(&format!("fixture base + {overlays:?}"), &found);
    }
}

/// Every English text of the base fixture (names, labels, count nouns, issuers) made long:
/// labels wrap, values and targets move, and still nothing leaves a chart.
#[test]
fn long_english_labels_stay_inside_their_charts() {
    let site = site_from(&["build"]);
    for entry in walkdir::WalkDir::new(site.path().join("data")) {
        let entry = entry.unwrap();
        if entry.path().extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let long = text.replace(
            "en: \"",
            "en: \"Synthetic and deliberately long words that run past one line of a phone, ",
        );
        std::fs::write(entry.path(), long).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let (stdout, stderr, code) = build(site.path(), &out.path().join("site"), &["--lang", "en"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let found = check_site(&out.path().join("site"));
    assert_clean("base fixture with long English texts", &found);
}

/// A small SYNTHETIC national site from `examples/synthetic`: 34 provinces in each comparison,
/// 34 rows of tasks, a dozen periods in each trend.
#[test]
fn every_chart_text_of_a_synthetic_national_site_stays_inside_its_svg() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("national");
    let status = std::process::Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "--quiet",
            "-j",
            "1",
            "--example",
            "synthetic",
            "--",
            "national",
        ])
        .arg(&root)
        .args([
            "--indicators",
            "8",
            "--months",
            "14",
            "--words",
            "20",
            "--tasks",
            "6",
        ])
        .status()
        .unwrap();
    assert!(status.success(), "the synthetic site could not be written");
    let (_out, found) = built(&root);
    assert_clean("synthetic national site", &found);
}

/// The checker itself finds a label past each edge, an anchor that pushes text out, a nested
/// chart scaled past its frame, and a transform it cannot place.
#[test]
fn the_checker_finds_text_outside_the_viewbox() {
    let faults = |svg: &str| {
        let mut found = Findings::default();
        check_svg("planted.svg", svg, true, &mut found);
        found.faults
    };
    let chart = |body: &str| {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\" viewBox=\"0 0 100 40\" aria-labelledby=\"p-t p-d\">{body}</svg>")
    };
    let fine = chart("<text x=\"2\" y=\"20\" dy=\"0.5ex\" font-size=\"12.5\">Đạt</text><text x=\"98\" y=\"20\" dy=\"0.5ex\" text-anchor=\"end\" font-size=\"12.5\">Đạt</text>");
    assert_eq!(faults(&fine), Vec::<String>::new());
    for bad in [
        "<text x=\"-1\" y=\"20\" font-size=\"12.5\">a</text>",
        "<text x=\"10\" y=\"20\" dy=\"0.5ex\" text-anchor=\"end\" font-size=\"12.5\">Target 1,256,188</text>",
        "<text x=\"90\" y=\"20\" font-size=\"12.5\">wide</text>",
        "<text x=\"50\" y=\"40\" font-size=\"12.5\" text-anchor=\"middle\">g</text>",
        "<text x=\"50\" y=\"2\" dy=\"0.5ex\" font-size=\"12.5\" text-anchor=\"middle\">Ể</text>",
        "<g transform=\"translate(60 0)\"><text x=\"2\" y=\"20\" font-size=\"12.5\">Không</text></g>",
        "<text x=\"2\" y=\"20\" font-size=\"12.5\" transform=\"rotate(90)\">a</text>",
    ] {
        let found = faults(&chart(bad));
        assert_eq!(found.len(), 1, "{bad}: {found:?}");
        assert!(found[0].contains("planted.svg"), "{found:?}");
    }
    let outer = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"60\" viewBox=\"0 0 120 60\"><g transform=\"translate(10 10) scale(1.5)\">{fine}</g></svg>");
    let found = faults(&outer);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("chart p"), "{found:?}");
}

/// A length in the theme's CSS, in CSS px (1rem = 16 px), from the first rule of `selector`
/// outside any media query.
fn css_length(css: &str, selector: &str, property: &str) -> f64 {
    let rule = css
        .lines()
        .find(|l| l.starts_with(&format!("{selector} {{")))
        .unwrap_or_else(|| panic!("style.css has no top-level rule for {selector}"));
    let start = rule
        .find(&format!("{property}:"))
        .unwrap_or_else(|| panic!("{selector} sets no {property}"))
        + property.len()
        + 1;
    let value = rule[start..].split(';').next().unwrap().trim();
    // `padding: 0 1rem`: the horizontal one.
    let part = value.split_whitespace().last().unwrap();
    let (number, unit) = part.split_at(part.find(|c: char| c.is_alphabetic()).unwrap());
    let n: f64 = number.parse().unwrap();
    match unit {
        "rem" | "em" => n * 16.0,
        "px" => n,
        _ => panic!("{selector} {property}: unit {unit}"),
    }
}

/// How many CSS px one chart unit takes on a page `viewport` px wide, with the theme's CSS.
fn chart_scale(viewport: f64) -> f64 {
    let css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    let content = viewport - 2.0 * css_length(&css, ".wrap", "padding");
    let cap = css_length(&css, ".chart-figure", "max-width");
    content.min(cap) / charts::WIDTH
}

#[test]
fn chart_text_is_at_least_12_px_on_a_phone_and_near_body_size_on_a_desktop() {
    let found = example();
    let (smallest, where_small) = found.smallest.clone().unwrap();
    let (largest, where_large) = found.largest.clone().unwrap();
    let phone = smallest * chart_scale(360.0);
    assert!(
        phone >= 12.0,
        "at 360 px the smallest chart text is {phone:.2} px: {where_small}"
    );
    // On a 320 px phone it may shrink a little, never below 10.5 px.
    assert!(smallest * chart_scale(320.0) >= 10.5);
    let desktop = largest * chart_scale(1280.0);
    assert!(
        (14.0..=18.0).contains(&desktop),
        "at 1280 px the largest chart text is {desktop:.2} px: {where_large}"
    );
    // The constants the charts are drawn with agree with what was found.
    assert!(charts::SMALL * chart_scale(360.0) >= 12.0);
}
