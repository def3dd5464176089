//! The Frictionless Data Package (v2) that describes the site's CSV files:
//! `data/datapackage.json`, and the one table schema they share, `data/figures.schema.json`
//! (written once and named by path from every resource: a national site has thousands of
//! CSV files, and an inline schema in each would make the package tens of megabytes).
//!
//! Only the CSV files are resources: the JSON and XLSX files hold the same rows and are
//! described by the Data page. The package's `title` is the site's Vietnamese title, its
//! `description` the English title and the site's description in both languages.

use super::columns::{Kind, COLUMNS};
use super::files::{self, Format, Scope};
use super::write::Downloads;
use serde_json::{json, Value};

/// The profile the package declares.
pub const PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";
/// The profile the schema declares.
pub const SCHEMA_PROFILE: &str = "https://datapackage.org/profiles/2.0/tableschema.json";

/// The values a column may take, when it is a closed list.
fn allowed(column: &str) -> Option<&'static [&'static str]> {
    Some(match column {
        "unit" => &["percent", "count", "persons", "vnd", "points"],
        "form" => &[
            "value",
            "ratio",
            "rate",
            "count_with_rate",
            "no_cases",
            "not_applicable",
        ],
        "state" => &["no_cases", "not_applicable"],
        "qualifier" => &["approx", "at_least"],
        _ => return None,
    })
}

/// Columns that every row fills.
fn required(column: &str) -> bool {
    matches!(
        column,
        "province"
            | "province_name_vi"
            | "province_name_en"
            | "indicator"
            | "indicator_label_vi"
            | "indicator_label_en"
            | "unit"
            | "period"
            | "period_start"
            | "period_end"
            | "form"
    )
}

/// The table schema of every CSV file: one field per column, an empty cell is missing.
pub fn schema() -> Value {
    let fields: Vec<Value> = COLUMNS
        .iter()
        .map(|c| {
            let mut field = json!({
                "name": c.name,
                "type": c.kind.schema_type(),
                "description": format!("{}\n\n{}", c.about_vi, c.about_en),
            });
            let mut constraints = serde_json::Map::new();
            if let Some(values) = allowed(c.name) {
                constraints.insert("enum".into(), json!(values));
            }
            if required(c.name) {
                constraints.insert("required".into(), json!(true));
            }
            if c.kind == Kind::Integer || c.name == "denominator" {
                constraints.insert("minimum".into(), json!(0));
            }
            if !constraints.is_empty() {
                field["constraints"] = Value::Object(constraints);
            }
            field
        })
        .collect();
    json!({
        "$schema": SCHEMA_PROFILE,
        "fields": fields,
        "missingValues": [""],
    })
}

/// A resource's name: lower case letters, digits, `-`, `.`, `_` (the profile's pattern).
fn resource_name(scope: Scope) -> String {
    match scope {
        Scope::Site => "figures".to_string(),
        Scope::Province(p) => format!("province.{p}"),
        Scope::Indicator(i) => format!("indicator.{i}"),
        Scope::Report(p, period) => format!("report.{p}.{}", period.slug()),
    }
}

/// A licence name as an identifier (`CC BY 4.0` → `CC-BY-4.0`), when it makes one.
fn licence_id(name: &str) -> Option<String> {
    let id = name.trim().replace(' ', "-");
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    ok.then_some(id)
}

/// The path of a data file relative to the package (which sits in `data/`).
fn relative(path: &str) -> &str {
    path.strip_prefix("data/").unwrap_or(path)
}

/// `datapackage.json`: the site, its licence, sources and publisher, and one resource per CSV.
pub fn package(d: &Downloads, scopes: &[Scope]) -> serde_json::Result<Vec<u8>> {
    let site = d.source.site;
    let config = &site.config;
    let mut package = serde_json::Map::new();
    package.insert("$schema".into(), json!(PROFILE));
    package.insert("name".into(), json!("figures"));
    package.insert("title".into(), json!(config.title.vi));
    let mut description = config.title.en.clone();
    if let Some(d) = &config.description {
        description = format!("{description}\n\n{}\n\n{}", d.vi, d.en);
    }
    package.insert("description".into(), json!(description));
    package.insert("homepage".into(), json!(d.source.urls.base_url));
    if let Some(l) = &config.licence {
        let mut licence = json!({ "title": l.name });
        if let Some(id) = licence_id(&l.name) {
            licence["name"] = json!(id);
        }
        if let Some(url) = &l.url {
            licence["path"] = json!(url.to_string());
        }
        if licence.get("name").is_some() || licence.get("path").is_some() {
            package.insert("licenses".into(), json!([licence]));
        }
    }
    if let Some(p) = &config.publisher {
        let mut publisher = json!({
            "title": format!("{} ({})", p.name.vi, p.name.en),
            "roles": ["publisher"],
        });
        if let Some(url) = &p.url {
            publisher["path"] = json!(url.to_string());
        }
        package.insert("contributors".into(), json!([publisher]));
    }
    let mut documents: Vec<&crate::model::ReportDocument> = site.reports.iter().collect();
    documents
        .sort_by(|a, b| (&a.province, a.period, &a.file).cmp(&(&b.province, b.period, &b.file)));
    let sources: Vec<Value> = documents
        .iter()
        .map(|doc| {
            let province = site
                .provinces
                .get(&doc.province)
                .map_or(doc.province.as_str(), |p| p.name.vi.as_str());
            let what = match (&doc.number, doc.issued) {
                (Some(n), Some(i)) => format!("{n}, {i}"),
                (Some(n), None) => n.clone(),
                (None, Some(i)) => i.to_string(),
                (None, None) => doc.file.clone(),
            };
            let mut source = json!({
                "title": format!("{} – {province}, {} ({what})", doc.issuer.vi, doc.period.key()),
            });
            if let Some(url) = &doc.url {
                source["path"] = json!(url);
            }
            source
        })
        .collect();
    if !sources.is_empty() {
        package.insert("sources".into(), Value::Array(sources));
    }
    let schema_path = relative(files::SCHEMA);
    let resources: Vec<Value> = scopes
        .iter()
        .map(|scope| {
            json!({
                "name": resource_name(*scope),
                "type": "table",
                "path": relative(&files::path(*scope, Format::Csv)),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {
                    "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
                    "header": true,
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": "\"",
                    "doubleQuote": true,
                },
                "schema": schema_path,
            })
        })
        .collect();
    package.insert("resources".into(), Value::Array(resources));
    super::json::pretty(&Value::Object(package))
}

/// `figures.schema.json`.
pub fn schema_file() -> serde_json::Result<Vec<u8>> {
    super::json::pretty(&schema())
}
